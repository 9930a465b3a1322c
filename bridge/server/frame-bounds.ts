/** The largest frame a connection may send; a larger one closes it (1009) unread. */
export const MAX_FRAME_BYTES = 64 * 1024;
/**
 * Frames one connection may send in a second (each at most 64 KiB); the app sends a few. A
 * connection over it is closed (1008): every frame is answered, so a flood costs the bridge work
 * however small its frames.
 */
export const MAX_FRAMES_PER_SECOND = 2_000;
/** The close code for a connection over that rate (RFC 6455 § 7.4.1: policy violation). */
export const CLOSE_POLICY_VIOLATION = 1008;

/** The second (Date.now() / 1000) a connection's frames are being counted in, and how many came. */
export interface FrameCount {
  second: number;
  frames: number;
}

export const noFramesYet = (): FrameCount => ({ second: 0, frames: 0 });

/** Counts one more frame; whether the connection is still within MAX_FRAMES_PER_SECOND. */
export function withinRate(count: FrameCount, now = Date.now()): boolean {
  const second = Math.floor(now / 1000);
  if (second !== count.second) {
    count.second = second;
    count.frames = 0;
  }
  count.frames += 1;
  return count.frames <= MAX_FRAMES_PER_SECOND;
}
