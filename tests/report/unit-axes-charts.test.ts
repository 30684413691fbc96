/**
 * One unit per axis on the charts of a model with a facility service (tests/fixtures/thusong:
 * water in households, Thusong centres in people). Each chart is laid out by chart.js and every
 * axis read back: the lines on it share one unit, and the smaller series are not pressed onto zero
 * by a larger one in another unit.
 */
import { createCanvas } from '@napi-rs/canvas';
import type { ChartConfiguration } from 'chart.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/dataset/load-model.js';
import type { Dataset } from '../../src/dataset/types.js';
import { facilityRollOuts } from '../../src/plan/facility-roll-out.js';
import { planModel } from '../../src/plan/plan-model.js';
import type { PortfolioPlan } from '../../src/plan/types.js';
import { backlogAxisId, backlogCaption, backlogChart } from '../../src/report/charts/backlog-chart.js';
import { facilityRollOutChart } from '../../src/report/charts/facility-roll-out-chart.js';

let dataset: Dataset;
let plan: PortfolioPlan;
beforeAll(async () => {
  dataset = await loadModel('tests/fixtures/thusong');
  ({ plan } = await planModel(dataset, { marginalValues: false }));
});

/** The laid-out maximum of every y axis of a chart, by axis id. */
async function axisMaxima(configuration: ChartConfiguration): Promise<Map<string, number>> {
  const { Chart, registerables } = await import('chart.js');
  Chart.register(...registerables);
  const chart = new Chart(createCanvas(1200, 700) as never, { ...configuration, options: { ...configuration.options, animation: false, responsive: false } } as never);
  try {
    return new Map(Object.entries(chart.scales).filter(([id]) => id !== 'x').map(([id, scale]) => [id, scale.max]));
  } finally {
    chart.destroy();
  }
}

/** Datasets of a configuration grouped by their y axis id. */
function datasetsByAxis(configuration: ChartConfiguration): Map<string, { label: string; data: number[] }[]> {
  const byAxis = new Map<string, { label: string; data: number[] }[]>();
  for (const dataset of configuration.data.datasets as { label?: string; data: unknown[]; yAxisID?: string }[]) {
    const id = dataset.yAxisID ?? 'y';
    byAxis.set(id, [...(byAxis.get(id) ?? []), { label: String(dataset.label), data: dataset.data.map(Number) }]);
  }
  return byAxis;
}

describe('one unit per chart axis', () => {
  it('draws the backlog of each need unit on an axis of its own, titled in that unit', async () => {
    const configuration = backlogChart(plan);
    const units = new Set(plan.services.map((service) => service.needUnit));
    expect([...units].sort()).toEqual(['households', 'people']);
    const byAxis = datasetsByAxis(configuration);
    expect([...byAxis.keys()].sort()).toEqual([backlogAxisId('households'), backlogAxisId('people')]);
    const scales = configuration.options?.scales as Record<string, { title?: { text?: string } }>;
    expect(scales[backlogAxisId('households')].title?.text).toMatch(/^Households/);
    expect(scales[backlogAxisId('people')].title?.text).toMatch(/^People/);
    for (const service of plan.services) {
      const line = byAxis.get(backlogAxisId(service.needUnit))!.find((dataset) => dataset.label.startsWith(service.label));
      expect(line, service.id).toBeDefined();
      expect(line!.label).toContain(service.needUnit === 'people' ? 'people' : 'households');
    }
    // Each axis is scaled to its own lines: the households line fills more than a third of its axis.
    const maxima = await axisMaxima(configuration);
    for (const [axisId, datasets] of byAxis) {
      const largest = Math.max(...datasets.flatMap((dataset) => dataset.data));
      expect(largest, axisId).toBeGreaterThan(maxima.get(axisId)! / 3);
    }
    // The title and caption do not call people households.
    expect(String(configuration.options?.plugins?.title?.text)).not.toMatch(/^Backlog households|\(households\)$/);
    expect(backlogCaption(plan)).toBe('Backlog remaining by year');
  });

  it('keeps the households-only title of a model without a facility service', () => {
    const waterOnly = { ...plan, services: plan.services.filter((service) => service.needUnit === 'households') };
    const configuration = backlogChart({ ...waterOnly, backlog: plan.backlog.filter((point) => waterOnly.services.some((service) => service.id === point.service)) });
    expect(configuration.options?.plugins?.title?.text).toBe('Backlog households remaining at the end of each year (households)');
    expect(Object.keys(configuration.options?.scales ?? {}).sort()).toEqual([backlogAxisId('households'), 'x']);
  });

  it('puts centres and municipalities on a count axis and people within reach on an axis of their own', async () => {
    const [rollOut] = facilityRollOuts(plan, dataset);
    expect(rollOut).toBeDefined();
    const configuration = facilityRollOutChart(rollOut, plan.illustrativeNote);
    const byAxis = datasetsByAxis(configuration);
    expect(byAxis.get('money')!.map((dataset) => dataset.label).every((label) => label.includes('R million'))).toBe(true);
    expect(byAxis.get('counts')!.map((dataset) => dataset.label)).toEqual(['Centres open (right axis)', 'Municipalities with a hub (right axis)']);
    expect(byAxis.get('people')!.map((dataset) => dataset.label)).toEqual(['People within reach (thousands, outer right axis)']);
    const scales = configuration.options?.scales as Record<string, { title?: { text?: string } }>;
    expect(scales.counts.title?.text).not.toMatch(/people/i);
    expect(scales.people.title?.text).toMatch(/people/i);
    const maxima = await axisMaxima(configuration);
    const centresOpen = Math.max(...rollOut.years.map((year) => year.centresOpen));
    expect(centresOpen).toBeGreaterThan(0);
    // The most centres open reach more than a third of the count axis, not a sliver near zero.
    expect(centresOpen).toBeGreaterThan(maxima.get('counts')! / 3);
  });
});
