/**
 * The run folder is written atomically: a second run of the same name is refused without --force
 * and loses nothing, --force replaces it, and an error mid-write leaves neither a run folder nor a
 * temporary folder behind.
 */
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RUN_FILES, RunFolderExistsError, runFolderName, utcStamp, writeRunFolder } from '../../src/report/write-run.js';
import type { RunManifest } from '../../src/report/manifest.js';
import { fixtureDataset, fixturePlan } from './fixtures.js';
import { FIXED_START, FIXTURE_RUN_NAME, temporaryFolder, writeFixtureRun } from './helpers.js';

let outDir: string;
beforeEach(() => {
  outDir = temporaryFolder();
});
afterEach(() => rmSync(outDir, { recursive: true, force: true }));

describe('run folder', () => {
  it('is named <model>-<scenario>-<UTC stamp> and holds the workbook, charts, plan.json and manifest.json', async () => {
    const runFolder = await writeFixtureRun(outDir);
    expect(path.basename(runFolder)).toBe(FIXTURE_RUN_NAME);
    expect(readdirSync(outDir)).toEqual([FIXTURE_RUN_NAME]);
    expect(readdirSync(runFolder).sort()).toEqual(['charts', RUN_FILES.workbook, RUN_FILES.manifest, RUN_FILES.plan].sort());
    expect(readdirSync(path.join(runFolder, 'charts'))).toHaveLength(4);
    const plan = JSON.parse(readFileSync(path.join(runFolder, RUN_FILES.plan), 'utf8'));
    expect(plan.plan.benefit.total).toBe(5200);
  });

  it('writes a manifest with version, timestamps, input hashes, scenario, engine and outcome', async () => {
    const runFolder = await writeFixtureRun(outDir);
    const manifest = JSON.parse(readFileSync(path.join(runFolder, RUN_FILES.manifest), 'utf8')) as RunManifest;
    const packageJson = JSON.parse(readFileSync(path.resolve('package.json'), 'utf8')) as { version: string };
    expect(manifest.tool).toEqual({ name: 'infraplan', version: packageJson.version });
    expect(manifest.nodeVersion).toBe(process.version);
    expect(manifest.startedUtc).toBe('2026-04-01T08:30:00.000Z');
    expect(manifest.finishedUtc).toBe('2026-04-01T08:30:05.000Z');
    expect(manifest.inputs).toEqual(fixtureDataset().sourceFiles);
    expect(manifest.scenario).toEqual({ name: 'baseline', path: 'scenarios/test.yaml', overridesApplied: ['policy.min_sanitation_share = 0.2 (scenarios/test.yaml)'] });
    expect(manifest).toMatchObject({ engine: 'highs', status: 'optimal', objective: 5200, bound: 5200, gap: 0, seconds: 0.042 });
    for (const file of manifest.files) expect(existsSync(path.join(runFolder, file)), file).toBe(true);
  });

  it('refuses a second run of the same name without force and loses nothing', async () => {
    const runFolder = await writeFixtureRun(outDir);
    const marker = path.join(runFolder, 'reviewer-notes.txt');
    writeFileSync(marker, 'keep me');
    const workbookBytes = readFileSync(path.join(runFolder, RUN_FILES.workbook));
    await expect(writeFixtureRun(outDir)).rejects.toBeInstanceOf(RunFolderExistsError);
    expect(readFileSync(marker, 'utf8')).toBe('keep me');
    expect(readFileSync(path.join(runFolder, RUN_FILES.workbook)).equals(workbookBytes)).toBe(true);
    expect(readdirSync(outDir)).toEqual([FIXTURE_RUN_NAME]);
  });

  it('replaces the run folder with force', async () => {
    const runFolder = await writeFixtureRun(outDir);
    const marker = path.join(runFolder, 'reviewer-notes.txt');
    writeFileSync(marker, 'old run');
    const replaced = await writeFixtureRun(outDir, true);
    expect(replaced).toBe(runFolder);
    expect(existsSync(marker)).toBe(false);
    expect(statSync(path.join(runFolder, RUN_FILES.workbook)).size).toBeGreaterThan(0);
    expect(readdirSync(outDir)).toEqual([FIXTURE_RUN_NAME]);
  });

  it.each(['charts', 'workbook', 'json', 'commit'] as const)('leaves no run folder and no temporary folder when the %s step fails', async (failingStep) => {
    const failure = new Error(`interrupted at ${failingStep}`);
    await expect(
      writeRunFolder(
        { plan: fixturePlan(), dataset: fixtureDataset(), modelPath: null, scenarioPath: null, startedAt: FIXED_START },
        {
          outDir,
          onStep: (step) => {
            if (step === failingStep) throw failure;
          },
        },
      ),
    ).rejects.toBe(failure);
    expect(readdirSync(outDir)).toEqual([]);
  });

  it('keeps the old run when a forced replacement fails mid-write', async () => {
    const runFolder = await writeFixtureRun(outDir);
    const marker = path.join(runFolder, 'reviewer-notes.txt');
    writeFileSync(marker, 'old run');
    await expect(
      writeRunFolder(
        { plan: fixturePlan(), dataset: fixtureDataset(), modelPath: null, scenarioPath: null, startedAt: FIXED_START },
        { outDir, force: true, onStep: (step) => { if (step === 'json') throw new Error('disk full'); } },
      ),
    ).rejects.toThrow('disk full');
    expect(readFileSync(marker, 'utf8')).toBe('old run');
    expect(readdirSync(outDir)).toEqual([FIXTURE_RUN_NAME]);
  });

  it('formats the UTC stamp and keeps folder names safe', () => {
    expect(utcStamp(new Date(Date.UTC(2027, 0, 2, 3, 4, 5)))).toBe('20270102-030405');
    const plan = { ...fixturePlan(), scenarioName: 'budget cut/20%' };
    expect(runFolderName(plan, FIXED_START)).toBe('tiny-cape-budget-cut-20-20260401-083000');
  });
});
