/**
 * The short answer on explain's progress line (`explain: 1 of 2 answered, ID: …; about …`) is never empty:
 * a new user saw "(WC044-W-RES-2: )" for an answer verified without any change.
 */
import { describe, expect, it } from 'vitest';
import { answeredLine, shortAnswer } from '../../src/cli/explain.js';
import type { Explanation } from '../../src/analysis/explain-deferral.js';
import type { Dataset } from '../../src/dataset/types.js';

const dataset = {} as Dataset;
const answer = (fields: Partial<Explanation>): Explanation => ({ projectId: 'P', changes: [], outcome: 'verified', failure: null, ...fields }) as unknown as Explanation;

describe('shortAnswer', () => {
  it('says no change is needed when the answer is verified without a change', () => {
    expect(shortAnswer(answer({ outcome: 'verified' }), dataset)).toBe("no change needed: a plan that funds it is as good as the best, within the plan's accuracy");
  });

  it('says no change was found, and names a failed solve', () => {
    expect(shortAnswer(answer({ outcome: 'no_change_found' }), dataset)).toBe('no change found');
    expect(shortAnswer(answer({ outcome: 'solve_failed', failure: { solve: 'the least-extra-money MILP' } as Explanation['failure'] }), dataset)).toBe('no answer, the search for the least extra money did not finish');
  });
});

describe('answeredLine', () => {
  it('prints no two brackets in a row when the short answer ends in brackets (task x1: "…CED-RES))")', () => {
    const line = answeredLine(3, 4, 'WC012-W-01', 'dropping WC012-W-02 (the funded alternative in group CED-RES)', 'about 2 s left');
    expect(line).toBe('explain: 3 of 4 answered, WC012-W-01: dropping WC012-W-02 (the funded alternative in group CED-RES); about 2 s left');
    expect(line).not.toMatch(/\(\(|\)\)/);
  });
});
