/**
 * One place that turns a chart.js configuration into PNG bytes. It registers the bundled DejaVu
 * fonts first: a server or CI machine often has no system fonts, and then chart.js draws every
 * title and label as nothing at all, without an error.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { GlobalFonts as GlobalFontsType } from '@napi-rs/canvas';
import type { ChartConfiguration } from 'chart.js';
import type { ChartJSNodeCanvas } from 'chartjs-node-canvas';
import { hasIllustrativeNote, ILLUSTRATIVE_INPUTS_LINE } from '../format.js';

// The canvas binding and chart.js take about a third of a second to load; they are required on
// first use so that commands which draw no chart start quickly. Both packages are CommonJS.
const requireFromHere = createRequire(import.meta.url);
const loadGlobalFonts = (): typeof GlobalFontsType => (requireFromHere('@napi-rs/canvas') as { GlobalFonts: typeof GlobalFontsType }).GlobalFonts;
const loadChartJsNodeCanvas = (): typeof ChartJSNodeCanvas =>
  (requireFromHere('chartjs-node-canvas') as { ChartJSNodeCanvas: typeof ChartJSNodeCanvas }).ChartJSNodeCanvas;

/** Font family every chart uses. */
export const CHART_FONT_FAMILY = 'DejaVu Sans';
/** Default chart width in pixels (readable on screen and when embedded in the workbook). */
export const CHART_WIDTH_PIXELS = 1200;
/** Default chart height in pixels. */
export const CHART_HEIGHT_PIXELS = 700;

/** Colours for series, chosen to stay distinguishable in greyscale print and for colour-blind readers. */
export const SERIES_COLOURS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf', '#d62728'];

let fontsRegistered = false;

/** Register DejaVu Sans (regular and bold) from the dejavu-fonts-ttf package, once per process. */
export function registerChartFonts(): void {
  if (fontsRegistered) return;
  const fontFolder = path.join(path.dirname(requireFromHere.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  const globalFonts = loadGlobalFonts();
  for (const file of ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf']) {
    const registered = globalFonts.registerFromPath(path.join(fontFolder, file), CHART_FONT_FAMILY);
    if (!registered) throw new Error(`Could not register the chart font ${path.join(fontFolder, file)}.`);
  }
  fontsRegistered = true;
}

const renderers = new Map<string, ChartJSNodeCanvas>();

function rendererFor(widthPixels: number, heightPixels: number): ChartJSNodeCanvas {
  const key = `${widthPixels}x${heightPixels}`;
  let renderer = renderers.get(key);
  if (!renderer) {
    registerChartFonts();
    const ChartCanvas = loadChartJsNodeCanvas();
    renderer = new ChartCanvas({
      width: widthPixels,
      height: heightPixels,
      backgroundColour: 'white',
      // chartjs-node-canvas loads its own copy of chart.js, so defaults must be set on that copy.
      chartCallback: (chart) => {
        chart.defaults.font.family = CHART_FONT_FAMILY;
        chart.defaults.font.size = 15;
        chart.defaults.color = '#222222';
        chart.defaults.animation = false;
        chart.defaults.responsive = false;
      },
    });
    renderers.set(key, renderer);
  }
  return renderer;
}

/** Render a chart configuration to PNG bytes on a white background. */
export async function renderChartToPng(
  configuration: ChartConfiguration,
  widthPixels: number = CHART_WIDTH_PIXELS,
  heightPixels: number = CHART_HEIGHT_PIXELS,
): Promise<Buffer> {
  return rendererFor(widthPixels, heightPixels).renderToBuffer(configuration as never, 'image/png');
}

/** Title options shared by every chart: bold, large, with the unit in the text. */
export function chartTitle(text: string | string[]): { display: true; text: string | string[]; font: { size: number; weight: 'bold' }; padding: { top: number; bottom: number } } {
  return { display: true, text, font: { size: 20, weight: 'bold' }, padding: { top: 10, bottom: 16 } };
}

/**
 * Subtitle options: the illustrative-inputs line (ILLUSTRATIVE_INPUTS_LINE, the same the table
 * sheets carry) under the title when the model's note is non-empty, else hidden. Every chart of a
 * model with illustrative inputs carries it, so the warning travels with a chart pasted into a memo.
 */
export function illustrativeSubtitle(illustrativeNote: string | null | undefined, paddingBottom = 10): {
  display: boolean;
  text: string;
  color: string;
  font: { size: number; weight: 'bold' };
  padding: { top: number; bottom: number };
} {
  const display = hasIllustrativeNote(illustrativeNote);
  return { display, text: display ? ILLUSTRATIVE_INPUTS_LINE : '', color: '#9c2b16', font: { size: 15, weight: 'bold' }, padding: { top: 0, bottom: paddingBottom } };
}

/** A legend entry as chart.js draws it (the subset this module sets). */
interface LegendItem {
  text: string;
  fillStyle: string;
  strokeStyle: string;
  lineWidth: number;
  lineDash: number[];
  pointStyle: 'line' | 'rect' | 'circle';
  hidden: boolean;
  datasetIndex: number;
}

/** What generateLabels reads of a chart. */
interface LegendChart {
  readonly config: { readonly type?: string };
  readonly data: { readonly datasets: readonly Record<string, unknown>[] };
  isDatasetVisible(index: number): boolean;
}

/** A colour option as one colour (the first of an array; scriptable options fall back to grey). */
function singleColour(value: unknown, fallback: string): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return fallback;
}

/**
 * Legend entries that look like what they stand for: a line dataset as a short line in its colour
 * and dash, a bar as a filled box, a bubble as a circle. chart.js's default draws every entry as a
 * box filled with the background colour and outlined with the dash, so a dashed line came out as a
 * dark blob.
 */
export function legendItemsByDatasetType(chart: LegendChart): LegendItem[] {
  return chart.data.datasets.map((dataset, index) => {
    const type = String(dataset.type ?? chart.config.type ?? 'bar');
    const fill = singleColour(dataset.backgroundColor, '#888888');
    const stroke = singleColour(dataset.borderColor, fill);
    const hidden = !chart.isDatasetVisible(index);
    const text = String(dataset.label ?? '');
    if (type === 'line') {
      const width = typeof dataset.borderWidth === 'number' ? dataset.borderWidth : 3;
      return { text, fillStyle: stroke, strokeStyle: stroke, lineWidth: Math.max(2, width), lineDash: Array.isArray(dataset.borderDash) ? (dataset.borderDash as number[]) : [], pointStyle: 'line', hidden, datasetIndex: index };
    }
    if (type === 'bubble' || type === 'scatter') return { text, fillStyle: fill, strokeStyle: stroke, lineWidth: 1.5, lineDash: [], pointStyle: 'circle', hidden, datasetIndex: index };
    return { text, fillStyle: fill, strokeStyle: fill, lineWidth: 0, lineDash: [], pointStyle: 'rect', hidden, datasetIndex: index };
  });
}

/**
 * Legend options shared by every chart: at the bottom, lines drawn as lines, bars as boxes, both
 * `symbolWidthPixels` wide. A chart of circles passes null: a wide symbol would stretch its
 * circle into an ellipse, so the symbol stays as wide as the text is high.
 */
export function chartLegend(
  display = true,
  symbolWidthPixels: number | null = 40,
): {
  display: boolean;
  position: 'bottom';
  labels: { usePointStyle: true; pointStyleWidth?: number; generateLabels: (chart: never) => LegendItem[] };
} {
  const generateLabels = legendItemsByDatasetType as (chart: never) => LegendItem[];
  return { display, position: 'bottom', labels: symbolWidthPixels === null ? { usePointStyle: true, generateLabels } : { usePointStyle: true, pointStyleWidth: symbolWidthPixels, generateLabels } };
}
