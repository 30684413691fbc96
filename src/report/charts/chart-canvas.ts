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
export function chartTitle(text: string): { display: true; text: string; font: { size: number; weight: 'bold' }; padding: { top: number; bottom: number } } {
  return { display: true, text, font: { size: 20, weight: 'bold' }, padding: { top: 10, bottom: 16 } };
}
