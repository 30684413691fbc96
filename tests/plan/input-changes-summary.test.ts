import { describe, expect, it } from 'vitest';
import { inputChangesSummaryWords } from '../../src/plan/baseline-input-changes.js';
import type { BaselineProjectInputChange } from '../../src/plan/types.js';

/** A project change as describeInputChanges records it. */
function change(projectId: string, kind: BaselineProjectInputChange['kind'], startYear: number | null): BaselineProjectInputChange {
  return { projectId, kind, fields: [], origin: kind === 'removed' ? null : 'planner', baselineStartYear: null, startYear, deferralReason: null, deferralDetail: null };
}

describe('the one-line count of the input changes (review u4, finding 10)', () => {
  const base = { fieldsRecorded: true, files: [], needs: [], envelopes: [] };

  it('names up to three projects of a kind, each added one with what the plan did with it', () => {
    const words = inputChangesSummaryWords({ ...base, projects: [change('WC011-W-NEW-1', 'added', null), change('WC011-W-NEW-2', 'added', 2027), change('WC022-W-02', 'removed', null)] });
    expect(words).toBe("since the baseline: 2 projects added: WC011-W-NEW-1 (not funded), WC011-W-NEW-2 (funded), 1 project removed: WC022-W-02; every input file is the same as the baseline run's");
  });

  it('counts four or more (the sheet lists them all)', () => {
    const added = ['A', 'B', 'C', 'D'].map((id, index) => change(id, 'added', index === 0 ? 2026 : null));
    const edited = ['E', 'F', 'G', 'H'].map((id) => change(id, 'edited', 2026));
    expect(inputChangesSummaryWords({ ...base, projects: [...added, ...edited] })).toBe("since the baseline: 4 projects added (1 funded), 4 projects edited; every input file is the same as the baseline run's");
  });
});
