/**
 * The generator's capital envelopes (scripts/generate-models/funding.ts) on a register small enough
 * to size by hand: the cash flow averaged over the start years, shared by the sources' weights,
 * the committed spending in full and 60% of the candidates' (FUNDABLE_SHARE_OF_REGISTER), and
 * nothing for the projects the plan cannot use.
 */
import { describe, expect, it } from 'vitest';
import { FUNDABLE_SHARE_OF_REGISTER } from '../../scripts/generate-models/assumptions.js';
import { CASH_FLOW_IN_HORIZON_SIZING, buildFundingRows, type EnvelopeDemand, type EnvelopeSizing } from '../../scripts/generate-models/funding.js';
import { buildOperatingFundingRows, type GeneratedCentre } from '../../scripts/generate-models/thusong.js';

/** A register project asking for money; the base year is 2026/27 and the horizon ends in 2035/36. */
function demand(overrides: Partial<EnvelopeDemand> & Pick<EnvelopeDemand, 'id' | 'fundingSourceIds' | 'cashFlowRandByBuildYear' | 'earliestStartYear' | 'latestStartYear'>): EnvelopeDemand {
  return {
    status: 'candidate',
    capexRand: overrides.cashFlowRandByBuildYear.reduce((sum, amount) => sum + amount, 0),
    exclusiveGroup: null,
    neededFromYear: null,
    ...overrides,
  };
}

const REGISTER: readonly EnvelopeDemand[] = [
  // R14m then R28m, may start in 2026/27 or 2027/28: on average R7m in 2026/27, R21m in 2027/28, R14m in 2028/29;
  // shared 3 : 3 : 1 by RBIG, MIG and own funds.
  demand({ id: 'works', fundingSourceIds: ['RBIG', 'MIG', 'OWN'], cashFlowRandByBuildYear: [14_000_000, 28_000_000], earliestStartYear: 2026, latestStartYear: 2027, neededFromYear: 2030 }),
  // Two options of one upgrade: only the cheaper (R10m in 2030/31) asks for money.
  demand({ id: 'source-groundwater', fundingSourceIds: ['WSIG'], cashFlowRandByBuildYear: [10_000_000], earliestStartYear: 2030, latestStartYear: 2030, exclusiveGroup: 'source-1' }),
  demand({ id: 'source-dam', fundingSourceIds: ['WSIG'], cashFlowRandByBuildYear: [20_000_000], earliestStartYear: 2030, latestStartYear: 2030, exclusiveGroup: 'source-1' }),
  // Needed only after the horizon (2037/38): funding it earns nothing within the plan.
  demand({ id: 'late-sewer', fundingSourceIds: ['WSIG'], cashFlowRandByBuildYear: [50_000_000], earliestStartYear: 2033, latestStartYear: 2034, neededFromYear: 2037 }),
  // Excluded by the planner.
  demand({ id: 'excluded', status: 'excluded', fundingSourceIds: ['MIG'], cashFlowRandByBuildYear: [80_000_000], earliestStartYear: 2026, latestStartYear: 2030 }),
  // Committed: R4m and R6m of MIG from 2026/27, its only start.
  demand({ id: 'committed', status: 'committed', fundingSourceIds: ['MIG'], cashFlowRandByBuildYear: [4_000_000, 6_000_000], earliestStartYear: 2026, latestStartYear: 2026 }),
  // A three-year build with a window to 2036/37: only the starts 2032/33 and 2033/34 finish by 2035/36.
  demand({ id: 'programme', fundingSourceIds: ['PROV'], cashFlowRandByBuildYear: [2_000_000, 2_000_000, 2_000_000], earliestStartYear: 2032, latestStartYear: 2036 }),
];

describe('capital envelopes sized against the register', () => {
  const rows = buildFundingRows(REGISTER);
  const envelopes = (sourceId: string): number[] => rows.filter((row) => row.source_id === sourceId).map((row) => Number(row.envelope_rand));

  it('writes ten years of every source some usable project asks of, in the sources\' order, illustrative, with the grants\' carry-over rule', () => {
    expect([...new Set(rows.map((row) => row.source_id))]).toEqual(['RBIG', 'WSIG', 'MIG', 'PROV', 'OWN']);
    expect(rows).toHaveLength(50);
    expect(rows.filter((row) => row.source_id === 'RBIG').map((row) => row.financial_year)).toEqual(['2026/27', '2027/28', '2028/29', '2029/30', '2030/31', '2031/32', '2032/33', '2033/34', '2034/35', '2035/36']);
    expect(rows.every((row) => row.illustrative === 'yes' && row.purpose === 'capital')).toBe(true);
    expect(new Set(rows.filter((row) => row.carry_over === 'yes').map((row) => row.source_id))).toEqual(new Set(['PROV', 'OWN']));
  });

  it('funds the committed spending in full and 60% of the candidates\' averaged spending, by the sources\' weights', () => {
    expect(FUNDABLE_SHARE_OF_REGISTER).toBe(0.6);
    // RBIG: 3/7 of R7m, R21m, R14m = R3m, R9m, R6m; 60% of it.
    expect(envelopes('RBIG')).toEqual([1_800_000, 5_400_000, 3_600_000, 0, 0, 0, 0, 0, 0, 0]);
    // MIG: the committed R4m and R6m in full, plus 60% of the same 3/7: R5.8m, R11.4m, R3.6m.
    expect(envelopes('MIG')).toEqual([5_800_000, 11_400_000, 3_600_000, 0, 0, 0, 0, 0, 0, 0]);
    // Own funds: 1/7: R1m, R3m, R2m; 60% of it.
    expect(envelopes('OWN')).toEqual([600_000, 1_800_000, 1_200_000, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('asks nothing for an excluded project, a dearer alternative or an upgrade needed after the horizon', () => {
    // WSIG: only the groundwater option's R10m in 2030/31, 60% of it; the dam and the late sewer add nothing.
    expect(envelopes('WSIG')).toEqual([0, 0, 0, 0, 6_000_000, 0, 0, 0, 0, 0]);
  });

  it('averages a cash flow over the start years that finish within the horizon only', () => {
    // Starts 2032/33 and 2033/34: R1m, R2m, R2m, R1m from 2032/33 on average; 60% of it.
    expect(envelopes('PROV')).toEqual([0, 0, 0, 0, 0, 0, 600_000, 1_200_000, 1_200_000, 600_000]);
  });
});

describe('capital envelopes sized on the starts that put capacity in service within the plan (south-africa)', () => {
  const LATE_REGISTER: readonly EnvelopeDemand[] = [
    // R14m then R28m of RBIG, may start 2032/33 to 2034/35 (all three end within the horizon). In
    // service from the year after its last build year, so the start 2034/35 (in service 2036/37) closes no shortfall within the plan.
    demand({ id: 'late-works', fundingSourceIds: ['RBIG'], cashFlowRandByBuildYear: [14_000_000, 28_000_000], earliestStartYear: 2032, latestStartYear: 2034, neededFromYear: 2033 }),
    // A one-year capacity upgrade that can only start in the last year: never in service within the plan.
    demand({ id: 'last-year-works', fundingSourceIds: ['WSIG'], cashFlowRandByBuildYear: [10_000_000], earliestStartYear: 2035, latestStartYear: 2035, neededFromYear: 2035 }),
    // A backlog programme (no shortfall year) with a window to the last year keeps every start.
    demand({ id: 'late-programme', fundingSourceIds: ['MIG'], cashFlowRandByBuildYear: [6_000_000], earliestStartYear: 2034, latestStartYear: 2035 }),
  ];
  const envelopes = (sizing: EnvelopeSizing, sourceId: string): number[] => buildFundingRows(LATE_REGISTER, sizing).filter((row) => row.source_id === sourceId).map((row) => Number(row.envelope_rand));
  const inService: EnvelopeSizing = { capacityStarts: 'in_service_in_horizon' };

  it('averages over every start but lets only the in-service starts ask: nothing of the last year for capacity', () => {
    // Starts 2032/33 and 2033/34 ask, each a third: R4.67m, R14m, R9.33m from 2032/33; 60% of it.
    expect(envelopes(inService, 'RBIG')).toEqual([0, 0, 0, 0, 0, 0, 2_800_000, 8_400_000, 5_600_000, 0]);
    // Every start asks (western-cape's sizing): R4.67m, R14m, R14m, R9.33m; the last is money no capacity in service could use.
    expect(envelopes(CASH_FLOW_IN_HORIZON_SIZING, 'RBIG')).toEqual([0, 0, 0, 0, 0, 0, 2_800_000, 8_400_000, 8_400_000, 5_600_000]);
  });

  it('leaves out an upgrade no start of which puts it in service, and keeps the last year of a backlog programme', () => {
    expect(envelopes(inService, 'WSIG')).toEqual([]);
    expect(envelopes(CASH_FLOW_IN_HORIZON_SIZING, 'WSIG')).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 6_000_000]);
    for (const sizing of [inService, CASH_FLOW_IN_HORIZON_SIZING]) expect(envelopes(sizing, 'MIG')).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1_800_000, 1_800_000]);
  });
});

describe('operating envelopes sized against the running costs the centres can have', () => {
  // A hub (two build years, R3.2 million a year once complete) that may start 2026/27 to 2029/30,
  // so it runs from 2027/28 at the earliest and from 2030/31 at the latest.
  const hub: GeneratedCentre = {
    id: 'WC000-T-01',
    municipalityCode: 'WC000',
    type: 'hub',
    description: 'Test hub',
    capexRand: 40_000_000,
    operatingCostRandPerYear: 3_200_000,
    populationWithinReach: 20_000,
    anchors: ['home_affairs', 'sassa'],
    earliestStartYear: 2026,
    latestStartYear: 2029,
  };
  const rows = buildOperatingFundingRows([hub]);
  const envelopes = (sourceId: string): number[] => rows.filter((row) => row.source_id === sourceId).map((row) => Number(row.envelope_rand));

  it('gives the grant 60% of the averaged running cost: nothing before a centre can be open, all of it once every start is complete', () => {
    // Share of the four starts complete by the year: 0, 1/4, 2/4, 3/4, then 1; 60% of R3.2 million each.
    expect(envelopes('TOPS')).toEqual([0, 500_000, 1_000_000, 1_400_000, 1_900_000, 1_900_000, 1_900_000, 1_900_000, 1_900_000, 1_900_000]);
    // Municipal own funds: 15% of the running cost every year (carried over).
    expect(envelopes('MOPS')).toEqual(Array.from({ length: 10 }, () => 500_000));
    expect(rows.every((row) => row.purpose === 'operating' && row.illustrative === 'yes')).toBe(true);
  });
});
