/**
 * `run` end to end on the tiny test model: the real pipeline (load, scenario, solve, check) writes a
 * run folder whose workbook totals equal the Plan recomputed from its own spending lines, and the
 * CLI prints the folder, refuses to overwrite, and exits 1 when there is no plan.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runModel } from '../../src/pipeline/run-model.js';
import { runInProcess } from '../cli/in-process.js';
import { SHEET_NAMES } from '../../src/report/sheets/report-context.js';
import { SUMMARY_CELLS } from '../../src/report/sheets/summary-sheet.js';
import { RUN_FILES } from '../../src/report/write-run.js';
import { columnStartingWith, formulaCell, readRunWorkbook, rowStartingWith, sheetNamed, temporaryFolder } from '../report/helpers.js';
import type { PlanDocument } from '../../src/report/json-output.js';
import { expectClose, RAND } from '../tolerance.js';

const TINY_MODEL = path.resolve('tests/fixtures/tiny');
const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** Run the built CLI (dist/, built by tests/global-setup.ts when stale) and capture its output and exit code. */
function runCli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [path.resolve('bin/infraplan.js'), ...args], { encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('runModel on the tiny model', () => {
  it('writes a run folder whose workbook totals equal the plan', async () => {
    const outDir = temporaryFolder();
    folders.push(outDir);
    const startedAt = new Date(Date.UTC(2026, 5, 30, 23, 59, 58));
    const result = await runModel({ model: TINY_MODEL, outDir, now: () => startedAt });
    expect(result.plan.status).toBe('optimal');
    expect(result.runFolder).toBe(path.join(outDir, 'tiny-baseline-20260630-235958'));

    const saved = JSON.parse(readFileSync(path.join(result.runFolder!, RUN_FILES.plan), 'utf8')) as { plan: PlanDocument };
    const spentRand = saved.plan.projects.flatMap((project) => project.spending).reduce((sum, line) => sum + line.amountRand, 0);
    const envelopeRand = saved.plan.envelopeUse.reduce((sum, use) => sum + use.envelopeRand, 0);
    expect(spentRand).toBeGreaterThan(0);

    const workbook = await readRunWorkbook(result.runFolder!);
    const summary = sheetNamed(workbook, SHEET_NAMES.summary);
    expectClose(formulaCell(summary.getCell(SUMMARY_CELLS.plannedSpending)).result, spentRand, RAND);
    expectClose(formulaCell(summary.getCell(SUMMARY_CELLS.envelopeTotal)).result, envelopeRand, RAND);
    const funded = sheetNamed(workbook, SHEET_NAMES.fundedProjects);
    const capexRand = saved.plan.projects.filter((project) => project.funded).reduce((sum, project) => sum + project.capexRand, 0);
    expectClose(formulaCell(rowStartingWith(funded, 'Total').getCell(columnStartingWith(funded, 3, 'Capex'))).result, capexRand, RAND);

    const manifest = JSON.parse(readFileSync(path.join(result.runFolder!, RUN_FILES.manifest), 'utf8'));
    expect(manifest.inputs.map((input: { path: string }) => path.basename(input.path)).sort()).toEqual(
      expect.arrayContaining(['funding.csv', 'model.yaml', 'needs.csv', 'projects.csv']),
    );
    for (const input of manifest.inputs) expect(input.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('infraplan run (command line)', () => {
  it('prints the run folder and key figures on stdout, and nothing on stderr with --quiet', () => {
    const outDir = temporaryFolder();
    folders.push(outDir);
    // --quiet: run logs a line per stage on stderr (tests/cli/run-console-progress.test.ts); without them stderr holds nothing.
    const first = runCli(['run', TINY_MODEL, '--out', outDir, '--quiet']);
    expect(first.status, first.stderr).toBe(0);
    const runFolder = first.stdout.split('\n')[0];
    expect(path.dirname(runFolder)).toBe(outDir);
    expect(first.stdout).toContain('planned spending R');
    expect(first.stderr).toBe(''); // no progress output with --quiet, and no terminal codes in a pipe
    expect(readdirSync(runFolder)).toContain(RUN_FILES.workbook);
  });

  // The two refusals run the command line in this process (tests/cli/in-process.ts): the first case
  // above is the child process a shell sees; these test the messages and exit codes.
  it('exits 1 without a stack trace when the model is infeasible, and writes nothing', async () => {
    const outDir = temporaryFolder();
    folders.push(outDir);
    // With no money at all, the committed projects and floors of the tiny model cannot be met.
    const result = await runInProcess(['run', TINY_MODEL, '--out', outDir, '--budget-scale', '0']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('status infeasible');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(outDir)).toEqual([]);
  });

  it('gives the diagnosis of an infeasible model as the reason and the plan\'s other notes as notes', async () => {
    const outDir = temporaryFolder();
    folders.push(outDir);
    // The master-plan fixture has notes of its own (its register), which are not reasons (review u4, finding 19).
    const result = await runInProcess(['run', 'tests/fixtures/masterplan', '--out', outDir, '--budget-scale', '0']);
    expect(result.code).toBe(1);
    const bullets = result.stderr.split('\n').filter((line) => /^ {2}(- |note: )/.test(line));
    expect(bullets[0]).toMatch(/^ {2}- No plan meets every rule/);
    expect(bullets.length).toBeGreaterThan(1);
    expect(bullets.slice(1).every((line) => line.startsWith('  note: '))).toBe(true);
    expect(bullets.some((line) => line.startsWith('  note: master plan: '))).toBe(true);
    expect(readdirSync(outDir)).toEqual([]);
  });

  it('exits 1 naming file, row and column for invalid input', async () => {
    const outDir = temporaryFolder();
    folders.push(outDir);
    const result = await runInProcess(['run', path.resolve('tests/fixtures/broken/several-problems'), '--out', outDir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/projects\.csv, row 3, column capex_rand/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
