/** The sweep chart carries the illustrative-inputs line the run charts carry, and only for a model that asks for it. */
import { describe, expect, it } from 'vitest';
import { frontierChart } from '../../src/analysis/reports/analysis-charts.js';
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
