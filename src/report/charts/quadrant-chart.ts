/**
 * Chart 3: municipalities on the need × growth-potential plane, the quadrant threshold lines drawn
 * and named, bubble area proportional to planned spending and each bubble labelled with its code.
 * This is the picture behind the national spatial principle the plan is asked to respect.
 */
import type { Chart, ChartConfiguration, Plugin } from 'chart.js';
import type { Dataset } from '../../dataset/types.js';
import type { Plan } from '../../plan/types.js';
import { chartTitle } from './chart-canvas.js';

/** Largest bubble radius in pixels. */
const MAXIMUM_RADIUS_PIXELS = 34;
/** Smallest radius, so a municipality with no spending still shows where it sits. */
const MINIMUM_RADIUS_PIXELS = 4;

/** A point of the quadrant chart. */
interface QuadrantPoint {
  readonly x: number;
  readonly y: number;
  readonly r: number;
  readonly code: string;
}

/** The font family chart.js was set up with (the bundled DejaVu Sans). */
function fontFamily(chart: Chart<'bubble'>): string {
  return String(chart.options.font?.family ?? 'sans-serif');
}

/** Draws the threshold lines, the quadrant names and the municipality codes over the bubbles. */
function quadrantAnnotations(needThreshold: number, growthThreshold: number, showLabels: boolean): Plugin<'bubble'> {
  return {
    id: 'infraplanQuadrants',
    // Lines and quadrant names go under the bubbles so they never hide a municipality.
    beforeDatasetsDraw(chart: Chart<'bubble'>) {
      const { ctx, chartArea, scales } = chart;
      const thresholdX = scales.x.getPixelForValue(growthThreshold);
      const thresholdY = scales.y.getPixelForValue(needThreshold);
      ctx.save();
      ctx.strokeStyle = '#444444';
      ctx.lineWidth = 2;
      ctx.setLineDash([10, 6]);
      ctx.beginPath();
      ctx.moveTo(thresholdX, chartArea.top);
      ctx.lineTo(thresholdX, chartArea.bottom);
      ctx.moveTo(chartArea.left, thresholdY);
      ctx.lineTo(chartArea.right, thresholdY);
      ctx.stroke();
      ctx.setLineDash([]);
      if (showLabels) {
        ctx.fillStyle = '#8a8a8a';
        ctx.font = `bold 16px "${fontFamily(chart)}"`;
        const inset = 10;
        ctx.textBaseline = 'top';
        ctx.textAlign = 'left';
        ctx.fillText('Low growth, high need', chartArea.left + inset, chartArea.top + inset);
        ctx.textAlign = 'right';
        ctx.fillText('High growth, high need', chartArea.right - inset, chartArea.top + inset);
        ctx.textBaseline = 'bottom';
        ctx.textAlign = 'left';
        ctx.fillText('Low growth, low need', chartArea.left + inset, chartArea.bottom - inset);
        ctx.textAlign = 'right';
        ctx.fillText('High growth, low need', chartArea.right - inset, chartArea.bottom - inset);
      }
      ctx.restore();
    },
    afterDatasetsDraw(chart: Chart<'bubble'>) {
      const { ctx } = chart;
      ctx.save();
      if (showLabels) {
        ctx.fillStyle = '#111111';
        ctx.font = `bold 13px "${fontFamily(chart)}"`;
        ctx.textAlign = 'center';
        ctx.textBaseline = 'bottom';
        const meta = chart.getDatasetMeta(0);
        meta.data.forEach((element, index) => {
          const point = chart.data.datasets[0].data[index] as unknown as QuadrantPoint;
          ctx.fillText(point.code, element.x, element.y - point.r - 2);
        });
      }
      ctx.restore();
    },
  };
}

/** Tick label for an index axis, one decimal. */
function unitIntervalTick(value: string | number): string {
  return Number(value).toFixed(1);
}

/** Bubble radius in pixels for a spending amount: area proportional to rand. */
export function bubbleRadiusPixels(spendingRand: number, largestSpendingRand: number): number {
  if (largestSpendingRand <= 0 || spendingRand <= 0) return MINIMUM_RADIUS_PIXELS;
  return Math.max(MINIMUM_RADIUS_PIXELS, MAXIMUM_RADIUS_PIXELS * Math.sqrt(spendingRand / largestSpendingRand));
}

/**
 * Chart configuration: one bubble per municipality at (growth index, need index). `showLabels`
 * false leaves out every piece of text the chart draws itself (used to test that text is drawn).
 */
export function quadrantChart(plan: Plan, dataset: Dataset, showLabels = true): ChartConfiguration<'bubble'> {
  const largest = Math.max(0, ...plan.municipalities.map((summary) => summary.spendingRand));
  const points: QuadrantPoint[] = plan.municipalities.map((summary) => ({
    x: summary.growthIndex,
    y: summary.needIndex,
    r: bubbleRadiusPixels(summary.spendingRand, largest),
    code: summary.municipalityCode,
  }));
  return {
    type: 'bubble',
    data: {
      datasets: [
        {
          label: 'Municipality (bubble area = planned spending)',
          data: points,
          backgroundColor: 'rgba(31, 119, 180, 0.45)',
          borderColor: '#1f77b4',
          borderWidth: 1.5,
          clip: false,
        },
      ],
    },
    options: {
      plugins: {
        title: showLabels
          ? { ...chartTitle('Need against growth potential; bubble area = planned spending (index 0–1)'), padding: { top: 10, bottom: 40 } }
          : { display: false },
        legend: { display: showLabels, position: 'bottom' },
      },
      // Bubbles at 0 or 1 are drawn whole (clip off) into the padding rather than cut at the axis.
      layout: { padding: { top: 0, right: 40, left: 10, bottom: 10 } },
      scales: {
        x: { min: 0, max: 1, title: { display: showLabels, text: 'Growth-potential index (0 = lowest, 1 = highest)' }, ticks: { display: showLabels, stepSize: 0.1, callback: unitIntervalTick } },
        y: { min: 0, max: 1, title: { display: showLabels, text: 'Need index (0 = lowest, 1 = highest)' }, ticks: { display: showLabels, stepSize: 0.1, callback: unitIntervalTick } },
      },
    },
    plugins: [quadrantAnnotations(dataset.config.index.needThreshold, dataset.config.index.growthThreshold, showLabels)],
  };
}
