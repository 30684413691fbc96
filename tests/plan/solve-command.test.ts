import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatPlanSummary, planToJson, solveModel } from '../../src/cli/solve.js';

const tinyPath = path.resolve('tests/fixtures/tiny');

describe('solve command library functions', () => {
  it('plans the tiny fixture and prints JSON with numeric start years and their labels', async () => {
    const plan = await solveModel({ model: tinyPath });
    const parsed = JSON.parse(planToJson(plan)) as { status: string; projects: { id: string; funded: boolean; startYear: number | null; startFinancialYear: string | null }[] };
    expect(parsed.status).toBe('optimal');
    const funded = parsed.projects.filter((project) => project.funded);
    expect(funded.length).toBeGreaterThan(0);
    for (const project of funded) expect(project.startFinancialYear).toBe(`${project.startYear}/${String(((project.startYear as number) + 1) % 100).padStart(2, '0')}`);
    expect(formatPlanSummary(plan)).toMatch(new RegExp(`funded ${funded.length} of ${parsed.projects.length} projects`));
  });

  it('applies --set overrides through the scenario layer', async () => {
    const plan = await solveModel({ model: tinyPath, set: ['policy.max_concurrent_projects_per_municipality=1'] });
    expect(plan.overridesApplied.some((line) => line.includes('max_concurrent_projects_per_municipality'))).toBe(true);
  });
});
