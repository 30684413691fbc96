/**
 * masterplan's console (new-user review u2, 7): the years are said to be first shortfall years,
 * the generated projects are named capacity upgrades or backlog projects, a municipality without a
 * shortfall says "no capacity shortfall", and --budget-scale is not offered (the master plan reads
 * no envelope amount).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from './in-process.js';
import { loadModel } from '../../src/dataset/load-model.js';
import { buildDatasetMasterPlan } from '../../src/masterplan/apply-master-plan.js';
import { formatFinancialYear } from '../../src/dataset/financial-year.js';
import { formatMasterPlanSummary } from '../../src/cli/masterplan.js';
import { scaleEnvelopes } from '../../src/analysis/budget-range.js';

const MASTERPLAN = path.join('tests', 'fixtures', 'masterplan');

let scratch = '';
beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'infraplan-masterplan-words-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe("masterplan's console", () => {
  it('gives each municipality its first shortfall years and its capacity upgrades and backlog projects, counted', async () => {
    const { code, stdout, stderr } = await runInProcess(['masterplan', MASTERPLAN, '--out', scratch]);
    expect(code, stderr).toBe(0);
    const { masterPlan } = buildDatasetMasterPlan(await loadModel(MASTERPLAN));
    for (const projection of masterPlan.projections) {
      const line = stdout.split('\n').find((text) => text.startsWith(`  ${projection.municipalityCode}: `));
      expect(line).toBeDefined();
      const short = masterPlan.balances.filter((balance) => balance.municipalityCode === projection.municipalityCode && balance.shortfallYear !== null);
      if (short.length === 0) expect(line).toContain(': no capacity shortfall; ');
      else for (const balance of short) expect(line).toContain(`${balance.assetType.replace(/_/g, ' ')} ${formatFinancialYear(balance.shortfallYear!)}`);
      if (short.length > 0) expect(line).toMatch(/: first shortfall year: /);
      const generated = masterPlan.merge.rows.flatMap((row) => (row.origin === 'masterplan' && row.project.municipalityCode === projection.municipalityCode ? [row.project] : []));
      const backlog = generated.filter((project) => project.kind === 'backlog_eradication').length;
      if (backlog > 0) expect(line).toContain(`${backlog} backlog project${backlog === 1 ? '' : 's'} (`);
      expect(line).not.toContain('(s)');
      expect(line).not.toContain('generated project');
    }
  });

  it('says "no capacity shortfall" where no asset falls short, and no note on a facility service backlog', async () => {
    const dataset = await loadModel(path.join('tests', 'fixtures', 'thusong'));
    const lines = formatMasterPlanSummary(buildDatasetMasterPlan(dataset));
    expect(lines.some((line) => /^ {2}\w+: (no capacity shortfall|first shortfall year: )/.test(line))).toBe(true);
    expect(lines.join('\n')).not.toContain('no master plan backlog settings');
  });

  it('refuses --budget-scale, saying the master plan spends no budget; a scale would change nothing', async () => {
    const { code, stderr } = await runInProcess(['masterplan', MASTERPLAN, '--budget-scale', '0.8', '--out', scratch]);
    expect(code).toBe(1);
    expect(stderr).toContain('unknown option --budget-scale (the master plan spends no budget; run and solve take --budget-scale)');
    const dataset = await loadModel(MASTERPLAN);
    const plain = JSON.stringify(buildDatasetMasterPlan(dataset).masterPlan);
    expect(JSON.stringify(buildDatasetMasterPlan(scaleEnvelopes(dataset, 0.5)).masterPlan)).toBe(plain);
  });
});
