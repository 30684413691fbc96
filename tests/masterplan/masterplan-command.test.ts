/**
 * `infraplan masterplan` as a user runs it: JSON on stdout with exit 0 (the built CLI in a child,
 * its output a pipe), and a bad asset row or an unknown masterplan key is a located message with
 * exit 1, never a stack. The problems only the stage finds (the loader cannot: they need the master
 * plan's settings) name the file, row and column as well. The refusals are the same command line
 * run in this process (tests/cli/in-process.ts): messages and exit codes, not the process boundary,
 * are what they test, and each child costs about a second of CPU loading its modules.
 */
import { cp, mkdtemp, writeFile, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/cli-process.js';
import { runInProcess } from '../cli/in-process.js';

describe('infraplan masterplan', () => {
  it('prints the master plan as JSON', async () => {
    const outcome = await runCli(['masterplan', 'tests/fixtures/masterplan', '--json']);
    expect(outcome.code).toBe(0);
    const document = JSON.parse(outcome.stdout) as { model: string; illustrative: boolean; masterPlan: { balances: { municipalityCode: string; assetType: string; shortfallYear: number | null }[] } };
    expect(document.model).toBe('tiny-masterplan');
    expect(document.illustrative).toBe(true);
    expect(document.masterPlan.balances.find((balance) => balance.municipalityCode === 'WC011' && balance.assetType === 'water_treatment_works')!.shortfallYear).toBe(2028);
  });

  it('names the file, row and column of bad input and exits 1', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'infraplan-masterplan-cli-'));
    await cp('tests/fixtures/masterplan', folder, { recursive: true });
    await writeFile(path.join(folder, 'assets.csv'), 'asset_id,municipality_code,service,asset_type,capacity_ml_per_day\nA1,WC011,water,bulk_water_pipeline,10\n');
    const yaml = await readFile(path.join(folder, 'model.yaml'), 'utf8');
    await writeFile(path.join(folder, 'model.yaml'), yaml.replace('use_generated_register: true', 'use_generated_register: true\n  sumer_peak_factor: 1.4'));
    const outcome = await runInProcess(['masterplan', folder, '--json']);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toMatch(/model\.yaml.*masterplan\.sumer_peak_factor.*unknown key/);
    expect(outcome.stderr).toMatch(/assets\.csv, row 2, column length_km: a bulk_water_pipeline needs its length in km/);
    expect(outcome.stderr).not.toMatch(/\n\s+at /);
  });

  it('names the file, row and column of a problem only the stage finds (an asset type on the wrong service), through masterplan and solve', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'infraplan-masterplan-stage-'));
    await cp('tests/fixtures/masterplan', folder, { recursive: true });
    const assetsFile = path.join(folder, 'assets.csv');
    const lines = (await readFile(assetsFile, 'utf8')).split('\n');
    // Row 4 (the third data row) is Matzikama's reservoir storage; put it on the sanitation service.
    expect(lines[3]).toMatch(/^WC011-RES-01,WC011,water,reservoir_storage,/);
    lines[3] = lines[3].replace(',water,reservoir_storage,', ',sanitation,reservoir_storage,');
    await writeFile(assetsFile, lines.join('\n'));
    for (const command of ['masterplan', 'solve']) {
      const outcome = await runInProcess([command, folder]);
      expect(outcome.code, command).toBe(1);
      expect(outcome.stderr, command).toContain(`${assetsFile}, row 4, column asset_type: asset WC011-RES-01: a reservoir storage carries water supply, but sanitation is a return flow service`);
      expect(outcome.stderr, command).not.toMatch(/\n\s+at /);
    }
  });

  it('names the municipalities row of a municipality the projection table lacks when a setting asks for the table', async () => {
    // The loader checks the table only when model.yaml asks for it; a command-line setting leaves it to the stage.
    const outcome = await runInProcess(['solve', 'tests/fixtures/masterplan', '--set', 'masterplan.growth.method=table']);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain('tests/fixtures/masterplan/municipalities.csv, row 3, column municipality_code: municipality WC012: has no row in the projection table');
    expect(outcome.stderr).not.toMatch(/\n\s+at /);
  });
});
