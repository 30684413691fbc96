/**
 * The need × growth chart's text laid out for real (chart.js in-process, the chart's own layout):
 * no municipality code is drawn over a quadrant name or over the note on unlabelled bubbles.
 * A small bubble close to the bottom-right corner, as WC032 sits in the default model, would
 * otherwise be labelled on top of "High growth, low need". On the default model, rendered as the
 * run renders it, and on a hundred seeded spendings over its municipalities, no two labels
 * overlap and no label is drawn over a bubble; a label placed apart is joined to its bubble.
 */
import { Image, createCanvas } from '@napi-rs/canvas';
import type { Chart as ChartType } from 'chart.js';
import { describe, expect, it } from 'vitest';
import { beforeAll } from 'vitest';
import { loadModel } from '../../src/dataset/load-model.js';
import type { Dataset } from '../../src/dataset/types.js';
import { datasetRun, planRun } from '../../src/pipeline/plan-run.js';
import { registerChartFonts, renderChartToPng, CHART_FONT_FAMILY } from '../../src/report/charts/chart-canvas.js';
import { QUADRANT_DATA_CREDIT, quadrantChart, quadrantTextLayout, type QuadrantTextLayout, type TextBox } from '../../src/report/charts/quadrant-chart.js';
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
async function layoutOf(plan: Plan, dataset: Dataset = fixtureDataset()) {
  const { Chart, registerables } = await import('chart.js');
  Chart.register(...registerables);
  registerChartFonts();
  const configuration = quadrantChart(plan, dataset);
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

/** Whether a box and a bubble share a point. */
const overBubble = (box: TextBox, bubble: { x: number; y: number; radius: number }): boolean => {
  const nearestX = Math.min(Math.max(bubble.x, box.left), box.right);
  const nearestY = Math.min(Math.max(bubble.y, box.top), box.bottom);
  return (nearestX - bubble.x) ** 2 + (nearestY - bubble.y) ** 2 < bubble.radius ** 2;
};

/** Every rule the placement promises, checked on a drawn layout. */
function expectReadableLabels(layout: QuadrantTextLayout, where: string): void {
  const boxes = layout.labelBoxes;
  for (let first = 0; first < boxes.length; first += 1) {
    for (let second = first + 1; second < boxes.length; second += 1) expect(overlap(boxes[first], boxes[second]), `${where}: ${boxes[first].text} over ${boxes[second].text}`).toBe(false);
    for (const name of layout.names) expect(overlap(boxes[first], name), `${where}: ${boxes[first].text} over "${name.text}"`).toBe(false);
    if (layout.note !== null) expect(overlap(boxes[first], layout.note), `${where}: ${boxes[first].text} over the note`).toBe(false);
  }
  layout.labels.forEach((label, index) => {
    const bubble = layout.bubbles.find((each) => each.code === label.text)!;
    if (label.leader === undefined) return;
    // A leader starts on its own bubble's edge and ends on its own label's box.
    expect(Math.hypot(label.leader.fromX - bubble.x, label.leader.fromY - bubble.y), `${where}: ${label.text}`).toBeCloseTo(bubble.radius, 6);
    const box = boxes[index];
    expect(label.leader.toX >= box.left - 1e-9 && label.leader.toX <= box.right + 1e-9 && label.leader.toY >= box.top - 1e-9 && label.leader.toY <= box.bottom + 1e-9, `${where}: ${label.text}`).toBe(true);
  });
  // Every bubble is labelled, or the note says how many are not.
  if (layout.labels.length < layout.bubbles.length) expect(layout.note?.text).toMatch(new RegExp(`^${layout.bubbles.length - layout.labels.length} bubbles? unlabelled`));
}

describe('the need-growth chart of the default model', () => {
  let dataset: Dataset;
  let plan: Plan;
  beforeAll(async () => {
    const model = await loadModel('models/western-cape');
    // A 5% gap: the chart needs the municipalities' spending, not the last 0.1% of benefit.
    const outcome = await planRun({ ...datasetRun(model), engineOptions: { relativeGap: 0.05 } }, { marginalValues: false });
    plan = outcome.plan;
    dataset = outcome.dataset ?? model;
  }, 600_000);

  it('labels every municipality, no label over another label, a bubble or a quadrant name, as the run draws it', async () => {
    let drawn: QuadrantTextLayout | null = null;
    await renderChartToPng(quadrantChart(plan, dataset, true, (layout) => (drawn = layout)) as never, 1200, 700);
    expect(drawn).not.toBeNull();
    const layout = drawn! as QuadrantTextLayout;
    expect(layout.bubbles).toHaveLength(dataset.municipalities.length);
    expect(layout.labels.map((label) => label.text).sort()).toEqual(dataset.municipalities.map((municipality) => municipality.code).sort());
    expectReadableLabels(layout, 'default model');
    for (const box of layout.labelBoxes) for (const bubble of layout.bubbles) expect(overBubble(box, bubble), `${box.text} over the bubble of ${bubble.code}`).toBe(false);
  });

  it('keeps the rules on a hundred seeded spendings over the same municipalities', async () => {
    // A small linear congruential generator: the same hundred draws on every run.
    let seed = 20261203;
    const next = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    let leaders = 0;
    let overBubbles = 0;
    for (let draw = 0; draw < 100; draw += 1) {
      // Spending from nothing to R2 billion, a tenth of the municipalities with none.
      const municipalities = plan.municipalities.map((summary) => ({ ...summary, spendingRand: next() < 0.1 ? 0 : next() ** 2 * 2_000 * MILLION }));
      const layout = await layoutOf({ ...plan, municipalities } as Plan, dataset);
      expectReadableLabels(layout, `draw ${draw}`);
      leaders += layout.labels.filter((label) => label.leader !== undefined).length;
      for (const box of layout.labelBoxes) if (layout.bubbles.some((bubble) => overBubble(box, bubble))) overBubbles += 1;
    }
    // The crowded draws need labels set apart; a label on a bubble is the last resort, and rare.
    expect(leaders).toBeGreaterThan(0);
    expect(overBubbles).toBeLessThan(100);
  });
});
