/**
 * explain on a project the plan defers because it would add no benefit (deferral reason
 * no_benefit): no money or rule change makes the best plan fund it, so the answer says so at once,
 * with no re-solve, and names what would (a longer horizon, or committing it). The tiny model is the
 * one of tests/plan/no-benefit-deferral.test.ts: Z0 serves nobody, W2 is kept out by the sanitation
 * share and still gets a searched answer.
 */
import { describe, expect, it } from 'vitest';
import { explainDeferrals } from '../../src/analysis/explain-deferral.js';
import { answerInWords } from '../../src/analysis/explain-words.js';
import type { PortfolioPlan } from '../../src/plan/types.js';
import { solveAndInterpret } from '../plan/plan-fixtures.js';
import { noBenefitShareDataset } from '../plan/tiny-models.js';

const dataset = noBenefitShareDataset();

describe('explain on a project that would add no benefit', () => {
  it('answers without a re-solve that no money or rule change funds it, and ranks it last', async () => {
    const plan = (await solveAndInterpret(dataset)) as PortfolioPlan;
    expect(plan.projects.find((project) => project.id === 'Z0')?.deferralReason).toBe('no_benefit');
    const answers = await explainDeferrals(dataset, plan, { workers: 1, planOptions: { relativeGap: 0 } });
    // Highest benefit if funded first: W2 (100 households) before Z0 (none).
    expect(answers.map((answer) => answer.projectId)).toEqual(['W2', 'Z0']);
    const zero = answers[1];
    expect(zero.derivedBenefit).toBe(0);
    expect(zero.changes).toEqual([]);
    expect(zero.verification).toBeNull();
    expect(zero.solveCount).toBe(0);
    expect(zero.summary).toMatch(/^No change of money or rules makes the best plan fund it: funded, it adds no benefit within the horizon \(Adds nothing the plan counts/);
    expect(zero.summary).toContain('horizon_years');
    // In words: the verdict names the reason and says no change funds it; what would is a note.
    const words = answerInWords(zero, dataset);
    expect(words.verdict).toMatch(/^Z0 is not funded because it would add no benefit the plan counts \(.*\); no change of money or rules makes the best plan fund it\.$/);
    expect(words.change).toBeNull();
    expect(words.notes.join(' ')).toContain('horizon_years');
    // W2 is still searched: a change that funds it is found and checked.
    expect(answers[0].changes.length).toBeGreaterThan(0);
  }, 60_000);
});
