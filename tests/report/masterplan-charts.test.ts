/**
 * The master plan's shortfall timeline is laid out by chart.js for real and its ticks read back:
 * every tick on a whole financial year and a whole row, each row named after its municipality, and
 * the illustrative line short enough to fit the chart's width.
 */
import { createCanvas } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/dataset/load-model.js';
import { buildDatasetMasterPlan } from '../../src/masterplan/apply-master-plan.js';
import { registerChartFonts, CHART_FONT_FAMILY } from '../../src/report/charts/chart-canvas.js';
import { shortfallTimelineChart } from '../../src/report/charts/masterplan-charts.js';
import { ILLUSTRATIVE_INPUTS_LINE } from '../../src/report/format.js';

const WIDTH = 1200;
const HEIGHT = 500;

describe('the master plan shortfall timeline', () => {
  it('puts its ticks on whole years and named rows, and its illustrative line fits the width', async () => {
    const dataset = await loadModel('tests/fixtures/masterplan');
    const result = buildDatasetMasterPlan(dataset);
    const configuration = shortfallTimelineChart(result, dataset);
    const { Chart, registerables } = await import('chart.js');
    Chart.register(...registerables);
    registerChartFonts();
    const canvas = createCanvas(WIDTH, HEIGHT);
    const chart = new Chart(canvas as never, { ...configuration, options: { ...configuration.options, font: { family: CHART_FONT_FAMILY, size: 15 }, animation: false, responsive: false } } as never);
    try {
      const years = result.masterPlan.years;
      const xTicks = chart.scales.x.ticks;
      expect(xTicks.length).toBeGreaterThan(3);
      for (const tick of xTicks) {
        expect(Number.isInteger(tick.value)).toBe(true);
        expect(years).toContain(tick.value);
      }
      expect(xTicks[0].value).toBe(years[0]);
      expect(xTicks.map((tick) => tick.label)).toContain(`${years[0]}/${String((years[0] + 1) % 100).padStart(2, '0')}`);
      expect(xTicks.every((tick) => !String(tick.label).includes('.'))).toBe(true);
      const yTicks = chart.scales.y.ticks;
      expect(yTicks.map((tick) => tick.value)).toEqual(dataset.municipalities.map((_municipality, row) => row));
      expect(yTicks.map((tick) => tick.label)).toEqual(dataset.municipalities.map((municipality) => `${municipality.code} ${municipality.name}`));
      // Each line of the subtitle fits the chart at the subtitle's font.
      const subtitle = configuration.options?.plugins?.subtitle;
      const lines = ([] as string[]).concat((subtitle?.text ?? []) as string | string[]);
      expect(lines[0]).toBe(ILLUSTRATIVE_INPUTS_LINE);
      const context = createCanvas(10, 10).getContext('2d');
      context.font = `bold ${(subtitle?.font as { size: number }).size}px "${CHART_FONT_FAMILY}"`;
      for (const line of lines) expect(context.measureText(line).width).toBeLessThan(WIDTH - 40);
    } finally {
      chart.destroy();
    }
  });
});
