/**
 * `--top`'s shared time allowance (task t1, ExplainOptions.totalSearchSeconds): each project is given
 * its fair share of what is left as it starts, at most its own budget; the answers on the tiny model
 * (solved in a fraction of a second) are the same as with each project's own budget; an answer cut
 * short by its share says so, in the analyst's sentence and in plain words, and one the search
 * settled (verified, NOT ENOUGH) does not.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cutShortByShare, explainDeferrals, sharedAllowanceSummary, type Explanation, type SearchAllowance } from '../../src/analysis/explain-deferral.js';
import { answerInWords } from '../../src/analysis/explain-words.js';
import { explainFromArguments } from '../../src/cli/explain.js';
import { InvalidInputError } from '../../src/errors/problems.js';
import { loadModel } from '../../src/dataset/load-model.js';
import type { Dataset } from '../../src/dataset/types.js';
import { planModel } from '../../src/plan/plan-model.js';
import type { PortfolioPlan } from '../../src/plan/types.js';
import { TINY_MODEL } from './helpers.js';

let dataset: Dataset;
let plan: PortfolioPlan;
let own: Explanation[];
let shared: Explanation[];
// Shares cut below the project's own budget, yet many boxes each: the tiny model's answers need a few solves of a fraction of a second.
const TOTAL_SECONDS = 400;
const PROJECT_SECONDS = 600;

beforeAll(async () => {
  dataset = await loadModel(TINY_MODEL);
  plan = (await planModel(dataset, { marginalValues: false })).plan as PortfolioPlan;
  const options = { workers: 1, searchSecondsPerProject: PROJECT_SECONDS, planOptions: { timeLimitSeconds: 15 } } as const;
  own = await explainDeferrals(dataset, plan, options);
  shared = await explainDeferrals(dataset, plan, { ...options, totalSearchSeconds: TOTAL_SECONDS });
}, 120_000);

describe('the shared allowance of --top', () => {
  it('gives each project its fair share of what is left as it starts, never more than its own budget', () => {
    expect(shared.length).toBe(4);
    const allowances = shared.map((explanation) => explanation.searchAllowance as SearchAllowance);
    for (const allowance of allowances) {
      expect(allowance.shared).toEqual({ totalSeconds: TOTAL_SECONDS, answerCount: 4 });
      expect(allowance.seconds).toBeLessThanOrEqual(PROJECT_SECONDS);
      expect(allowance.fullSeconds).toBe(allowance.seconds < PROJECT_SECONDS ? PROJECT_SECONDS : null);
    }
    // One project at a time (one worker): the first has a quarter, and what each leaves goes to the next, so the shares never fall.
    expect(allowances[0].seconds).toBeCloseTo(TOTAL_SECONDS / 4, 9);
    for (let index = 1; index < allowances.length; index += 1) expect(allowances[index].seconds).toBeGreaterThanOrEqual(allowances[index - 1].seconds - 1e-9);
    // Without the total, each has its own budget and nothing is said to be shared.
    for (const explanation of own) expect(explanation.searchAllowance).toMatchObject({ seconds: PROJECT_SECONDS, fullSeconds: null, shared: null });
  });

  it('finds the same answers on the tiny model (its solves take far less than any share)', () => {
    const essence = (explanations: readonly Explanation[]) => explanations.map((explanation) => ({ id: explanation.projectId, outcome: explanation.outcome, changes: explanation.changes, verified: explanation.verification?.verified ?? null }));
    expect(essence(shared)).toEqual(essence(own));
    expect(shared.filter((explanation) => explanation.outcome === 'verified').length).toBe(3);
    // Settled answers say nothing of the share.
    for (const explanation of shared) expect(explanation.summary).not.toMatch(/cut short/);
  });

  it('an answer cut short by its share says so and what settles it; a settled one does not', () => {
    const moneyAnswer = shared.find((explanation) => explanation.projectId === 'WC012-S-01') as Explanation;
    const allowance: SearchAllowance = { seconds: 24, cpuSeconds: true, fullSeconds: 60, shared: { totalSeconds: 240, answerCount: 10 } };
    const verification = { ...moneyAnswer.verification!, verified: false, outcome: 'funded_above_gap' as const, gap: 0.004 };
    const unsettled: Explanation = { ...moneyAnswer, outcome: 'not_verified', verification, searchAllowance: allowance };
    expect(cutShortByShare(unsettled, allowance)).toBe(true);
    const summary = sharedAllowanceSummary(unsettled, allowance);
    expect(summary).toContain('the 10 answers shared 240 CPU s and this one had 24 CPU s of it; explain --project WC012-S-01 (60 CPU s for it alone) or a looser --gap may settle it.');
    const words = answerInWords({ ...unsettled, summary }, dataset);
    expect(words.notes.join(' ')).toContain('explain --project WC012-S-01 gives it 60 CPU seconds on its own');
    expect(words.notes.join(' ')).not.toMatch(/four times --time-limit/);
    // NOT ENOUGH is settled (a better plan without it was found), and so is a verified answer, and a share as large as the project's own.
    const notEnough: Explanation = { ...unsettled, verification: { ...verification, outcome: 'better_without' } };
    expect(sharedAllowanceSummary(notEnough, allowance)).toBe(notEnough.summary);
    expect(sharedAllowanceSummary({ ...unsettled, outcome: 'verified' }, allowance)).toBe(unsettled.summary);
    expect(cutShortByShare(unsettled, { ...allowance, fullSeconds: null })).toBe(false);
    expect(answerInWords(notEnough, dataset).notes.join(' ')).not.toMatch(/--total-time-limit/);
  });

  it('--total-time-limit is checked as a time limit: a bad value names the option, before anything is solved', async () => {
    const silent = { isTTY: false, write: () => true };
    for (const bad of [0, -5, Number.NaN]) {
      const failure = await explainFromArguments({ model: TINY_MODEL, top: 2, totalTimeLimit: bad }, silent).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(InvalidInputError);
      expect((failure as InvalidInputError).problems[0]).toMatchObject({ column: '--total-time-limit' });
    }
  });
});
