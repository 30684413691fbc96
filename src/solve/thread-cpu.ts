/**
 * CPU seconds used by the calling thread, for a solve box that counts the solver's own work rather
 * than the wall clock (issue 14: on a machine shared by several sessions a 15 s wall-clock box gave
 * a stress draw 1–6 CPU s, so what a draw reported depended on the load).
 *
 * Node 20 has no per-thread CPU clock: `process.cpuUsage()` and `process.resourceUsage()` count the
 * whole process (every pool worker and HiGHS thread), and `process.threadCpuUsage()` exists from
 * Node 23.9 only. On Linux the kernel keeps each thread's CPU time in `/proc/thread-self/stat`
 * (fields 14 and 15, user and system time in clock ticks of USER_HZ, which the kernel's user ABI
 * fixes at 100 per second), read synchronously here on the thread that asks. Elsewhere (no /proc)
 * there is no clock and the caller falls back to the wall clock.
 */
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's times (USER_HZ: 100 on every Linux user ABI). */
const TICKS_PER_SECOND = 100;

/** `process.threadCpuUsage` of Node ≥ 23.9, when this Node has it. */
const nodeThreadCpuUsage = (process as unknown as { threadCpuUsage?: () => { user: number; system: number } }).threadCpuUsage;

/** The thread's CPU seconds from the text of /proc/thread-self/stat, or null when it does not parse. */
export function cpuSecondsOfStat(statText: string): number | null {
  // Field 2 (the thread's name) is in parentheses and may hold spaces or parentheses: count fields after the last ')'.
  const afterName = statText.slice(statText.lastIndexOf(')') + 1).trim().split(/\s+/);
  // afterName[0] is field 3 (state), so fields 14 and 15 are afterName[11] and afterName[12].
  const user = Number(afterName[11]);
  const system = Number(afterName[12]);
  return Number.isFinite(user) && Number.isFinite(system) && afterName.length >= 13 ? (user + system) / TICKS_PER_SECOND : null;
}

/** CPU seconds the calling thread has used so far, or null when this platform gives no per-thread clock. */
export function threadCpuSeconds(): number | null {
  if (nodeThreadCpuUsage !== undefined) {
    const usage = nodeThreadCpuUsage();
    return (usage.user + usage.system) / 1e6;
  }
  try {
    return cpuSecondsOfStat(readFileSync('/proc/thread-self/stat', 'latin1'));
  } catch {
    return null;
  }
}
