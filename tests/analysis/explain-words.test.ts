/**
 * explain speaks plainly (new-user review): every answer starts with one sentence that answers the
 * question (why it is not funded, what would fund it), the console, the workbook and the markdown
 * file carry no solver terms, and the JSON keeps every technical field. Checked on three one-year
 * models small enough to solve in a moment: a project kept out by money, one kept out by the
 * minimum sanitation share, and one whose alternative in an exclusive group is funded.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { closerThanPlanWords, explainDeferrals, type Explanation } from '../../src/analysis/explain-deferral.js';
import { EXPLANATIONS_SHEET, explanationsToJson, explanationsToMarkdown, explanationsWorkbook, formatExplanations, planExplainedWords, writeExplanations, type ExplainReport } from '../../src/analysis/explain-output.js';
import { answerInWords, failureInWords, percentPlain } from '../../src/analysis/explain-words.js';
import { planModel } from '../../src/plan/plan-model.js';
import type { Dataset } from '../../src/dataset/types.js';
import type { PortfolioPlan } from '../../src/plan/types.js';
import { MILLION, tinyDataset, tinyProject, tinySource } from '../plan/tiny-models.js';
import { temporaryFolder } from './helpers.js';

/** Words an official should not meet outside --json: solver terms. Option names (--gap) and setting keys (policy.x) are what to type, not jargon. */
const JARGON = /\b(MILP|LP|MIP|HiGHS|incumbent|shortcut|re-?solv\w*|time box|box|bound|relaxation|bisection|bracket|proof|proven|gap|solver|optimal|optimiser|heuristics?)\b/i;

/** The text with option names and setting keys taken out, as the jargon check reads it. */
function withoutNames(text: string): string {
  return text.replace(/--[a-z-]+/g, '').replace(/\bpolicy\.[a-z_.]+/g, '');
}

/** Every line of `text` that uses a solver term. */
function jargonLines(text: string): string[] {
  return text.split('\n').filter((line) => JARGON.test(withoutNames(line)));
}

/** Money-bound: R100m in one year, C (R100m, benefit 200) takes it all; B (R10m, 50) needs R10m more. */
const money = tinyDataset({
  horizonYears: 1,
  sources: [tinySource('GRANT', [100 * MILLION], false)],
  projects: [tinyProject({ id: 'C', cashFlowRandByBuildYear: [100 * MILLION], benefitOverride: 200 }), tinyProject({ id: 'B', cashFlowRandByBuildYear: [10 * MILLION], benefitOverride: 50 })],
});

/**
 * Policy-bound: R20m, sanitation at least 30% of spending. W1 (water R6m, 50) and S0 (sanitation
 * R4m, 10) are funded (40% sanitation); W0 (water R10m, 100) would take the share to 20%. With the
 * share at 28.5% the best plan is W0 and S0 (R14m, 28.6% sanitation, benefit 110 against 60).
 */
const policy = tinyDataset({
  horizonYears: 1,
  policy: { minServiceShare: { sanitation: 0.3 } },
  sources: [tinySource('GRANT', [20 * MILLION], false)],
  projects: [
    tinyProject({ id: 'W0', service: 'water', cashFlowRandByBuildYear: [10 * MILLION], benefitOverride: 100 }),
    tinyProject({ id: 'W1', service: 'water', cashFlowRandByBuildYear: [6 * MILLION], benefitOverride: 50 }),
    tinyProject({ id: 'S0', service: 'sanitation', cashFlowRandByBuildYear: [4 * MILLION], benefitOverride: 10 }),
  ],
});

/** Exclusive group: R100m; C (R90m, 200) and A2 (R10m, 80, group G) are funded; A1 (R10m, 70, group G) waits for A2 to be dropped. */
const group = tinyDataset({
  horizonYears: 1,
  sources: [tinySource('GRANT', [100 * MILLION], false)],
  projects: [
    tinyProject({ id: 'C', cashFlowRandByBuildYear: [90 * MILLION], benefitOverride: 200 }),
    tinyProject({ id: 'A2', cashFlowRandByBuildYear: [10 * MILLION], benefitOverride: 80, exclusiveGroup: 'G' }),
    tinyProject({ id: 'A1', cashFlowRandByBuildYear: [10 * MILLION], benefitOverride: 70, exclusiveGroup: 'G' }),
  ],
});

/** The report the CLI builds, with the plain words made from the model. */
async function explained(dataset: Dataset, projectId: string): Promise<{ report: ExplainReport; explanation: Explanation; plan: PortfolioPlan }> {
  const plan = (await planModel(dataset, { marginalValues: false })).plan;
  const [explanation] = await explainDeferrals(dataset, plan, { projectIds: [projectId], workers: 1 });
  const report: ExplainReport = {
    modelName: 'one-year',
    scenarioName: 'baseline',
    objective: plan.objectiveBenefitPoints,
    deferredCount: plan.projects.filter((project) => !project.funded).length,
    explanations: [explanation],
    planExplained: { baselinePath: null, runNotReusedBecause: null },
    planGap: plan.gap,
    answerWords: { [projectId]: answerInWords(explanation, dataset) },
  };
  return { report, explanation, plan };
}

/** The text of every cell of the Explanations sheet. */
async function sheetText(report: ExplainReport): Promise<string> {
  const read = new ExcelJS.Workbook();
  await read.xlsx.load(await explanationsWorkbook(report).xlsx.writeBuffer());
  const sheet = read.getWorksheet(EXPLANATIONS_SHEET)!;
  const lines: string[] = [];
  sheet.eachRow((row) => row.eachCell((cell) => lines.push(typeof cell.value === 'object' && cell.value !== null && 'richText' in cell.value ? cell.value.richText.map((run) => run.text).join('') : String(cell.value ?? ''))));
  return lines.join('\n');
}

/** The block of one project on the console: from its verdict line to the next blank line. */
function block(text: string, projectId: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.startsWith(`${projectId} `) || line.startsWith(`${projectId}: `));
  const end = lines.indexOf('', start);
  return lines.slice(start, end < 0 ? undefined : end);
}

describe('a project kept out by money', () => {
  let report: ExplainReport;
  let explanation: Explanation;
  beforeAll(async () => {
    ({ report, explanation } = await explained(money, 'B'));
  });

  it('answers first, in one sentence: the money that runs out and the amount that funds it', () => {
    expect(explanation).toMatchObject({ reason: 'budget', outcome: 'verified', extraMoneyRand: 10 * MILLION });
    const lines = block(formatExplanations(report), 'B');
    // The verdict is the block's first line; the detail follows, indented.
    expect(lines[0]).toMatch(/^B is not funded because the GRANT money runs out in 20\d\d\/\d\d; R10\.0 million of GRANT in 20\d\d\/\d\d ring-fenced for B would fund it without lowering the plan's benefit\.$/);
    expect(lines.slice(1).every((line) => line.startsWith('  '))).toBe(true);
    expect(lines.find((line) => line.startsWith('  checked: '))).toMatch(/^  checked: Checked by planning again with the change: a plan that funds it.* has benefit 250\.0 against 200\.0 now/);
  });

  it('says when the checked plan starts the project later than the start its reason speaks of (new-user review u1, 10)', () => {
    expect(explanation.verification?.startYear).not.toBeNull();
    const start = explanation.verification!.startYear as number;
    const other = (year: number) => `${year}/${String((year + 1) % 100).padStart(2, '0')}`;
    const sameStart = { ...explanation, detail: `Starting in ${other(start)} it needs R10.0 million in ${other(start)} but GRANT has only R0.0 million left.` };
    expect(answerInWords(sameStart, money).notes.join(' ')).not.toContain('earliest start');
    const earlier = { ...explanation, detail: `Starting in ${other(start - 2)} it needs R10.0 million in ${other(start - 2)} but GRANT has only R0.0 million left.` };
    expect(answerInWords(earlier, money).notes).toContain(`The reason above is worked out for its earliest start, ${other(start - 2)}; the plan that funds it with the change starts it in ${other(start)}.`);
  });

  it('gives the checked start its own money figures, the earliest start in brackets (new-user review u2, 10)', () => {
    const start = explanation.verification!.startYear as number;
    const other = (year: number) => `${year}/${String((year + 1) % 100).padStart(2, '0')}`;
    // The explanation as explain finds it: its detail speaks of the start it checked, so nothing more to say.
    expect(explanation.checkedStartShort ?? null).toBeNull();
    const earlier = {
      ...explanation,
      detail: `Starting in ${other(start - 2)} it needs R10.0 million in ${other(start - 2)} but GRANT has only R0.0 million left.`,
      checkedStartShort: { startYear: start, year: start + 1, needRand: 7_300_000, roomRand: 2_100_000, sourceIds: ['GRANT'] },
    };
    const notes = answerInWords(earlier, money).notes;
    expect(notes).toContain(
      `The plan that funds it with the change starts it in ${other(start)}: started then, it needs R7.3 million in ${other(start + 1)} but GRANT has only R2.1 million left in the plan explained (the reason above is for its earliest start, ${other(start - 2)}).`,
    );
    expect(notes.join(' ')).not.toContain('worked out for its earliest start');
    // Less than would print as R0.1 million is nothing left, not "only R0.0 million" (review u4, finding 11).
    const nothingLeft = answerInWords({ ...earlier, checkedStartShort: { ...earlier.checkedStartShort, roomRand: 12_000 } }, money).notes.join(' ');
    expect(nothingLeft).toContain('but GRANT has nothing left in the plan explained');
    expect(nothingLeft).not.toContain('R0.0 million');
  });

  it('says which plan is explained before anything else', () => {
    const text = formatExplanations(report);
    expect(text.split('\n')[0]).toBe(planExplainedWords(report));
    expect(text.split('\n')[0]).toMatch(/^Explaining a plan solved now from one-year \(scenario baseline, (within \d+(\.\d+)?% of )?the best possible\); to explain the plan you reviewed, pass --baseline <run folder>\.$/);
  });

  it('uses no solver term on the console, in the workbook or in the markdown file', async () => {
    expect(jargonLines(formatExplanations(report))).toEqual([]);
    expect(jargonLines(explanationsToMarkdown(report))).toEqual([]);
    expect(jargonLines(await sheetText(report))).toEqual([]);
    // The analyst's sentence still says how it was verified: only in JSON.
    expect(explanation.summary).toMatch(/verified/);
  });

  it('keeps every technical field in the JSON, with the plain words beside them', () => {
    const json = JSON.parse(explanationsToJson(report)) as { planExplainedWords: string; answerWords?: unknown; explanations: Record<string, unknown>[] };
    const [written] = json.explanations;
    for (const field of Object.keys(explanation)) expect(written, field).toHaveProperty(field);
    expect(written.summary).toBe(explanation.summary);
    expect(written.verification).toMatchObject({ method: 'ring_fenced_bound', outcome: explanation.verification?.outcome, boundWithoutBenefitPoints: explanation.verification?.boundWithoutBenefitPoints, planBoundBenefitPoints: explanation.verification?.planBoundBenefitPoints });
    expect((written.words as { verdict: string }).verdict).toBe(report.answerWords?.B.verdict);
    expect(json.planExplainedWords).toBe(planExplainedWords(report));
    // The words travel per explanation, not as a second copy keyed by id.
    expect(json.answerWords).toBeUndefined();
  });

  it('writes the markdown file with --out explain.md: a section per project, the verdict first in bold', async () => {
    const file = path.join(await temporaryFolder('infraplan-explain-md-'), 'explain.md');
    await writeExplanations(report, file);
    const text = await readFile(file, 'utf8');
    expect(text.startsWith('# Deferred projects explained: one-year, scenario baseline\n\nExplaining a plan solved now from one-year')).toBe(true);
    const section = text.slice(text.indexOf('## B\n'));
    expect(section.split('\n')[2]).toMatch(/^\*\*B is not funded because the GRANT money runs out in .* would fund it without lowering the plan's benefit\.\*\*$/);
    expect(section).toContain('- Checked: Checked by planning again with the change');
  });
});

describe('a project kept out by the minimum sanitation share', () => {
  let report: ExplainReport;
  let explanation: Explanation;
  beforeAll(async () => {
    ({ report, explanation } = await explained(policy, 'W0'));
  });

  it('answers first with the rule, as a percentage, and the value that funds it', () => {
    expect(explanation).toMatchObject({ reason: 'policy', outcome: 'verified' });
    expect(explanation.changes).toEqual([expect.objectContaining({ kind: 'relax_policy', rule: 'min_service_share.sanitation' })]);
    const value = (explanation.changes[0] as { value: number }).value;
    // The least share at which the best plan funds W0: W0 and S0 spend R14m, 4/14 = 28.57% on sanitation.
    expect(value).toBeCloseTo(0.285, 3);
    const lines = block(formatExplanations(report), 'W0');
    expect(lines[0]).toBe(`W0 is not funded because the minimum sanitation share keeps it out; lowering the minimum sanitation share from 30% to ${percentPlain(value)} would fund it.`);
    // The setting that reproduces it, for the analyst who writes the scenario.
    expect(lines).toContain(`  change:  Lowering the minimum sanitation share from 30% to ${percentPlain(value)} (in a scenario: policy.min_service_share.sanitation: ${value}).`);
  });

  it('uses no solver term on the console, in the workbook or in the markdown file', async () => {
    expect(jargonLines(formatExplanations(report))).toEqual([]);
    expect(jargonLines(explanationsToMarkdown(report))).toEqual([]);
    expect(jargonLines(await sheetText(report))).toEqual([]);
  });

  it('keeps the technical fields in the JSON', () => {
    const [written] = (JSON.parse(explanationsToJson(report)) as { explanations: Record<string, unknown>[] }).explanations;
    for (const field of Object.keys(explanation)) expect(written, field).toHaveProperty(field);
    expect(written.changes).toEqual(explanation.changes);
    expect(written.verification).toEqual(explanation.verification);
  });
});

describe('a project whose alternative in an exclusive group is funded', () => {
  let report: ExplainReport;
  let explanation: Explanation;
  beforeAll(async () => {
    ({ report, explanation } = await explained(group, 'A1'));
  });

  it('answers first: the funded alternative, and dropping it funds the project at a cost in benefit', () => {
    expect(explanation).toMatchObject({ reason: 'exclusive_alternative', outcome: 'verified', blockingProjectIds: ['A2'] });
    const lines = block(formatExplanations(report), 'A1');
    expect(lines[0]).toBe('A1 is not funded because A2, its alternative in group G, is funded instead (at most one of the group can be); dropping A2 (the funded alternative in group G) would fund it, at a cost of 10.0 benefit points to the plan.');
    expect(lines).toContain('  group:   exclusive group G, other alternatives A2 (at most one of the group is funded)');
  });

  it('uses no solver term on the console, in the workbook or in the markdown file', async () => {
    expect(jargonLines(formatExplanations(report))).toEqual([]);
    expect(jargonLines(explanationsToMarkdown(report))).toEqual([]);
    expect(jargonLines(await sheetText(report))).toEqual([]);
    // The workbook's answer column starts with the verdict.
    const read = new ExcelJS.Workbook();
    await read.xlsx.load(await explanationsWorkbook(report).xlsx.writeBuffer());
    const sheet = read.getWorksheet(EXPLANATIONS_SHEET)!;
    expect(String(sheet.getRow(3).getCell(8).value)).toBe('Answer (checked by planning again with the change)');
    expect(String(sheet.getRow(4).getCell(8).value).startsWith(report.answerWords?.A1.verdict ?? '?')).toBe(true);
  });
});

describe('answers the search could not settle, in plain words', () => {
  const base = {
    projectId: 'P',
    municipalityCode: 'WC011',
    municipalityName: 'Matzikama',
    reason: 'budget',
    detail: 'Starting in 2026/27 it needs R10.0 million in 2026/27 but MIG has only R4.0 million left; the money earns more benefit in the funded projects.',
    derivedBenefit: 100,
    blockingProjectIds: [],
    exclusiveGroup: null,
    alternativeIds: [],
    policyBlockers: [],
    solveCount: 3,
    failedSolveCount: 0,
  } as const;
  const topUp = { kind: 'top_up', sourceId: 'MIG', financialYear: 2027, amountRand: 12_300_000 } as const;
  const verification = { status: 'feasible', projectFunded: true, startYear: 2027, violations: [], objectiveBefore: 1000, objectiveAfter: 1001, requestedGap: 0.001, method: 'bound_without' } as const;
  const failure = { kind: 'solve_failed', solve: 'the least-extra-money MILP', status: 'time_limit', rawStatus: null, timeLimitSeconds: 15, sentence: 'The least-extra-money MILP failed: it reached its time limit of 15 s before finding any plan; try a longer --time-limit (e.g. --time-limit 60) or a looser --gap (e.g. --gap 0.01).' } as const;
  const cases: { name: string; explanation: Explanation; verdict: RegExp }[] = [
    {
      name: 'a change stopped above the accuracy asked for',
      explanation: { ...base, changes: [topUp], extraMoneyRand: 12_300_000, outcome: 'not_verified', failure: null, summary: 'R12.3 million more from MIG in 2027/28 funds it: NOT VERIFIED at the 0.10% gap: the re-solve with the change stopped at its time box ...; the search stopped at its budget of 60 s (--time-limit sets the box of each re-solve; the budget is 4 boxes) before the wider search found a verified change.', verification: { ...verification, verified: false, outcome: 'funded_above_gap', gap: 0.0025 } },
      verdict: /^P is not funded because the MIG money runs out in 2027\/28; R12\.3 million more from MIG in 2027\/28 may fund it, but this is NOT VERIFIED\.$/,
    },
    {
      name: 'money better spent elsewhere',
      explanation: { ...base, changes: [topUp], extraMoneyRand: 12_300_000, outcome: 'not_verified', failure: null, summary: 'R12.3 million more from MIG in 2027/28 is not enough (NOT VERIFIED): with it the re-solve found ...', verification: { ...verification, verified: false, outcome: 'better_without', objectiveAfter: 1010, fundingPlanBenefitPoints: 1001, gap: 0.009 } },
      verdict: /^P is not funded because the MIG money runs out in 2027\/28; R12\.3 million more from MIG in 2027\/28 would let a plan fund it, but is not enough for the best plan to: it is better spent on other projects\.$/,
    },
    {
      name: 'a planning run that did not finish',
      explanation: { ...base, changes: [], extraMoneyRand: 0, outcome: 'solve_failed', failure, failedSolveCount: 1, summary: `No answer: ${failure.sentence}`, verification: null },
      verdict: /^P: no answer, because a planning run the answer needed did not finish\.$/,
    },
    {
      name: 'a policy project a plan can fund without a change of the rules',
      explanation: { ...base, reason: 'policy', detail: 'Funding it would push the Sanitation share of spending below the minimum of 30%.', changes: [], extraMoneyRand: 0, outcome: 'verified', failure: null, summary: "No rule needs to change: a plan that funds it (benefit 1,000.0) is within the 0.10% gap of the best plan (the proven bound without it 1,000.5); the plan explained leaves it out within the solver's gap.", verification: { ...verification, verified: true, outcome: 'funded_within_gap', objectiveAfter: 1000 } },
      verdict: /^P is not funded, but no policy rule keeps it out: the money does; a plan that funds it in place of other projects is within 0\.1% of the best plan, the accuracy plans are worked out to, so funding it needs no change of the rules\.$/,
    },
    {
      name: 'a prerequisite that cannot finish in time',
      explanation: { ...base, reason: 'prerequisite', changes: [], extraMoneyRand: 0, outcome: 'no_change_found', failure: null, verification: null, summary: 'No start year works inside the horizon: Q finishes in 2027/28 at the earliest, so P could start in 2028/29 at the earliest, but its 3-year cash flow and window allow no start after 2027/28 (the horizon ends 2029/30); a longer horizon or an earlier start of Q would be needed.' },
      verdict: /^P cannot be funded inside the plan's years, whatever the money or the rules: its prerequisite cannot finish early enough\.$/,
    },
    {
      name: 'a search that ran out of time',
      explanation: { ...base, changes: [], extraMoneyRand: 0, outcome: 'no_change_found', failure: null, verification: null, summary: 'No change found: the search stopped at its budget of 60 s (--time-limit sets the box of each re-solve; the budget is 4 boxes).' },
      verdict: /^P is not funded because the money runs out: the grants buy more benefit in the projects the plan funds; no change that funds it was found in the time allowed\.$/,
    },
  ];
  for (const { name, explanation, verdict } of cases) {
    it(`${name}: the verdict first, no solver term`, () => {
      const report: ExplainReport = { modelName: 'm', scenarioName: 'baseline', objective: 1000, deferredCount: 1, explanations: [explanation] };
      const text = formatExplanations(report);
      expect(block(text, 'P')[0]).toMatch(verdict);
      expect(jargonLines(text)).toEqual([]);
      expect(jargonLines(explanationsToMarkdown(report))).toEqual([]);
    });
  }

  it('a check that asked more than the plan explained was shown to be (task x1): says what was checked at which gap, and that a looser gap settles it', () => {
    // The plan explained (1000) is shown within 0.07% of the best (1000.7); the plan that funds it (999.2) plus 0.1% is 1000.2, below that.
    const aboveGap = { ...verification, verified: false, outcome: 'funded_above_gap', objectiveAfter: 999.2, gap: 0.0044, targetBenefitPoints: 1000.1992, planBoundBenefitPoints: 1000.7 } as const;
    const explanation: Explanation = { ...base, changes: [topUp], extraMoneyRand: 12_300_000, outcome: 'not_verified', failure: null, summary: 'R12.3 million more from MIG in 2027/28 funds it: NOT VERIFIED at the 0.10% gap.', verification: aboveGap };
    const words = answerInWords(explanation, null);
    expect(words.checked).toBe(
      'NOT VERIFIED: planning again with the change found a plan that funds it, but in the time allowed could show it only within 0.44% of the best plan, not the 0.1% asked for, so a plan without it may be better. ' +
        'At 0.1% this check asks more than the plan explained was ever shown to be: every plan without it would have to be proven worth at most 1,000.2 (the plan that funds it plus 0.1%), ' +
        'but the plan explained (1,000.0) is itself only shown to be within 0.07% of the best (at most 1,000.7). A looser --gap (e.g. --gap 0.005) can settle it; a longer --time-limit seldom does.',
    );
    expect(closerThanPlanWords(aboveGap)).toBe("; at this gap it could verify only with a proof closer than the plan explained's own: a plan without it must be proven worth at most 1,000.2, below the plan explained's proven bound 1,000.7");
    // A target above the plan's bound: the usual advice, and no such clause.
    const reachable = { ...aboveGap, targetBenefitPoints: 1001.5 };
    expect(answerInWords({ ...explanation, verification: reachable }, null).checked).toMatch(/may be better; a longer --time-limit \(e\.g\. --time-limit 60\) or a looser --gap \(e\.g\. --gap 0\.01\) may settle it\.$/);
    expect(closerThanPlanWords(reachable)).toBe('');
  });

  it('a change whose words end in brackets puts its scenario settings after a semicolon, never two brackets in a row (task x1)', () => {
    const included: Explanation = { ...base, reason: 'excluded', changes: [{ kind: 'include', projectId: 'P' }], extraMoneyRand: 0, outcome: 'verified', failure: null, summary: 'Include P (now excluded) funds it; verified.', verification: { ...verification, verified: true, outcome: 'funded_within_gap', gap: 0.0005 } };
    expect(answerInWords(included, null).change).toBe('Including P (now marked excluded); in a scenario: set the status of P to candidate.');
    const text = formatExplanations({ modelName: 'm', scenarioName: 'baseline', objective: 1000, deferredCount: 1, explanations: [included] });
    expect(text).not.toMatch(/\(\(|\)\)|\) \(/);
  });

  it('a search budget in CPU seconds is said so in plain words', () => {
    const explanation: Explanation = { ...base, changes: [], extraMoneyRand: 0, outcome: 'no_change_found', failure: null, verification: null, summary: 'No change found: the search stopped at its budget of 60 CPU s (--time-limit sets the box of each re-solve; the budget is 4 boxes).' };
    expect(answerInWords(explanation, null).notes).toContain('The search stopped at its time allowance of 60 CPU seconds for the project (four times --time-limit) before it found a change it could check.');
  });

  it('says a failed planning run plainly, keeping its advice', () => {
    expect(failureInWords(failure)).toBe('The search for the least extra money did not finish: it reached its time limit of 15 s before finding any plan; try a longer --time-limit (e.g. --time-limit 60) or a looser --gap (e.g. --gap 0.01).');
  });
});

describe('which plan is explained', () => {
  const report: ExplainReport = { modelName: 'western-cape', scenarioName: 'baseline', objective: 1, deferredCount: 0, explanations: [], planGap: 0.0076 };
  it('names the run folder with --baseline, and says when its plan could not be taken as it was', () => {
    expect(planExplainedWords({ ...report, planExplained: { baselinePath: 'reports/run-1', runNotReusedBecause: null }, planHowSolved: { method: 'taken_from_run', words: '', seconds: 1, milpSolves: 0 } })).toBe(
      'Explaining the plan of reports/run-1 (scenario baseline) as it was: the run was made from the same inputs.',
    );
    expect(planExplainedWords({ ...report, planExplained: { baselinePath: 'reports/run-1', runNotReusedBecause: 'the run applied other overrides' }, planHowSolved: { method: 'milp_warm', words: '', seconds: 1, milpSolves: 1 } })).toBe(
      'Explaining a plan solved now from western-cape (scenario baseline, within 0.76% of the best possible), kept as close as the rules allow to the plan of reports/run-1, which could not be taken as it was (the run applied other overrides).',
    );
    expect(planExplainedWords(report)).toBe('Explaining a plan solved now from western-cape (scenario baseline, within 0.76% of the best possible); to explain the plan you reviewed, pass --baseline <run folder>.');
  });
});
