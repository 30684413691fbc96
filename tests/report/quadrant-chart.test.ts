/**
 * The need × growth chart's text laid out for real (chart.js in-process, the chart's own layout):
 * no municipality code is drawn over a quadrant name or over the note on unlabelled bubbles.
 * A small bubble close to the bottom-right corner, as WC032 sits in the default model, would
 * otherwise be labelled on top of "High growth, low need".
 */
import { Image, createCanvas } from '@napi-rs/canvas';
import type { Chart as ChartType } from 'chart.js';
import { describe, expect, it } from 'vitest';
import { registerChartFonts, renderChartToPng, CHART_FONT_FAMILY } from '../../src/report/charts/chart-canvas.js';
import { QUADRANT_DATA_CREDIT, quadrantChart, quadrantTextLayout, type TextBox } from '../../src/report/charts/quadrant-chart.js';
import type { Plan } from '../../src/plan/types.js';
import { fixtureDataset, fixturePlan } from './fixtures.js';

const MILLION = 1_000_000;
const overlap = (a: TextBox, b: TextBox) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/** The fixture plan with more municipalities at the given (growth, need) points, R1 million each. */
function planWith(points: readonly { code: string; growthIndex: number; needIndex: number }[]): Plan {
  const plan = fixturePlan();
  const template = plan.municipalities[0];
  const added = points.map((point) => ({ ...template, municipalityCode: point.code, municipalityName: point.code, growthIndex: point.growthIndex, needIndex: point.needIndex, spendingRand: MILLION }));
  return { ...plan, municipalities: [...plan.municipalities, ...added] } as Plan;
}

/** Lay a quadrant chart out in-process and read its text layout. */
async function layoutOf(plan: Plan) {
  const { Chart, registerables } = await import('chart.js');
  Chart.register(...registerables);
  registerChartFonts();
  const configuration = quadrantChart(plan, fixtureDataset());
  const chart = new Chart(createCanvas(1200, 700) as never, { ...configuration, options: { ...configuration.options, font: { family: CHART_FONT_FAMILY, size: 15 }, animation: false, responsive: false } } as never) as unknown as ChartType<'bubble'>;
  try {
    return quadrantTextLayout(chart);
  } finally {
    chart.destroy();
  }
}

describe('the need-growth quadrant chart text', () => {
  it('labels a bubble near a corner clear of the quadrant name', async () => {
    const layout = await layoutOf(planWith([{ code: 'WC032', growthIndex: 0.93, needIndex: 0.02 }, { code: 'WC033', growthIndex: 0.06, needIndex: 0.97 }]));
    expect(layout.names.map((name) => name.text)).toEqual(['Low growth, high need', 'High growth, high need', 'Low growth, low need', 'High growth, low need']);
    expect(layout.labels.map((label) => label.text)).toEqual(expect.arrayContaining(['WC032', 'WC033']));
    for (const label of layout.labelBoxes) for (const name of layout.names) expect(overlap(label, name), `${label.text} over "${name.text}"`).toBe(false);
  });

  it('keeps the unlabelled note under the plot, clear of the quadrant names and of every label', async () => {
    // Thirty bubbles on one spot: most go unlabelled and the note is drawn.
    const crowd = Array.from({ length: 30 }, (_, index) => ({ code: `WC${String(100 + index)}`, growthIndex: 0.9, needIndex: 0.1 }));
    const layout = await layoutOf(planWith(crowd));
    expect(layout.note).not.toBeNull();
    const note = layout.note!;
    expect(note.text).toMatch(/^\d+ bubbles unlabelled/);
    for (const name of layout.names) expect(overlap(note, name), `note over "${name.text}"`).toBe(false);
    for (const label of layout.labelBoxes) expect(overlap(label, note), `${label.text} over the note`).toBe(false);
  });

  it('draws the Stats SA credit in the strip under the legend', async () => {
    expect(QUADRANT_DATA_CREDIT).toMatch(/^Source: Statistics South Africa, Census 2022/);
    const greyPixels = async (showLabels: boolean): Promise<number> => {
      const png = await renderChartToPng(quadrantChart(fixturePlan(), fixtureDataset(), showLabels) as never, 1200, 700);
      const image = new Image();
      image.src = png;
      const canvas = createCanvas(image.width, image.height);
      const context = canvas.getContext('2d');
      context.drawImage(image, 0, 0);
      // The bottom-left strip, left of where the unlabelled note can start.
      const { data } = context.getImageData(0, 682, 600, 18);
      let count = 0;
      for (let index = 0; index < data.length; index += 4) if (data[index] < 160 && data[index + 1] < 160 && data[index + 2] < 160) count += 1;
      return count;
    };
    expect(await greyPixels(true)).toBeGreaterThan((await greyPixels(false)) + 300);
  });
});
