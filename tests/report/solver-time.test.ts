/**
 * The plan's processor time (new-user review u1, 15): a plan made by planModel records the CPU
 * seconds of its solve (`cpuSeconds`, this process's, the HiGHS thread included) beside the
 * seconds on the clock; plan.json holds it; the Summary's solver line and run's console line say
 * both in words; a plan without it (an older plan.json) still reads back as a baseline and its
 * Summary says the time is clock time. No timing is asserted: only that the figure recorded is the
 * figure said.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatRunSummary } from '../../src/cli/run.js';
import { formatPlanSummary } from '../../src/cli/solve.js';
import { loadModel } from '../../src/dataset/load-model.js';
import { readBaseline } from '../../src/dataset/read-baseline.js';
import type { Dataset } from '../../src/dataset/types.js';
import { planModel } from '../../src/plan/plan-model.js';
import type { PortfolioPlan } from '../../src/plan/types.js';
import { keyFigures } from '../../src/report/plan-figures.js';
import { SHEET_NAMES } from '../../src/report/sheets/report-context.js';
import { RUN_FILES, writeRunFolder } from '../../src/report/write-run.js';
import { fixtureDataset, fixturePlan } from './fixtures.js';
import { FIXED_START, readRunWorkbook, rowStartingWith, sheetNamed, temporaryFolder, writeFixtureRun } from './helpers.js';

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});
function scratch(): string {
  const folder = temporaryFolder('infraplan-solver-time-');
  folders.push(folder);
  return folder;
}

let dataset: Dataset;
let plan: PortfolioPlan;
let runFolder: string;
beforeAll(async () => {
  dataset = await loadModel(path.resolve('tests/fixtures/tiny'));
  ({ plan } = await planModel(dataset, { marginalValues: false }));
  runFolder = await writeRunFolder({ plan, dataset, modelPath: 'tests/fixtures/tiny', scenarioPath: null, startedAt: FIXED_START }, { outDir: scratch() });
});

describe('a plan made by planModel', () => {
  it('records the CPU seconds of its solve, and plan.json holds them beside the seconds on the clock', () => {
    expect(plan.cpuSeconds).toBeDefined();
    expect(Number.isFinite(plan.cpuSeconds)).toBe(true);
    expect(plan.cpuSeconds).toBeGreaterThanOrEqual(0);
    const saved = JSON.parse(readFileSync(path.join(runFolder, RUN_FILES.plan), 'utf8')) as { plan: Record<string, unknown> };
    expect(saved.plan.seconds).toBe(plan.seconds);
    expect(saved.plan.cpuSeconds).toBe(plan.cpuSeconds);
  });

  it('says both on the Summary: the seconds on the clock in the cell, the processor time beside them', async () => {
    const row = rowStartingWith(sheetNamed(await readRunWorkbook(runFolder), SHEET_NAMES.summary), 'Solver time');
    expect(row.getCell(1).value).toBe('Solver time (seconds on the clock)');
    expect(row.getCell(2).value).toBe(plan.seconds);
    expect(String(row.getCell(3).value)).toBe(
      `and ${plan.cpuSeconds!.toFixed(1)} s of processor time. The time on the clock grows with the machine's load; processor time hardly does`,
    );
  });

  it('manifest.json and the Run manifest sheet hold the CPU seconds beside the seconds on the clock (review u2, 14)', async () => {
    const manifest = JSON.parse(readFileSync(path.join(runFolder, RUN_FILES.manifest), 'utf8')) as { seconds: number; cpuSeconds?: number };
    expect(manifest.seconds).toBe(plan.seconds);
    expect(manifest.cpuSeconds).toBe(plan.cpuSeconds);
    const workbook = await readRunWorkbook(runFolder);
    const manifestSheet = workbook.worksheets[workbook.worksheets.length - 1]!;
    expect(rowStartingWith(manifestSheet, 'Solver CPU seconds').getCell(2).value).toBe(plan.cpuSeconds);
    expect(rowStartingWith(manifestSheet, 'Solver seconds (wall-clock)').getCell(2).value).toBe(plan.seconds);
    // The Summary's technical box says what the status code means in words, not "Proven optimal".
    const status = rowStartingWith(sheetNamed(workbook, SHEET_NAMES.summary), 'Solve status');
    expect(String(status.getCell(3).value)).toMatch(/^The plan is proven (the best possible|within \d+\.\d\d% of the best possible)/);
    expect(String(status.getCell(3).value)).not.toMatch(/Proven optimal/);
  });

  it('reads back as a baseline with the new key, and so does a plan.json written before it', async () => {
    const withCpu = await readBaseline(runFolder);
    const older = path.join(scratch(), 'plan.json');
    const document = JSON.parse(readFileSync(path.join(runFolder, RUN_FILES.plan), 'utf8')) as { plan: Record<string, unknown> };
    delete document.plan.cpuSeconds;
    writeFileSync(older, JSON.stringify(document));
    const withoutCpu = await readBaseline(older);
    expect(withoutCpu.startYearByProjectId).toEqual(withCpu.startYearByProjectId);
  });
});

describe("run's console line", () => {
  it('says the solver time on the clock and the processor time in words, or the clock time alone when the plan has none', () => {
    const fixture = fixturePlan();
    const figures = keyFigures(fixture, fixtureDataset());
    const line = (text: string): string => text.split('\n')[1];
    const withCpu = formatRunSummary({ runFolder: '/tmp/runs/tiny', plan: { ...fixture, seconds: 35.44, cpuSeconds: 38.16 }, figures, lapses: [], pricedNeedNote: null });
    expect(line(withCpu)).toMatch(/ · solver time 35\.4 s on the clock, 38\.2 s of processor time$/);
    const without = formatRunSummary({ runFolder: '/tmp/runs/tiny', plan: fixture, figures, lapses: [], pricedNeedNote: null });
    expect(fixture.cpuSeconds).toBeUndefined();
    expect(line(without)).toMatch(/ · solver time 0\.0 s on the clock$/);
  });
});

describe("solve's console line", () => {
  it('says the proven gap in words and the solver time on the clock and in processor time, as run does', () => {
    const fixture = { ...fixturePlan(), seconds: 23.71, cpuSeconds: 25.06, gap: 0.0074 };
    expect(formatPlanSummary(fixture).split('\n')[1]).toBe('plan proven within 0.74% of the best possible; solver time 23.7 s on the clock, 25.1 s of processor time');
    expect(formatPlanSummary({ ...fixture, cpuSeconds: undefined }).split('\n')[1]).toBe('plan proven within 0.74% of the best possible; solver time 23.7 s on the clock');
  });
});

describe('a plan without processor time (an older plan.json, a hand-made fixture)', () => {
  it('writes no cpuSeconds to plan.json or manifest.json and says on the Summary that its time is clock time', async () => {
    const folder = await writeFixtureRun(scratch());
    const saved = JSON.parse(readFileSync(path.join(folder, RUN_FILES.plan), 'utf8')) as { plan: Record<string, unknown> };
    expect(saved.plan).not.toHaveProperty('cpuSeconds');
    expect(JSON.parse(readFileSync(path.join(folder, RUN_FILES.manifest), 'utf8'))).not.toHaveProperty('cpuSeconds');
    const row = rowStartingWith(sheetNamed(await readRunWorkbook(folder), SHEET_NAMES.summary), 'Solver time');
    expect(row.getCell(2).value).toBe(0.042);
    expect(String(row.getCell(3).value)).toBe("Time on the clock, not processor time: it grows with the machine's load");
  });
});
