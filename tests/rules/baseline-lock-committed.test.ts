import { describe, expect, it } from 'vitest';
import { baselineLockOf } from '../../src/dataset/read-baseline.js';
import type { BaselineDecisions } from '../../src/dataset/types.js';
import { computeIndices } from '../../src/indicators/indices.js';
import { buildFormulation } from '../../src/program/formulation.js';
import { MILLION, tinyDataset, tinyProject, tinySource } from '../plan/tiny-models.js';

describe('the baseline lock and committed projects (review u4, finding 18)', () => {
  // C is committed and can only start in 2026/27 (under way); F is a candidate the baseline started then too.
  const dataset = tinyDataset({
    horizonYears: 3,
    projects: [
      tinyProject({ id: 'C', status: 'committed', earliestStartYear: 2026, latestStartYear: 2026, fundingSourceIds: ['S'] }),
      tinyProject({ id: 'F', earliestStartYear: 2026, latestStartYear: 2028, fundingSourceIds: ['S'] }),
      tinyProject({ id: 'M', status: 'committed', earliestStartYear: 2026, latestStartYear: 2027, fundingSourceIds: ['S'] }),
    ],
    sources: [tinySource('S', [5 * MILLION, 5 * MILLION, 5 * MILLION], false)],
  });
  const baseline: BaselineDecisions = { source: 'b.json', modelName: 'tiny', startYearByProjectId: { C: 2026, F: 2026, M: 2026 } };

  it('adds no lock row for a committed project whose only start is the locked one, and keeps it for the others', () => {
    const locked = { ...dataset, baselineLock: baselineLockOf(baseline, dataset, 1) };
    const built = buildFormulation(locked, computeIndices(locked), 'portfolio');
    const lockRows = built.program.constraints.filter((row) => row.group === 'baseline_lock').map((row) => row.label);
    // C is held at 2026/27 by being committed with one start: a lock row on it could only be named, in an
    // infeasible model, as a rule whose relaxation frees nothing. M (committed, two starts) and F keep theirs.
    expect(lockRows).not.toContain('baseline_lock[C]');
    expect(lockRows).toContain('baseline_lock[F]');
    expect(lockRows).toContain('baseline_lock[M]');
  });
});
