/**
 * What `run` and `solve` print when the solve ends without a plan. javascript-lp-solver cannot
 * solve the Western Cape portfolio in half a second on any machine (its first LP relaxation alone
 * takes minutes, see docs/engines.md), so the time-limit path is certain; nothing is asserted on
 * elapsed time.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UserFacingError, EXIT_INVALID } from '../../src/errors/exit-codes.js';
import { runCommand, type RunArguments } from '../../src/cli/run.js';
import { solveCommand, type SolveArguments } from '../../src/cli/solve.js';

const folders: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** Arguments as yargs would hand them to a handler. */
function argv<T>(values: T): T & { _: string[]; $0: string } {
  return { _: [], $0: 'infraplan', ...values };
}

describe('no plan within the time limit', () => {
  it('run writes no run folder and says why and which engine and settings would give a plan', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'infraplan-no-plan-'));
    folders.push(out);
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const handler = runCommand.handler as (args: RunArguments) => Promise<void>;
    const failure = await handler(argv({ model: 'models/western-cape', out, solver: 'jslp', timeLimit: 0.5 })).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(UserFacingError);
    const { message, exitCode } = failure as UserFacingError;
    expect(exitCode).toBe(EXIT_INVALID);
    expect(message).toContain('No plan to report: the solver stopped at its time limit before it found any plan (status time_limit); no run folder was written.');
    expect(message).toContain('--solver highs');
    expect(message).toMatch(/--time-limit \d+/);
    for (const figure of ['funded', 'planned spending', 'households served']) expect(message).not.toContain(figure);
    expect(stdout).not.toHaveBeenCalled();
    expect(readdirSync(out)).toEqual([]);
  }, 60_000);

  it('solve prints the status and the advice, and no plan tables', async () => {
    const printed: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed.push(String(chunk));
      return true;
    });
    const handler = solveCommand.handler as (args: SolveArguments) => Promise<void>;
    await handler(argv({ model: 'models/western-cape', solver: 'jslp', timeLimit: 0.5, formulation: 'portfolio', json: false }));
    const text = printed.join('');
    expect(process.exitCode).toBe(EXIT_INVALID);
    expect(text).toContain('status time_limit: no plan');
    expect(text).toContain('--solver highs');
    for (const figure of ['funded', 'capex', 'benefit', 'spending by source']) expect(text).not.toContain(figure);
  }, 60_000);
});
