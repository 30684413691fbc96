/**
 * Chart 3: municipalities on the need × growth-potential plane, the quadrant threshold lines drawn
 * and named, bubble area proportional to planned spending and each bubble labelled with its code.
 * This is the picture behind the national spatial principle the plan is asked to respect.
 */
import type { Chart, ChartConfiguration, Plugin } from 'chart.js';
import type { Dataset } from '../../dataset/types.js';
import type { Plan } from '../../plan/types.js';
import { chartLegend, chartTitle, illustrativeSubtitle } from './chart-canvas.js';

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
        ctx.font = QUADRANT_NAME_FONT(fontFamily(chart));
        ctx.textBaseline = 'top';
        ctx.textAlign = 'left';
        for (const name of quadrantNameBoxes(chartArea, (text) => ctx.measureText(text).width)) ctx.fillText(name.text, name.left, name.top);
      }
      ctx.restore();
    },
    afterDatasetsDraw(chart: Chart<'bubble'>) {
      const { ctx } = chart;
      ctx.save();
      if (showLabels) {
        const layout = quadrantTextLayout(chart);
        ctx.font = `bold 13px "${fontFamily(chart)}"`;
        ctx.fillStyle = '#111111';
        ctx.textAlign = 'center';
        ctx.textBaseline = 'middle';
        for (const placed of layout.labels) ctx.fillText(placed.text, placed.x, placed.y);
        // The indices rest on Census figures: Stats SA's credit, short, in the strip under the
        // legend at the left (the full wording is on the Assumptions sheet).
        ctx.font = `12px "${fontFamily(chart)}"`;
        ctx.textAlign = 'left';
        ctx.textBaseline = 'bottom';
        ctx.fillStyle = '#404040';
        ctx.fillText(QUADRANT_DATA_CREDIT, QUADRANT_NAME_INSET_PIXELS, chart.height - 3);
        if (layout.note !== null) {
          ctx.font = `12px "${fontFamily(chart)}"`;
          ctx.textAlign = 'right';
          ctx.textBaseline = 'top';
          ctx.fillStyle = '#404040';
          ctx.fillText(layout.note.text, layout.note.right, layout.note.top);
        }
      }
      ctx.restore();
    },
  };
}

/** Where the quadrant chart's text goes: the corner names, the placed bubble labels, and the unlabelled note if any. */
export interface QuadrantTextLayout {
  readonly names: readonly TextBox[];
  readonly labels: readonly PlacedLabel[];
  /** Boxes of the placed labels, as placed (same order as `labels`). */
  readonly labelBoxes: readonly TextBox[];
  readonly note: TextBox | null;
}

/**
 * Lay out the text of a drawn quadrant chart (measured with its own canvas). The quadrant names
 * are obstacles to the bubble labels: a code drawn over "High growth, low need" reads as neither.
 * When some bubbles go unlabelled, the note saying where they are named goes under the legend.
 */
export function quadrantTextLayout(chart: Chart<'bubble'>): QuadrantTextLayout {
  const { ctx, chartArea } = chart;
  const family = fontFamily(chart);
  ctx.save();
  try {
    ctx.font = `bold 13px "${family}"`;
    const labels: BubbleLabel[] = chart.getDatasetMeta(0).data.map((element, index) => {
      const point = chart.data.datasets[0].data[index] as unknown as QuadrantPoint;
      return { text: point.code, x: element.x, y: element.y, radius: point.r, width: ctx.measureText(point.code).width, height: LABEL_HEIGHT_PIXELS };
    });
    ctx.font = QUADRANT_NAME_FONT(family);
    const names = quadrantNameBoxes(chartArea, (text) => ctx.measureText(text).width);
    const placed = placeBubbleLabels(labels, chartArea, names);
    let note: TextBox | null = null;
    if (placed.length < labels.length) {
      ctx.font = `12px "${family}"`;
      const text = unlabelledNoteText(labels.length - placed.length);
      // In the strip the layout keeps free under the legend, at the right: inside the plot it took
      // the place of labels and of the bottom-right quadrant name.
      const right = chart.width - QUADRANT_NAME_INSET_PIXELS;
      const bottom = chart.height - 3;
      note = { text, left: right - ctx.measureText(text).width, top: bottom - NOTE_HEIGHT_PIXELS, right, bottom };
    }
    const widthOf = new Map(labels.map((label) => [label.text, label.width]));
    const labelBoxes = placed.map((label) => {
      const width = widthOf.get(label.text) ?? 0;
      return { text: label.text, left: label.x - width / 2, right: label.x + width / 2, top: label.y - LABEL_HEIGHT_PIXELS / 2, bottom: label.y + LABEL_HEIGHT_PIXELS / 2 };
    });
    return { names, labels: placed, labelBoxes, note };
  } finally {
    ctx.restore();
  }
}

/** The data credit drawn under the legend: the need and growth indices come from Census figures. */
export const QUADRANT_DATA_CREDIT = 'Source: Statistics South Africa, Census 2022 (and 2011); Stats SA is not responsible for this analysis';

/** The font of the quadrant names, for a font family. */
const QUADRANT_NAME_FONT = (family: string): string => `bold 16px "${family}"`;
/** Height of a quadrant name's box: 16 px bold text and its descenders. */
const QUADRANT_NAME_HEIGHT_PIXELS = 19;
/** Distance of a quadrant name from the corner of the plot. */
const QUADRANT_NAME_INSET_PIXELS = 10;
/** Height of the strip under the legend that holds the unlabelled-bubbles note. */
const NOTE_STRIP_PIXELS = 16;
/** Height of the unlabelled-bubbles note's box (12 px text). */
const NOTE_HEIGHT_PIXELS = 15;

/** A box of text on the plot, pixels; `left` and `top` are where the text is drawn from. */
export interface TextBox {
  readonly text: string;
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

/** The note that some bubbles carry no label. */
function unlabelledNoteText(unlabelled: number): string {
  return `${unlabelled} ${unlabelled === 1 ? 'bubble' : 'bubbles'} unlabelled where labels would overlap: see the Municipal indices sheet`;
}

/**
 * The four quadrant names in the corners of the plot, in the order top-left, top-right,
 * bottom-left, bottom-right, as boxes: drawn from them, and kept clear by the bubble labels.
 */
export function quadrantNameBoxes(area: { readonly left: number; readonly right: number; readonly top: number; readonly bottom: number }, textWidth: (text: string) => number): TextBox[] {
  const inset = QUADRANT_NAME_INSET_PIXELS;
  const box = (text: string, atRight: boolean, atBottom: boolean): TextBox => {
    const width = textWidth(text);
    const left = atRight ? area.right - inset - width : area.left + inset;
    const top = atBottom ? area.bottom - inset - QUADRANT_NAME_HEIGHT_PIXELS : area.top + inset;
    return { text, left, top, right: left + width, bottom: top + QUADRANT_NAME_HEIGHT_PIXELS };
  };
  return [box('Low growth, high need', false, false), box('High growth, high need', true, false), box('Low growth, low need', false, true), box('High growth, low need', true, true)];
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
  // Bubbles at index 1 are drawn whole into the space above the plot, so the last box above the
  // plot (the illustrative-inputs line when shown, else the title) leaves 40 px below it.
  const subtitle = illustrativeSubtitle(plan.illustrativeNote, 40);
  const title = chartTitle('Need against growth potential; bubble area = planned spending (index 0–1)');
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
        title: showLabels ? (subtitle.display ? title : { ...title, padding: { top: 10, bottom: 40 } }) : { display: false },
        subtitle: showLabels ? subtitle : { ...subtitle, display: false },
        legend: chartLegend(showLabels, null),
      },
      // Bubbles at 0 or 1 are drawn whole (clip off) into the padding rather than cut at the axis.
      // The bottom padding holds the note on unlabelled bubbles under the legend.
      layout: { padding: { top: 0, right: 40, left: 10, bottom: 10 + NOTE_STRIP_PIXELS } },
      scales: {
        x: { min: 0, max: 1, title: { display: showLabels, text: 'Growth-potential index (0 = lowest, 1 = highest)' }, ticks: { display: showLabels, stepSize: 0.1, callback: unitIntervalTick } },
        y: { min: 0, max: 1, title: { display: showLabels, text: 'Need index (0 = lowest, 1 = highest)' }, ticks: { display: showLabels, stepSize: 0.1, callback: unitIntervalTick } },
      },
    },
    plugins: [quadrantAnnotations(dataset.config.index.needThreshold, dataset.config.index.growthThreshold, showLabels)],
  };
}

/** Height of a bubble label's box in pixels (13 px bold text plus a little air). */
const LABEL_HEIGHT_PIXELS = 15;

/** A label to place next to its bubble: the bubble's centre and radius, the text's box size. */
export interface BubbleLabel {
  readonly text: string;
  readonly x: number;
  readonly y: number;
  readonly radius: number;
  readonly width: number;
  readonly height: number;
}

/** Where a label's text is centred. */
export interface PlacedLabel {
  readonly text: string;
  readonly x: number;
  readonly y: number;
}

/**
 * Greedy label placement: each label goes above its bubble unless that box would overlap a label
 * already placed or an obstacle (the quadrant names, the unlabelled note) or leave the plot area; then below, right, left; a label with no clear spot is
 * left out (only labels that can be read are drawn). Larger
 * bubbles are placed first since their labels have the fewest good spots. Neighbouring
 * municipalities often have close indices, and codes drawn over each other cannot be read.
 */
export function placeBubbleLabels(
  labels: readonly BubbleLabel[],
  area: { readonly left: number; readonly right: number; readonly top: number; readonly bottom: number },
  obstacles: readonly { readonly left: number; readonly right: number; readonly top: number; readonly bottom: number }[] = [],
): PlacedLabel[] {
  const boxes: { left: number; right: number; top: number; bottom: number }[] = obstacles.map((obstacle) => ({ left: obstacle.left, right: obstacle.right, top: obstacle.top, bottom: obstacle.bottom }));
  const placed = new Map<number, PlacedLabel>();
  const order = labels.map((_, index) => index).sort((left, right) => labels[right].radius - labels[left].radius || left - right);
  for (const index of order) {
    const label = labels[index];
    const gap = 3;
    const candidates = [
      { x: label.x, y: label.y - label.radius - gap - label.height / 2 },
      { x: label.x, y: label.y + label.radius + gap + label.height / 2 },
      { x: label.x + label.radius + gap + label.width / 2, y: label.y },
      { x: label.x - label.radius - gap - label.width / 2, y: label.y },
    ];
    const boxOf = (centre: { x: number; y: number }) => ({
      left: centre.x - label.width / 2,
      right: centre.x + label.width / 2,
      top: centre.y - label.height / 2,
      bottom: centre.y + label.height / 2,
    });
    type Box = ReturnType<typeof boxOf>;
    const apart = (box: Box, other: Box) => box.right <= other.left || box.left >= other.right || box.bottom <= other.top || box.top >= other.bottom;
    const inside = (box: Box) => box.left >= area.left && box.right <= area.right && box.top >= area.top && box.bottom <= area.bottom;
    // Other bubbles are obstacles too where possible; a label on a bubble is hard to read, but a
    // label on a label is unreadable, so that rule gives way first.
    const bubbles = labels.filter((_, other) => other !== index).map((other) => ({ left: other.x - other.radius, right: other.x + other.radius, top: other.y - other.radius, bottom: other.y + other.radius }));
    const clearOfLabels = (box: Box) => inside(box) && boxes.every((other) => apart(box, other));
    const clearOfAll = (box: Box) => clearOfLabels(box) && bubbles.every((other) => apart(box, other));
    // Then above or below but moved past the obstacle the plain spot hit (a quadrant name in a
    // corner is 19 pixels high), while the label stays within a label's height or two of its bubble.
    const shifted = [candidates[0], candidates[1]].flatMap((centre, side) => {
      const hit = boxes.slice(0, obstacles.length).filter((other) => !apart(boxOf(centre), other));
      if (hit.length === 0) return [];
      const y = side === 0 ? Math.min(...hit.map((other) => other.top)) - gap - label.height / 2 : Math.max(...hit.map((other) => other.bottom)) + gap + label.height / 2;
      return Math.abs(y - centre.y) <= 2.5 * label.height ? [{ x: centre.x, y }] : [];
    });
    const spots = [...candidates, ...shifted];
    const chosen = spots.find((centre) => clearOfAll(boxOf(centre))) ?? spots.find((centre) => clearOfLabels(boxOf(centre)));
    // No spot clear of the other labels: the label is left out rather than drawn over another (a
    // crowded national model would otherwise be unreadable); the Municipal indices sheet lists every
    // municipality with its indices and quadrant.
    if (chosen === undefined) continue;
    boxes.push(boxOf(chosen));
    placed.set(index, { text: label.text, x: chosen.x, y: chosen.y });
  }
  return labels.flatMap((_, index) => {
    const entry = placed.get(index);
    return entry === undefined ? [] : [entry];
  });
}
