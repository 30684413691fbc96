/** The sweep chart carries the illustrative-inputs line the run charts carry, and only for a model that asks for it. */
import { describe, expect, it } from 'vitest';
import { frontierChart, householdsGrowthChart } from '../../src/analysis/reports/analysis-charts.js';
import { ILLUSTRATIVE_INPUTS_LINE } from '../../src/report/format.js';

describe('sweep chart', () => {
  const frontier = { points: [], warnings: [] };
  it('shows the illustrative-inputs line for a model with an illustrative note', () => {
    const subtitle = frontierChart(frontier, 'Project register is illustrative.').options?.plugins?.subtitle;
    expect(subtitle).toMatchObject({ display: true, text: ILLUSTRATIVE_INPUTS_LINE });
  });
  it('leaves it out for a model of published figures', () => {
    expect(frontierChart(frontier, '').options?.plugins?.subtitle).toMatchObject({ display: false });
  });
});

describe('households-growth chart', () => {
  const figures = (householdsServed: number | null, capacityAddedMlPerDay: number | null) => ({
    status: householdsServed === null ? ('infeasible' as const) : ('optimal' as const),
    gap: 0,
    householdsServed,
    capacityAddedMlPerDay,
    benefit: householdsServed === null ? null : 1,
    spendingRand: householdsServed === null ? null : 1,
    projectsFunded: householdsServed === null ? null : 1,
  });
  const frontier = {
    points: [
      { householdsLevel: 3000, ...figures(3000, 8.5) },
      { householdsLevel: 4000, ...figures(null, null) },
      { householdsLevel: 5000, ...figures(5000, 6) },
    ],
    growthOnly: figures(3000, 8.5),
    householdsOnly: figures(5000, 6),
    currentPlan: figures(4200, 6.5),
    warnings: [],
  };
  it('draws the points with a plan as steps, the current plan as its own marker, and the illustrative line', () => {
    const chart = householdsGrowthChart(frontier, 'Project register is illustrative.');
    const [line, current] = chart.data.datasets;
    expect(line.data).toEqual([{ x: 3000, y: 8.5 }, { x: 5000, y: 6 }]);
    expect((line as { stepped?: unknown }).stepped).toBe('after');
    expect(current.data).toEqual([{ x: 4200, y: 6.5 }]);
    expect(chart.options?.plugins?.subtitle).toMatchObject({ display: true, text: ILLUSTRATIVE_INPUTS_LINE });
  });
  it('leaves the current plan out when it has no plan', () => {
    const chart = householdsGrowthChart({ ...frontier, currentPlan: figures(null, null) }, '');
    expect(chart.data.datasets[1].data).toEqual([]);
  });
});
