/**
 * The deferral detail of the minimum service share writes the share as a percentage ("30%"), as an
 * official reads it, not as the fraction model.yaml holds (0.3): a new user saw "the minimum of 0.3".
 */
import { describe, expect, it } from 'vitest';
import { SERVICE_SHARE } from '../../src/rules/service-share.js';
import type { DeferralQuestion } from '../../src/rules/rule-types.js';

describe('the minimum service share keeps a project out', () => {
  it('says the share as a percentage', () => {
    // R30m of R100m funded is sanitation (30%, the minimum); a R10m water project would take it to 27%.
    const question = {
      project: { id: 'W', service: 'water', capexRand: 10_000_000 },
      candidateYears: [2026],
      funded: { totalRand: 100_000_000, randByService: new Map([['sanitation', 30_000_000], ['water', 70_000_000]]) },
      policy: { minServiceShare: { sanitation: 0.3 } },
      services: [
        { id: 'water', label: 'Water' },
        { id: 'sanitation', label: 'Sanitation' },
      ],
    } as unknown as DeferralQuestion;
    expect(SERVICE_SHARE.keepsOut?.(question)).toBe('Funding it would push the Sanitation share of spending below the minimum of 30%.');
  });
});
