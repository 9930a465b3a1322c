/**
 * CPU time spent by processes, read from Linux's /proc: what a bench needs to turn a rate into
 * cores (µs of CPU per request, for the platform and for PostgreSQL apart). Ticks are 1/100 s
 * (USER_HZ on Linux), so a measured window should last seconds.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICK_SECONDS = 0.01;

/** utime + stime + cutime + cstime of one process, in seconds; 0 if it is gone. */
function secondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime, stime, cutime, cstime are fields 14–17 of the whole line: 12–15 after "state".
    const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i] ?? 0), 0);
    return ticks * TICK_SECONDS;
  } catch {
    return 0;
  }
}

/** CPU seconds of every process named `postgres` on this machine (the bench's own server). */
function postgresSeconds(): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'postgres') continue;
    } catch {
      continue;
    }
    total += secondsOf(Number(entry));
  }
  return total;
}

/**
 * Starts counting the CPU of a platform process and of PostgreSQL; what it returns gives, after
 * the measured requests, each one's µs per request.
 */
export function cpuMeter(platformPid: number) {
  const before = { platform: secondsOf(platformPid), postgres: postgresSeconds() };
  const perRequestUs = (seconds: number, requests: number) =>
    Math.round((seconds / requests) * 1e6);
  return (requests: number): { platformUs: number; postgresUs: number } => ({
    platformUs: perRequestUs(secondsOf(platformPid) - before.platform, requests),
    postgresUs: perRequestUs(postgresSeconds() - before.postgres, requests),
  });
}
