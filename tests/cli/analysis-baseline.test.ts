/**
 * The analysis commands with `--baseline` and `--lock-years` through the command line (in this
 * process, tests/cli/in-process.ts), on the tiny model: a run that fails leaves no `--out` folder
 * it created, and an invalid `--lock-years` gets one message naming the option wherever it is
 * caught (before or after the model is read).
 */
import { mkdtemp, readdir, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TINY_MODEL } from './cli-process.js';
import { runInProcess as runCli } from './in-process.js';

/** True when the path exists. */
async function exists(target: string): Promise<boolean> {
  return (await stat(target).catch(() => null)) !== null;
}

/** A run folder of the tiny model to use as --baseline, made once. */
let baselineFolder: Promise<string> | null = null;
function tinyBaseline(): Promise<string> {
  baselineFolder ??= (async () => {
    const outDir = await mkdtemp(path.join(os.tmpdir(), 'infraplan-analysis-baseline-'));
    const first = await runCli(['run', TINY_MODEL, '--out', outDir]);
    expect(first.code, first.stderr).toBe(0);
    const [folder] = await readdir(outDir);
    return path.join(outDir, folder);
  })();
  return baselineFolder;
}

describe('a failed analysis run leaves no --out folder behind', () => {
  const cases: readonly (readonly string[])[] = [
    ['compare', 'no-such-scenario.yaml', '--model', TINY_MODEL],
    ['sweep', TINY_MODEL, '--budget-scale', '0.5:1:2', '--lock-years', '2'],
    ['stress', TINY_MODEL, '--draws', '2', '--lock-years', '2'],
    ['frontier', TINY_MODEL, '--points', '2', '--scenario', 'no-such-scenario.yaml'],
  ];
  for (const args of cases) {
    it(`${args[0]}: exit 1, the folders created for --out are removed again`, async () => {
      const parent = await mkdtemp(path.join(os.tmpdir(), 'infraplan-failed-out-'));
      const outDir = path.join(parent, 'new', 'reports');
      const outcome = await runCli([...args, '--out', outDir, '--workers', '1']);
      expect(outcome.code, outcome.stderr).toBe(1);
      expect(outcome.stderr).not.toMatch(/\n\s+at /);
      expect(await exists(path.join(parent, 'new'))).toBe(false);
      expect(await readdir(parent)).toEqual([]);
    });
  }

  it('export-lp: a failed build leaves no folder created for --output', async () => {
    const parent = await mkdtemp(path.join(os.tmpdir(), 'infraplan-failed-out-'));
    const outcome = await runCli(['export-lp', TINY_MODEL, '--scenario', 'no-such-scenario.yaml', '--output', path.join(parent, 'lp', 'plan.lp')]);
    expect(outcome.code, outcome.stderr).toBe(1);
    expect(await readdir(parent)).toEqual([]);
  });

  it('an --out folder the user had stays, with what was in it', async () => {
    const outDir = await mkdtemp(path.join(os.tmpdir(), 'infraplan-failed-out-'));
    const outcome = await runCli(['stress', TINY_MODEL, '--draws', '2', '--lock-years', '2', '--out', outDir]);
    expect(outcome.code).toBe(1);
    expect(await exists(outDir)).toBe(true);
  });
});

describe('one --lock-years message', () => {
  const expected = /--lock-years.*expected a whole number of years from 1 to (the length of the horizon|the horizon's \d+) \(the first years of the baseline to keep\), got /;
  for (const value of ['0', '1.5', 'two']) {
    it(`--lock-years ${value} is refused before the model is read, naming the option`, async () => {
      const baseline = await tinyBaseline();
      const outcome = await runCli(['sweep', TINY_MODEL, '--budget-scale', '0.5:1:2', '--baseline', baseline, '--lock-years', value, '--out', path.join(os.tmpdir(), 'never-made-lock')]);
      expect(outcome.code).toBe(1);
      expect(outcome.stderr).toMatch(expected);
      expect(outcome.stderr).toContain(value === 'two' ? 'got "two"' : `got ${value}`);
    });
  }

  it('more years than the horizon is refused with the same words and the horizon\'s length', async () => {
    const baseline = await tinyBaseline();
    const outcome = await runCli(['solve', TINY_MODEL, '--baseline', baseline, '--lock-years', '99']);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toMatch(/--lock-years.*expected a whole number of years from 1 to the horizon's \d+ \(the first years of the baseline to keep\), got 99/);
  });
});

describe('--baseline and --lock-years on solve --formulation allocation, export-lp and frontier', () => {
  it('solve --formulation allocation refuses --baseline, naming the option', async () => {
    const baseline = await tinyBaseline();
    const outcome = await runCli(['solve', TINY_MODEL, '--formulation', 'allocation', '--baseline', baseline]);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toMatch(/--baseline.*works with the portfolio formulation only/);
    expect(outcome.stderr).not.toMatch(/\n\s+at /);
  });

  it('export-lp writes the lock as bounds: the same rows as without it, the locked starts fixed', async () => {
    const baseline = await tinyBaseline();
    const folder = await mkdtemp(path.join(os.tmpdir(), 'infraplan-lp-lock-'));
    const plain = await runCli(['export-lp', TINY_MODEL, '-o', path.join(folder, 'plain.lp')]);
    const locked = await runCli(['export-lp', TINY_MODEL, '-o', path.join(folder, 'locked.lp'), '--baseline', baseline, '--lock-years', '2']);
    expect(plain.code, plain.stderr).toBe(0);
    expect(locked.code, locked.stderr).toBe(0);
    const rows = (text: string): number => Number(/(\d+) constraints/.exec(text)?.[1]);
    expect(rows(locked.stdout)).toBe(rows(plain.stdout));
    const { readFile } = await import('node:fs/promises');
    const boundsOf = async (file: string): Promise<string[]> => {
      const text = await readFile(path.join(folder, file), 'utf8');
      return text.slice(text.indexOf('\nBounds')).split('\n').filter((line) => / = [01]$/.test(line));
    };
    const fixedPlain = await boundsOf('plain.lp');
    const fixedLocked = await boundsOf('locked.lp');
    const plan = JSON.parse(await readFile(path.join(baseline, 'plan.json'), 'utf8')) as { plan: { projects: { id: string; startYear: number | null }[] } };
    // WC011-S-01 is committed with its one start 2026/27, so the lock adds nothing to it (review u4, finding 18): no lock on it.
    const heldAnyway = new Set(['WC011-S-01']);
    const lockedStarts = plan.plan.projects.filter((project) => project.startYear !== null && project.startYear <= 2027 && !heldAnyway.has(project.id)).length;
    expect(fixedLocked.filter((line) => line.endsWith('= 1')).length - fixedPlain.filter((line) => line.endsWith('= 1')).length).toBe(lockedStarts);
    expect(fixedLocked.length).toBeGreaterThan(fixedPlain.length + lockedStarts);
  });

  it('export-lp refuses --baseline without --lock-years, naming the option', async () => {
    const baseline = await tinyBaseline();
    const folder = await mkdtemp(path.join(os.tmpdir(), 'infraplan-lp-lock-'));
    const outcome = await runCli(['export-lp', TINY_MODEL, '-o', path.join(folder, 'x.lp'), '--baseline', baseline]);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toMatch(/--baseline.*give --lock-years N with it/);
    expect(await readdir(folder)).toEqual([]);
  });

  it('frontier takes --baseline and --lock-years', async () => {
    const baseline = await tinyBaseline();
    const outDir = await mkdtemp(path.join(os.tmpdir(), 'infraplan-frontier-lock-'));
    const outcome = await runCli(['frontier', TINY_MODEL, '--points', '2', '--baseline', baseline, '--lock-years', '2', '--out', outDir, '--workers', '1', '--json']);
    expect(outcome.code, outcome.stderr).toBe(0);
    const document = JSON.parse(outcome.stdout) as { frontier: { currentPlan: { status: string } } };
    expect(['optimal', 'feasible']).toContain(document.frontier.currentPlan.status);
  });
});

describe('lockRowsAsBounds', () => {
  it('keeps the same optimum as the lock rows it replaces', async () => {
    const { lockRowsAsBounds } = await import('../../src/cli/export-lp.js');
    const { resolveRun } = await import('../../src/pipeline/resolve-run.js');
    const { applyBaseline } = await import('../../src/pipeline/baseline-run.js');
    const { buildRunProgram } = await import('../../src/pipeline/plan-run.js');
    const { highsEngine } = await import('../../src/solve/highs-engine.js');
    const baseline = await tinyBaseline();
    const { run } = await applyBaseline(await resolveRun({ model: TINY_MODEL }), { baselinePath: baseline, lockYears: 2 });
    const { program } = buildRunProgram(run);
    const bounded = lockRowsAsBounds(program);
    expect(bounded.constraints.some((row) => row.group === 'baseline_lock')).toBe(false);
    expect(program.constraints.some((row) => row.group === 'baseline_lock')).toBe(true);
    const [withRows, withBounds] = await Promise.all([highsEngine.solve(program, { relativeGap: 0 }), highsEngine.solve(bounded, { relativeGap: 0 })]);
    expect(withBounds.status).toBe('optimal');
    expect(withBounds.objective).toBeCloseTo(withRows.objective ?? Number.NaN, 6);
  });
});

describe('every analysis output states the baseline, its lock years and the decisions changed', () => {
  const line = /baseline .*plan\.json, first 2 years locked \(--lock-years 2\): decisions changed against it: /;

  /** The text of every cell of a workbook. */
  async function workbookText(file: string): Promise<string> {
    const { loadExcelJs } = await import('../../src/dataset/excel-module.js');
    const ExcelJS = loadExcelJs();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const texts: string[] = [];
    workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => texts.push(String(cell.value)))));
    return texts.join('\n');
  }

  const cases: readonly { readonly args: readonly string[]; readonly json: string; readonly workbook: string; readonly read: (document: Record<string, unknown>) => unknown }[] = [
    { args: ['sweep', TINY_MODEL, '--budget-scale', '0.8:1:2'], json: 'sweep.json', workbook: 'sweep.xlsx', read: (document) => document.baselineLine },
    { args: ['stress', TINY_MODEL, '--draws', '2'], json: 'stress.json', workbook: 'stress.xlsx', read: (document) => (document.solving as Record<string, unknown>).baselineLine },
    { args: ['frontier', TINY_MODEL, '--points', '2'], json: 'frontier.json', workbook: 'frontier.xlsx', read: (document) => document.baselineLine },
  ];
  for (const { args, json, workbook, read } of cases) {
    it(`${args[0]}: console, ${json} and ${workbook}`, async () => {
      const baseline = await tinyBaseline();
      const outDir = await mkdtemp(path.join(os.tmpdir(), 'infraplan-baseline-line-'));
      const outcome = await runCli([...args, '--baseline', baseline, '--lock-years', '2', '--out', outDir, '--workers', '1', '--gap', '0.01']);
      expect(outcome.code, outcome.stderr).toBe(0);
      expect(outcome.stdout).toMatch(line);
      const [folder] = await readdir(outDir);
      const { readFile } = await import('node:fs/promises');
      const document = JSON.parse(await readFile(path.join(outDir, folder, json), 'utf8')) as Record<string, unknown>;
      expect(String(read(document))).toMatch(line);
      expect(await workbookText(path.join(outDir, folder, workbook))).toMatch(new RegExp(`Baseline: ${line.source}`));
    });
  }

  it('compare: console, comparison.json and the Key figures notes, with each scenario\'s count', async () => {
    const baseline = await tinyBaseline();
    const outDir = await mkdtemp(path.join(os.tmpdir(), 'infraplan-baseline-line-'));
    const { writeFile } = await import('node:fs/promises');
    const keep = path.join(outDir, 'keep.yaml');
    await writeFile(keep, 'name: keep\n');
    const scenario = path.join(outDir, 'more.yaml');
    await writeFile(scenario, 'name: more\nbudget_scale: 1.3\n');
    const reports = path.join(outDir, 'reports');
    const outcome = await runCli(['compare', keep, scenario, '--model', TINY_MODEL, '--baseline', baseline, '--lock-years', '2', '--out', reports, '--workers', '1']);
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(outcome.stdout).toMatch(new RegExp(`${line.source}keep 0 funding and 0 start-year changes?; more \\d+ funding and \\d+ start-year changes?`));
    const [folder] = await readdir(reports);
    const { readFile } = await import('node:fs/promises');
    const document = JSON.parse(await readFile(path.join(reports, folder, 'comparison.json'), 'utf8')) as { baselineLine: string };
    expect(document.baselineLine).toMatch(line);
    expect(await workbookText(path.join(reports, folder, 'comparison.xlsx'))).toMatch(new RegExp(`Baseline: ${line.source}`));
  });
});
