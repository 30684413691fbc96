/**
 * The basic-package floor is lowered to what a municipality's register can deliver (D_m), counting
 * exclusive groups and prerequisites together, so with ample money a lowered floor is always met;
 * the checker holds plans to the same D_m.
 */
import { describe, expect, it } from 'vitest';
import type { Project } from '../../src/dataset/types.js';
import { checkPlan } from '../../src/plan/check-plan.js';
import { planModel } from '../../src/plan/plan-model.js';
import { deliverable } from '../../src/rules/basic-package.js';
import { MILLION, tinyDataset, tinyProject, tinySource } from './tiny-models.js';

/** Best total over every subset closed under prerequisites with at most one project per exclusive group, from the definition. */
function bruteForce(counted: readonly Project[], fundable: readonly Project[]): number {
  let best = 0;
  for (let mask = 0; mask < 1 << fundable.length; mask += 1) {
    const chosen = new Set(fundable.filter((_, position) => (mask >> position) & 1).map((project) => project.id));
    const members = fundable.filter((project) => chosen.has(project.id));
    if (!members.every((project) => project.prerequisiteIds.every((id) => chosen.has(id)))) continue;
    const groups = members.flatMap((project) => (project.exclusiveGroup === null ? [] : [project.exclusiveGroup]));
    if (new Set(groups).size !== groups.length) continue;
    best = Math.max(best, counted.filter((project) => chosen.has(project.id)).reduce((sum, project) => sum + project.householdsServed, 0));
  }
  return best;
}

/** A seeded generator (the same cases every run). */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

describe('what the register can deliver (D_m)', () => {
  it('counts prerequisites with exclusive groups: P2 needs P1, whose alternative P3 serves more', () => {
    const projects = [
      tinyProject({ id: 'P1', householdsServed: 100, exclusiveGroup: 'g' }),
      tinyProject({ id: 'P3', householdsServed: 300, exclusiveGroup: 'g' }),
      tinyProject({ id: 'P2', householdsServed: 200, prerequisiteIds: ['P1'] }),
    ];
    // {P1, P2} serve 300 and {P3} 300; one project per group alone would say 300 + 200 = 500.
    expect(deliverable(projects, projects, (project) => project.householdsServed)).toEqual({ most: 300, exact: true });
  });

  it('equals brute force on random registers of eight projects', () => {
    const random = seeded(20261202);
    for (let trial = 0; trial < 300; trial += 1) {
      const projects = Array.from({ length: 8 }, (_, position) => {
        const prerequisiteIds = Array.from({ length: position }, (_, other) => `R${other}`).filter(() => random() < 0.2);
        const roll = random();
        return tinyProject({
          id: `R${position}`,
          householdsServed: Math.floor(random() * 5) * 100,
          exclusiveGroup: roll < 0.3 ? 'a' : roll < 0.5 ? 'b' : roll < 0.6 ? 'c' : null,
          prerequisiteIds,
        });
      });
      // The municipality's counted projects are a random part of the register; prerequisites may lie outside it.
      const counted = projects.filter(() => random() < 0.7);
      expect(deliverable(counted, projects, (project) => project.householdsServed).most, `trial ${trial}`).toBe(bruteForce(counted, projects));
    }
  });
});

describe('a floor lowered to D_m', () => {
  it('is met with ample money, and the checker accepts the plan', async () => {
    const dataset = tinyDataset({
      horizonYears: 3,
      sources: [tinySource('GRANT', [100 * MILLION, 100 * MILLION, 100 * MILLION], false)],
      policy: { basicPackageFloorShare: 1 },
      projects: [
        tinyProject({ id: 'P1', householdsServed: 100, exclusiveGroup: 'g' }),
        tinyProject({ id: 'P3', householdsServed: 300, exclusiveGroup: 'g' }),
        tinyProject({ id: 'P2', householdsServed: 200, prerequisiteIds: ['P1'] }),
        tinyProject({ id: 'S1', municipalityCode: 'BB002', service: 'sanitation', householdsServed: 500 }),
      ],
    });
    const { plan } = await planModel(dataset);
    expect(plan.status).toBe('optimal');
    expect(plan.warnings).toContain('basic-package floor for AA001: 1000 households required but its register can serve at most 300; the floor was lowered to 300');
    const served = plan.projects.filter((line) => line.funded && line.municipalityCode === 'AA001').reduce((sum, line) => sum + line.householdsServed, 0);
    expect(served).toBe(300);
    expect(checkPlan(plan, dataset).violations).toEqual([]);
  });
});
