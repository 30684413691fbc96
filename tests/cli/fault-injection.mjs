/**
 * A preload for the command-line tests (`node --import ./tests/cli/fault-injection.mjs
 * bin/infraplan.js ...`): it wraps node:fs/promises so a child process can be stopped, crashed or
 * given a full disk at one exact file operation, deterministically, with no timing involved. The
 * production code has no test hooks; this module patches the built-in module's exports before the
 * CLI is loaded (syncBuiltinESMExports makes ES-module imports see the wrapped functions).
 *
 * INFRAPLAN_TEST_FAULT is JSON: { "on": "open" | "rename", "match": "<regular expression>",
 * "action": "pause" | "enospc" | "kill" }. The expression is tested against the path opened, or
 * the source path of a rename.
 * - pause: print `fault: paused at <path>` on stderr and wait forever (until a signal arrives);
 * - enospc (open only): the file opens, half of what is written reaches it, then the write fails
 *   with ENOSPC as a full disk does;
 * - kill: the process kills itself with SIGKILL before the operation, as a power cut would.
 * INFRAPLAN_TEST_CLOCK (an ISO time) fixes `new Date()` and `Date.now()`, so that run folder names
 * are known in advance.
 * INFRAPLAN_TEST_MARK_SOLVES=1 prints `test: the solver is working` on stderr, once, when a worker
 * thread first reports progress or a solution of a solve in progress (the HiGHS worker's
 * `progress` and `incumbent` replies), so a test can interrupt a real solve, not a file read.
 */
import fsPromises from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import { Worker } from 'node:worker_threads';

const fault = process.env.INFRAPLAN_TEST_FAULT ? JSON.parse(process.env.INFRAPLAN_TEST_FAULT) : null;
const matches = (target) => fault !== null && new RegExp(fault.match, 'u').test(String(target));

function pauseForever(target) {
  process.stderr.write(`fault: paused at ${target}\n`);
  // A pending promise alone does not keep Node alive; the timer does, until a signal ends the process.
  setInterval(() => undefined, 1 << 30);
  return new Promise(() => undefined);
}

function noSpaceError() {
  const error = new Error('ENOSPC: no space left on device, write');
  error.code = 'ENOSPC';
  error.errno = -28;
  error.syscall = 'write';
  return error;
}

if (fault !== null) {
  const realOpen = fsPromises.open;
  const realRename = fsPromises.rename;
  if (fault.on === 'open') {
    fsPromises.open = async (target, ...rest) => {
      if (!matches(target)) return realOpen(target, ...rest);
      if (fault.action === 'pause') return pauseForever(target);
      if (fault.action === 'kill') {
        process.kill(process.pid, 'SIGKILL');
        return new Promise(() => undefined);
      }
      const handle = await realOpen(target, ...rest);
      handle.writeFile = async (data) => {
        const bytes = Buffer.from(data);
        await handle.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
        throw noSpaceError();
      };
      return handle;
    };
  }
  if (fault.on === 'rename') {
    fsPromises.rename = async (from, to) => {
      if (!matches(from)) return realRename(from, to);
      if (fault.action === 'pause') return pauseForever(from);
      if (fault.action === 'kill') {
        process.kill(process.pid, 'SIGKILL');
        return new Promise(() => undefined);
      }
      return realRename(from, to);
    };
  }
  syncBuiltinESMExports();
}

if (process.env.INFRAPLAN_TEST_CLOCK) {
  const fixed = Date.parse(process.env.INFRAPLAN_TEST_CLOCK);
  const RealDate = Date;
  class FixedDate extends RealDate {
    constructor(...values) {
      if (values.length === 0) super(fixed);
      else super(...values);
    }
    static now() {
      return fixed;
    }
  }
  globalThis.Date = FixedDate;
}

if (process.env.INFRAPLAN_TEST_MARK_SOLVES === '1') {
  // Worker messages reach their listeners through emit('message', ...): watch them there, for workers only.
  const realEmit = Worker.prototype.emit;
  let marked = false;
  Worker.prototype.emit = function emit(event, ...args) {
    const reply = args[0];
    if (!marked && event === 'message' && reply !== null && typeof reply === 'object' && (reply.kind === 'progress' || reply.kind === 'incumbent')) {
      marked = true;
      process.stderr.write('test: the solver is working\n');
    }
    return realEmit.call(this, event, ...args);
  };
}
