/**
 * The words `run` prints for officials (task b1, items 2 and 3): services by their declared
 * labels, never their ids, and what a plan did against its baseline without solver terms, on
 * real plans of the small fixture models (a baseline kept, and one that had to change).
 */
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/dataset/load-model.js';
import type { BaselineDecisions, Dataset } from '../../src/dataset/types.js';
import { planModel } from '../../src/plan/plan-model.js';
import type { PortfolioPlan } from '../../src/plan/types.js';
import { formatRunSummary } from '../../src/cli/run.js';
import { formatBaselineChanges } from '../../src/cli/baseline-options.js';
import { keyFigures } from '../../src/report/plan-figures.js';
import { lapsingMoney } from '../../src/report/summary-figures.js';

/** Words an official should not have to read (docs for analysts and --json keep them). */
const JARGON = /acceptance shortcut|stability step|MILP|\bLP\b|time box|incumbent|first solve|closest-plan|best bound|\brows?\b/;

async function plan(dataset: Dataset, baseline?: BaselineDecisions): Promise<PortfolioPlan> {
  const { plan: planned } = await planModel(dataset, { marginalValues: false, formulation: 'portfolio', ...(baseline ? { baseline } : {}) });
  if (planned.kind !== 'portfolio') throw new Error('expected a portfolio plan');
  return planned;
}

function summary(planned: PortfolioPlan, dataset: Dataset): string {
  return formatRunSummary({ runFolder: '/tmp/runs/x', plan: planned, figures: keyFigures(planned, dataset), lapses: lapsingMoney(planned, dataset), pricedNeedNote: null });
}

describe("run's console names services by their labels", () => {
  it('says "Water" and "Thusong service centres", never the ids water and thusong', async () => {
    const dataset = await loadModel('tests/fixtures/thusong');
    const planned = await plan(dataset);
    const text = summary(planned, dataset);
    const figures = keyFigures(planned, dataset);
    const count = (value: number): string => value.toLocaleString('en-GB', { maximumFractionDigits: 0 });
    expect(text).toContain(`  households served: Water ${count(figures.householdsServedByService.water ?? 0)}\n`);
    expect(text).toContain(`  people served: Thusong service centres ${count(figures.householdsServedByService.thusong ?? 0)}\n`);
    expect(text).not.toMatch(/served: .*\b(water|thusong) \d/);
  });
});

describe('what a plan did against its baseline, in plain words', () => {
  it('a baseline that is kept: "kept the baseline plan: it still fits and no plan is more than …% better"', async () => {
    const dataset = await loadModel('tests/fixtures/tiny');
    const first = await plan(dataset);
    const baseline: BaselineDecisions = { source: 'last-week/plan.json', modelName: first.modelName, startYearByProjectId: Object.fromEntries(first.projects.map((project) => [project.id, project.funded ? project.startYear : null])) };
    const again = await plan(dataset, baseline);
    const lines = formatBaselineChanges(again.baselineChanges!, 'see the Changes from baseline sheet');
    expect(lines[0]).toMatch(/^against the baseline last-week\/plan\.json: kept the baseline plan: it still fits and no plan is more than \d+(\.\d+)?% better$/);
    for (const line of lines) expect(line).not.toMatch(JARGON);
    // plan.json keeps the technical terms.
    expect(again.baselineChanges?.method).toBe('kept_baseline');
    expect(again.baselineChanges?.why).toContain('best bound');
  });

  it('a baseline that funds nothing: "changed N funding decisions against the baseline (see …)", each change with plain reasons', async () => {
    const dataset = await loadModel('tests/fixtures/tiny');
    const first = await plan(dataset);
    const nothing: BaselineDecisions = { source: 'empty/plan.json', modelName: first.modelName, startYearByProjectId: Object.fromEntries(first.projects.map((project) => [project.id, null])) };
    const again = await plan(dataset, nothing);
    const changes = again.baselineChanges!;
    const funded = again.projects.filter((project) => project.funded).length;
    expect(changes.fundingChanges).toBe(funded);
    const lines = formatBaselineChanges(changes, 'see the Changes from baseline sheet');
    expect(lines[0]).toMatch(new RegExp(`^against the baseline empty/plan\\.json: changed ${funded} funding decisions against the baseline \\(see the Changes from baseline sheet\\): the baseline plan (still fits but is [\\d.]+% below the best possible, more than the [\\d.]+% allowed|no longer fits this model \\(an envelope or a rule it breaks\\)); `));
    expect(lines.filter((line) => /^ {2}\S+: not funded → starts \d{4}\/\d{2} /.test(line))).toHaveLength(Math.min(12, funded));
    for (const line of lines) expect(line).not.toMatch(JARGON);
    for (const change of changes.changes) expect(change.words).toBeDefined();
  });
});
