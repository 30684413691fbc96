/**
 * A centre without an anchor department is kept out by the anchor-department rule, whatever else
 * binds (new-user review, item 1: Thusong centre WC048-T-01 was given another rule's reason). On the
 * Thusong fixture with a minimum water share that binds, the unanchored satellite WC011-T-01 was
 * reported as "Funding it would push the water share of spending below the minimum", though no
 * budget or share would fund it. The reason is checked against the truth: with the share off (anchor
 * rule on) and ten times the money the centre still waits; with the anchor rule off as well the plan funds it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/dataset/load-model.js';
import type { Dataset } from '../../src/dataset/types.js';
import { planModel } from '../../src/plan/plan-model.js';
import type { PortfolioPlan } from '../../src/plan/types.js';
import { SHEET_NAMES } from '../../src/report/sheets/report-context.js';
import { writeRunFolder } from '../../src/report/write-run.js';
import { columnStartingWith, FIXED_START, readRunWorkbook, rowStartingWith, sheetNamed, temporaryFolder } from './helpers.js';

const CENTRE = 'WC011-T-01'; // tests/fixtures/thusong/projects.csv: a satellite with no anchor department

let base: Dataset;

function withPolicy(dataset: Dataset, policy: Partial<Dataset['config']['policy']>): Dataset {
  return { ...dataset, config: { ...dataset.config, policy: { ...dataset.config.policy, ...policy } } };
}

function tenTimesTheMoney(dataset: Dataset): Dataset {
  return {
    ...dataset,
    fundingSources: dataset.fundingSources.map((source) => ({
      ...source,
      envelopeRandByYear: Object.fromEntries(Object.entries(source.envelopeRandByYear).map(([year, rand]) => [year, rand * 10])),
    })),
  };
}

async function planOf(dataset: Dataset): Promise<PortfolioPlan> {
  return (await planModel(dataset, { marginalValues: false })).plan as PortfolioPlan;
}

const fundedIn = (plan: PortfolioPlan, id: string): boolean => plan.projects.some((project) => project.id === id && project.funded);

beforeAll(async () => {
  // A minimum water share of 0.4 binds: the plan's water share is 14 of 32 million (0.44), and any further centre would take it below.
  base = withPolicy(await loadModel('tests/fixtures/thusong'), { minServiceShare: { water: 0.4 } });
});

describe('deferral reason of a centre without an anchor department', () => {
  it('is the anchor-department rule, in the plan and on the Deferred projects sheet, even where a share binds too', async () => {
    const plan = await planOf(base);
    const centre = plan.projects.find((project) => project.id === CENTRE)!;
    expect(centre.funded).toBe(false);
    expect(centre.deferralReason).toBe('policy');
    expect(centre.deferralDetail).toContain('anchor-department rule funds no centre without one');
    expect(centre.deferralDetail).not.toContain('share');
    // Another deferred centre (anchored) keeps the share as its reason: only the outright bar comes first.
    const anchored = plan.projects.find((project) => project.id === 'WC013-T-01')!;
    if (!anchored.funded && anchored.deferralReason === 'policy') expect(anchored.deferralDetail).toContain('share');

    const runFolder = await writeRunFolder({ plan, dataset: base, modelPath: 'tests/fixtures/thusong', scenarioPath: null, startedAt: FIXED_START }, { outDir: temporaryFolder() });
    const sheet = sheetNamed(await readRunWorkbook(runFolder), SHEET_NAMES.deferredProjects);
    const headerRow = rowStartingWith(sheet, 'Project id').number;
    const row = rowStartingWith(sheet, CENTRE);
    expect(row.getCell(columnStartingWith(sheet, headerRow, 'Reason')).value).toBe('A policy rule keeps it out');
    expect(String(row.getCell(columnStartingWith(sheet, headerRow, 'Detail')).value)).toMatch(/^No anchor department .* is committed to serve at WC011-T-01, and the anchor-department rule funds no centre without one/);
  });

  it('is what keeps it out on its own: with ten times the money and the share off it still waits, with the anchor rule off too it is funded', async () => {
    const rich = withPolicy(tenTimesTheMoney(base), { minServiceShare: {} });
    expect(fundedIn(await planOf(rich), CENTRE)).toBe(false);
    expect(fundedIn(await planOf(withPolicy(rich, { facilityAnchorRequired: 0 })), CENTRE)).toBe(true);
  });
});
