/**
 * bench/scale-model.ts: the scaled benchmark models are valid models whose copies are independent
 * (ids, prerequisites and exclusive groups stay inside their copy) and whose money scales with
 * them, so two copies of the tiny fixture's optimal plan are a plan of the scaled model.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { copiedId, scaleModelYaml, writeScaledModel } from '../../bench/scale-model.js';
import { loadModel } from '../../src/dataset/load-model.js';
import { planModel } from '../../src/plan/plan-model.js';
import { expectAtLeast } from '../tolerance.js';

const tinyPath = path.resolve('tests/fixtures/tiny');
const scratch = mkdtempSync(path.join(tmpdir(), 'infraplan-scale-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('scale-model', () => {
  it('repeats the register with suffixed ids, keeps links inside each copy and scales the money', async () => {
    const out = path.join(scratch, 'tiny-x2');
    writeScaledModel(tinyPath, 2, out);
    const tiny = await loadModel(tinyPath);
    const scaled = await loadModel(out);
    expect(scaled.config.name).toBe('tiny-x2');
    expect(scaled.projects).toHaveLength(2 * tiny.projects.length);
    expect(new Set(scaled.projects.map((project) => project.id)).size).toBe(scaled.projects.length);
    for (const copy of [1, 2]) {
      for (const project of tiny.projects) {
        const copied = scaled.projects.find((candidate) => candidate.id === copiedId(project.id, copy));
        expect(copied, `${project.id} copy ${copy}`).toBeDefined();
        expect(copied?.prerequisiteIds).toEqual(project.prerequisiteIds.map((id) => copiedId(id, copy)));
        expect(copied?.exclusiveGroup).toBe(project.exclusiveGroup === null ? null : copiedId(project.exclusiveGroup, copy));
        expect(copied?.cashFlowRandByBuildYear).toEqual(project.cashFlowRandByBuildYear);
        expect(copied?.status).toBe(project.status);
      }
    }
    for (const source of tiny.fundingSources) {
      const copied = scaled.fundingSources.find((candidate) => candidate.id === source.id);
      for (const [year, amount] of Object.entries(source.envelopeRandByYear)) expect(copied?.envelopeRandByYear[Number(year)]).toBe(2 * amount);
    }
    expect(scaled.config.policy.maxConcurrentProjectsPerMunicipality).toBe(2 * tiny.config.policy.maxConcurrentProjectsPerMunicipality);
    expect(scaled.municipalities).toEqual(tiny.municipalities);
    expect(scaled.config.illustrativeNote).toContain('BENCHMARK MODEL');

    // Two copies of the tiny optimum fit the scaled model, so its optimum is at least twice as large.
    const tinyPlan = (await planModel(tiny, { relativeGap: 0, marginalValues: false })).plan;
    const scaledPlan = (await planModel(scaled, { relativeGap: 0, marginalValues: false })).plan;
    expect(scaledPlan.status).toBe('optimal');
    // planModel has checked the plan independently (it throws otherwise); the bound is what the scaling promises.
    expectAtLeast(scaledPlan.objectiveBenefitPoints, 2 * (tinyPlan.objectiveBenefitPoints as number));
  });

  it('leaves a masterplan: block out, so every copy of the register is planned (the stage would regenerate its rows once)', () => {
    const yaml = 'name: national\npolicy:\n  max_concurrent_projects_per_municipality: 3\nmasterplan:\n  use_generated_register: true\nengine:\n  solver: highs\n';
    const scaled = parseYaml(scaleModelYaml(yaml, 5)) as Record<string, unknown>;
    expect(scaled.masterplan).toBeUndefined();
    expect(scaled).toMatchObject({ name: 'national-x5', policy: { max_concurrent_projects_per_municipality: 15 }, engine: { solver: 'highs' } });
  });

  it('is deterministic and refuses a folder with files unless forced', () => {
    const first = path.join(scratch, 'first');
    const second = path.join(scratch, 'second');
    writeScaledModel(tinyPath, 2, first);
    writeScaledModel(tinyPath, 2, second);
    for (const file of ['projects.csv', 'funding.csv', 'model.yaml', 'needs.csv']) {
      expect(readFileSync(path.join(second, file), 'utf8')).toBe(readFileSync(path.join(first, file), 'utf8'));
    }
    expect(() => writeScaledModel(tinyPath, 2, first)).toThrow(/not empty; pass --force/);
    expect(() => writeScaledModel(tinyPath, 2, first, { force: true })).not.toThrow();
    expect(() => writeScaledModel(tinyPath, 0, path.join(scratch, 'none'))).toThrow(/at least 1/);
  });
});
