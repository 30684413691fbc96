/**
 * Charts render to real PNGs and actually draw their text: without a registered font chart.js
 * draws titles and labels as nothing, silently, so each test compares a chart with and without its
 * text and checks that the pixels differ where the text goes.
 */
import { Image, createCanvas } from '@napi-rs/canvas';
import type { ChartConfiguration } from 'chart.js';
import { describe, expect, it } from 'vitest';
import { allocationByMunicipalityChart, municipalAllocationSplits } from '../../src/report/charts/allocation-by-municipality-chart.js';
import { backlogChart } from '../../src/report/charts/backlog-chart.js';
import { legendItemsByDatasetType, renderChartToPng } from '../../src/report/charts/chart-canvas.js';
import { placeBubbleLabels, quadrantChart, type BubbleLabel } from '../../src/report/charts/quadrant-chart.js';
import { renderCharts } from '../../src/report/charts/render-charts.js';
import { spendingByYearChart } from '../../src/report/charts/spending-by-year-chart.js';
import { ILLUSTRATIVE_INPUTS_LINE } from '../../src/report/format.js';
import { fixtureDataset, fixturePlan } from './fixtures.js';
import { ARITHMETIC, expectClose } from '../tolerance.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const WIDTH = 1200;
const HEIGHT = 700;

/** Dark pixels (all channels below 100) inside a rectangle of a PNG. */
function darkPixels(png: Buffer, left: number, top: number, width: number, height: number): number {
  const image = new Image();
  image.src = png;
  const canvas = createCanvas(image.width, image.height);
  const context = canvas.getContext('2d');
  context.drawImage(image, 0, 0);
  const { data } = context.getImageData(left, top, width, height);
  let count = 0;
  for (let index = 0; index < data.length; index += 4) if (data[index] < 100 && data[index + 1] < 100 && data[index + 2] < 100) count += 1;
  return count;
}

/** Pixels of the dark red the illustrative-inputs line is drawn in (#9c2b16), within a tolerance. */
function warningRedPixels(png: Buffer): number {
  const image = new Image();
  image.src = png;
  const canvas = createCanvas(image.width, image.height);
  const context = canvas.getContext('2d');
  context.drawImage(image, 0, 0);
  const { data } = context.getImageData(0, 0, image.width, image.height);
  let count = 0;
  for (let index = 0; index < data.length; index += 4) if (Math.abs(data[index] - 156) < 40 && data[index + 1] < 90 && data[index + 2] < 70) count += 1;
  return count;
}

/** A copy of a configuration with the chart title switched off. */
function withoutTitle(configuration: ChartConfiguration): ChartConfiguration {
  const copy = { ...configuration, options: { ...configuration.options, plugins: { ...configuration.options?.plugins, title: { display: false } } } };
  return copy as ChartConfiguration;
}

describe('report charts', () => {
  it('renders all four charts as PNG files of the stated size', async () => {
    const charts = await renderCharts(fixturePlan(), fixtureDataset());
    expect(charts.map((chart) => chart.fileName)).toEqual(['spending-by-year.png', 'allocation-by-municipality.png', 'need-growth-quadrants.png', 'backlog-by-year.png']);
    for (const chart of charts) {
      expect(chart.png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      expect(chart.png.readUInt32BE(16)).toBe(chart.widthPixels); // IHDR width
      expect(chart.png.readUInt32BE(20)).toBe(chart.heightPixels); // IHDR height
      expect(chart.png.length).toBeGreaterThan(10_000);
    }
  });

  it.each([
    ['spending by year', () => spendingByYearChart(fixturePlan(), fixtureDataset())],
    ['allocation by municipality', () => allocationByMunicipalityChart(fixturePlan())],
    ['backlog by year', () => backlogChart(fixturePlan())],
  ])('draws the title text of the %s chart', async (_name, build) => {
    const withTitle = await renderChartToPng(build(), WIDTH, HEIGHT);
    const titleless = await renderChartToPng(withoutTitle(build()), WIDTH, HEIGHT);
    // The title band is the top 40 pixels: without a title the plot moves up into it, but only the
    // title fills it with hundreds of dark glyph pixels.
    expect(darkPixels(withTitle, 0, 0, WIDTH, 40)).toBeGreaterThan(darkPixels(titleless, 0, 0, WIDTH, 40) + 500);
  });

  it('draws municipality codes and quadrant names on the need-growth chart', async () => {
    const labelled = await renderChartToPng(quadrantChart(fixturePlan(), fixtureDataset(), true) as ChartConfiguration, WIDTH, HEIGHT);
    const bare = await renderChartToPng(quadrantChart(fixturePlan(), fixtureDataset(), false) as ChartConfiguration, WIDTH, HEIGHT);
    expect(labelled.equals(bare)).toBe(false);
    expect(darkPixels(labelled, 0, 0, WIDTH, HEIGHT)).toBeGreaterThan(darkPixels(bare, 0, 0, WIDTH, HEIGHT) + 1000);
  });

  it('splits municipal spending by the need and growth shares of its benefit, largest first', () => {
    const splits = municipalAllocationSplits(fixturePlan());
    expect(splits.map((split) => split.municipalityCode)).toEqual(['WC011', 'WC012', 'WC022']);
    // WC012: 40m with need 500 and growth 2000 points -> 8m need-led, 32m growth-led.
    expectClose(splits[1].needLedRand, 8_000_000, ARITHMETIC);
    expectClose(splits[1].growthLedRand, 32_000_000, ARITHMETIC);
  });

  it('puts the spending bars and the envelope line at the plan figures in R million', () => {
    const configuration = spendingByYearChart(fixturePlan(), fixtureDataset());
    const datasets = configuration.data.datasets;
    const mig = datasets.find((dataset) => String(dataset.label).startsWith('MIG'))!;
    expect(mig.data).toEqual([10, 26, 0, 8]);
    const envelope = datasets.find((dataset) => dataset.label === 'Envelope, all sources')!;
    expect(envelope.data).toEqual([45, 45, 45, 45]);
    const available = datasets.find((dataset) => String(dataset.label).startsWith('Available'))!;
    // MIG carries in 10, 4 and 24 million in the later years.
    expect(available.data).toEqual([45, 55, 49, 69]);
  });

  it('draws each line at its own value on the stacked axis, not on top of another line', async () => {
    // Lay the chart out for real and read where chart.js puts the points: on a stacked y axis a
    // line without a stack of its own is added on top of the other line.
    const { Chart, registerables } = await import('chart.js');
    Chart.register(...registerables);
    const configuration = spendingByYearChart(fixturePlan(), fixtureDataset());
    const canvas = createCanvas(WIDTH, HEIGHT);
    const chart = new Chart(canvas as never, { ...configuration, options: { ...configuration.options, animation: false, responsive: false } } as never);
    try {
      const datasets = chart.data.datasets;
      for (const label of ['Envelope, all sources', 'Available incl. carried-over money']) {
        const index = datasets.findIndex((dataset) => dataset.label === label);
        const values = datasets[index].data as number[];
        chart.getDatasetMeta(index).data.forEach((point, yearIndex) => {
          expectClose(point.y, chart.scales.y.getPixelForValue(values[yearIndex]), ARITHMETIC, `${label}, year ${yearIndex}`);
        });
      }
    } finally {
      chart.destroy();
    }
  });
});

describe('bubble label placement', () => {
  const area = { left: 0, right: 400, top: 0, bottom: 300 };
  const label = (text: string, x: number, y: number, radius = 5): BubbleLabel => ({ text, x, y, radius, width: 40, height: 15 });
  type Box = { left: number; right: number; top: number; bottom: number };
  const boxOf = (placed: { x: number; y: number }): Box => ({ left: placed.x - 20, right: placed.x + 20, top: placed.y - 7.5, bottom: placed.y + 7.5 });
  const overlap = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

  it('puts a lone label above its bubble', () => {
    expect(placeBubbleLabels([label('WC011', 100, 100)], area)).toEqual([{ text: 'WC011', x: 100, y: 100 - 5 - 3 - 7.5 }]);
  });

  it('moves the label of a close neighbour so that no two labels overlap', () => {
    // Three bubbles 10 px apart: every label drawn above its bubble would overlap the next.
    const labels = [label('WC045', 200, 150, 8), label('WC048', 210, 152), label('WC024', 220, 148)];
    const placed = placeBubbleLabels(labels, area);
    expect(placed.map((entry) => entry.text)).toEqual(['WC045', 'WC048', 'WC024']);
    for (let first = 0; first < placed.length; first += 1) {
      for (let second = first + 1; second < placed.length; second += 1) expect(overlap(boxOf(placed[first]), boxOf(placed[second]))).toBe(false);
    }
  });

  it('leaves out a label with no clear spot rather than drawing it over another, largest bubbles first', () => {
    // Twenty bubbles on one spot: at most the four spots around it are clear, and the largest bubble keeps its label.
    const labels = Array.from({ length: 20 }, (_, index) => label(`WC${String(index).padStart(3, '0')}`, 200, 150, index === 7 ? 12 : 5));
    const placed = placeBubbleLabels(labels, area);
    expect(placed.length).toBeGreaterThan(0);
    expect(placed.length).toBeLessThanOrEqual(4);
    expect(placed.map((entry) => entry.text)).toContain('WC007');
    for (let first = 0; first < placed.length; first += 1) {
      for (let second = first + 1; second < placed.length; second += 1) expect(overlap(boxOf(placed[first]), boxOf(placed[second]))).toBe(false);
    }
  });

  it('keeps labels inside the plot area: a bubble at the top edge is labelled below it', () => {
    const [placed] = placeBubbleLabels([label('WC031', 100, 5)], area);
    expect(placed.y).toBeGreaterThan(5);
  });
});

describe('illustrative inputs and legends on the report charts', () => {
  const builders: [string, (plan: ReturnType<typeof fixturePlan>) => ChartConfiguration][] = [
    ['spending by year', (plan) => spendingByYearChart(plan, fixtureDataset())],
    ['allocation by municipality', (plan) => allocationByMunicipalityChart(plan)],
    ['need-growth quadrants', (plan) => quadrantChart(plan, fixtureDataset()) as ChartConfiguration],
    ['backlog by year', (plan) => backlogChart(plan)],
  ];

  it.each(builders)('marks the %s chart as illustrative when the plan has an illustrative note, and only then', (_name, build) => {
    const marked = build(fixturePlan()).options?.plugins?.subtitle;
    expect(fixturePlan().illustrativeNote).not.toBe('');
    expect(marked).toMatchObject({ display: true, text: ILLUSTRATIVE_INPUTS_LINE });
    // Short enough for one line across a 1200-pixel chart; the long note stays on the Summary.
    expect(ILLUSTRATIVE_INPUTS_LINE.length).toBeLessThan(120);
    expect(build({ ...fixturePlan(), illustrativeNote: '  ' }).options?.plugins?.subtitle).toMatchObject({ display: false });
  });

  it('draws the illustrative-inputs line on every chart of a run', async () => {
    const marked = await renderCharts(fixturePlan(), fixtureDataset());
    const unmarked = await renderCharts({ ...fixturePlan(), illustrativeNote: '' }, fixtureDataset());
    marked.forEach((chart, index) => {
      // Some 100 characters of bold 15 px text in the warning red: well over a thousand pixels.
      expect(warningRedPixels(chart.png), chart.fileName).toBeGreaterThan(warningRedPixels(unmarked[index].png) + 1000);
    });
  });

  it('shows line datasets as lines in the legend (dashes kept) and bars as boxes', () => {
    const configuration = spendingByYearChart(fixturePlan(), fixtureDataset());
    const legend = configuration.options?.plugins?.legend;
    expect(legend?.labels?.usePointStyle).toBe(true);
    const items = legendItemsByDatasetType({ config: { type: configuration.type }, data: configuration.data as never, isDatasetVisible: () => true });
    const envelope = items.find((item) => item.text === 'Envelope, all sources')!;
    const available = items.find((item) => item.text.startsWith('Available'))!;
    expect(envelope).toMatchObject({ pointStyle: 'line', lineDash: [], strokeStyle: '#111111' });
    expect(available).toMatchObject({ pointStyle: 'line', lineDash: [8, 6], strokeStyle: '#555555' });
    const bars = items.filter((item) => item !== envelope && item !== available);
    expect(bars.length).toBeGreaterThan(0);
    for (const bar of bars) expect(bar).toMatchObject({ pointStyle: 'rect', lineWidth: 0 });
    const backlog = backlogChart(fixturePlan());
    const backlogItems = legendItemsByDatasetType({ config: { type: backlog.type }, data: backlog.data as never, isDatasetVisible: () => true });
    expect(backlogItems.map((item) => item.pointStyle)).toEqual(backlogItems.map(() => 'line'));
    // The bubble chart keeps a round legend symbol: no stretching width.
    const bubbleLabels = quadrantChart(fixturePlan(), fixtureDataset()).options?.plugins?.legend?.labels;
    expect(bubbleLabels?.usePointStyle).toBe(true);
    expect(bubbleLabels?.pointStyleWidth).toBeUndefined();
  });
});
