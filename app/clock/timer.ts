/** Runs `run` after `ms`; returns what cancels it. Injected so tests can drive time by hand. */
export type Schedule = (run: () => void, ms: number) => () => void;

export const scheduleWithTimeout: Schedule = (run, ms) => {
  const timer = setTimeout(run, ms);
  return () => clearTimeout(timer);
};
