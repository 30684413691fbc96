/**
 * Chart 3: municipalities on the need × growth-potential plane, the quadrant threshold lines drawn
 * and named, bubble area proportional to planned spending and each bubble labelled with its code
 * where a label fits clear of the others (placeBubbleLabels: beside the bubble, else apart with a
 * leader line). This is the picture behind the national spatial principle the plan is asked to respect.
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
function quadrantAnnotations(needThreshold: number, growthThreshold: number, showLabels: boolean, onLayout?: (layout: QuadrantTextLayout) => void): Plugin<'bubble'> {
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
        // Leader lines first, thin and grey, so the label text is drawn over their ends.
        ctx.strokeStyle = '#666666';
        ctx.lineWidth = 1;
        ctx.beginPath();
        for (const placed of layout.labels) {
          if (placed.leader === undefined) continue;
          ctx.moveTo(placed.leader.fromX, placed.leader.fromY);
          ctx.lineTo(placed.leader.toX, placed.leader.toY);
        }
        ctx.stroke();
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
        onLayout?.(layout);
      }
      ctx.restore();
    },
  };
}

/** Where the quadrant chart's text goes: the corner names, the placed bubble labels, and the unlabelled note if any. */
export interface QuadrantTextLayout {
  /** Every bubble as drawn: its municipality code, centre and radius, pixels. */
  readonly bubbles: readonly { readonly code: string; readonly x: number; readonly y: number; readonly radius: number }[];
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
    return { bubbles: labels.map((label) => ({ code: label.text, x: label.x, y: label.y, radius: label.radius })), names, labels: placed, labelBoxes, note };
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
 * false leaves out every piece of text the chart draws itself (used to test that text is drawn);
 * `onLayout` is given the text layout as drawn (used to test the rendered chart).
 */
export function quadrantChart(plan: Plan, dataset: Dataset, showLabels = true, onLayout?: (layout: QuadrantTextLayout) => void): ChartConfiguration<'bubble'> {
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
    plugins: [quadrantAnnotations(dataset.config.index.needThreshold, dataset.config.index.growthThreshold, showLabels, onLayout)],
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

/** Where a label's text is centred, and the line that joins it to its bubble when it stands apart. */
export interface PlacedLabel {
  readonly text: string;
  readonly x: number;
  readonly y: number;
  /** From the bubble's edge to the label's box; only for a label placed away from its bubble. */
  readonly leader?: { readonly fromX: number; readonly fromY: number; readonly toX: number; readonly toY: number };
}

/** A box on the plot, pixels. */
interface Box {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

/** Pixels between a bubble's edge and the nearest side of its label. */
const LABEL_GAP_PIXELS = 3;
/** How much farther out each ring of leader-line spots lies than the one before, pixels. */
const LEADER_RING_STEP_PIXELS = 16;
/** Rings of leader-line spots tried beyond the spots beside the bubble. */
const LEADER_RINGS = 3;
/** The eight directions a label is tried in: above, below, right, left, then the diagonals. */
const DIRECTIONS: readonly (readonly [number, number])[] = [
  [0, -1],
  [0, 1],
  [1, 0],
  [-1, 0],
  [1, -1],
  [-1, -1],
  [1, 1],
  [-1, 1],
];

const apart = (box: Box, other: Box): boolean => box.right <= other.left || box.left >= other.right || box.bottom <= other.top || box.top >= other.bottom;

/** Whether a box and a circle share any point (the box's nearest point to the centre lies within the radius). */
function boxTouchesCircle(box: Box, circle: { readonly x: number; readonly y: number; readonly radius: number }): boolean {
  const nearestX = Math.min(Math.max(circle.x, box.left), box.right);
  const nearestY = Math.min(Math.max(circle.y, box.top), box.bottom);
  return (nearestX - circle.x) ** 2 + (nearestY - circle.y) ** 2 < circle.radius ** 2;
}

/** Points every two pixels along a segment, its ends included. */
function pointsAlong(fromX: number, fromY: number, toX: number, toY: number): { x: number; y: number }[] {
  const steps = Math.max(1, Math.ceil(Math.hypot(toX - fromX, toY - fromY) / 2));
  return Array.from({ length: steps + 1 }, (_, step) => ({ x: fromX + ((toX - fromX) * step) / steps, y: fromY + ((toY - fromY) * step) / steps }));
}

/**
 * Label placement, greedy, larger bubbles first (their labels have the fewest good spots), by one
 * stated rule: a label goes in the first spot, nearest its bubble first, whose box is inside the
 * plot and clear of every label already placed, of the obstacles (the quadrant names) and of every
 * bubble. The spots: beside the bubble above, below, right and left (then above or below moved past
 * a quadrant name in the way), then the four diagonals and up to three rings farther out in the
 * eight directions, joined to the bubble by a leader line that crosses no other bubble or label.
 * A bubble whose centre lies under a bubble at least as large cannot be pointed at, so it gets only
 * the spots beside it. Where none is clear of the bubbles, a spot beside its own bubble that is
 * clear of the labels (a label on a bubble is hard to read, a label on a label cannot be read);
 * where none is clear of the labels either, the label is left out (the Municipal indices sheet
 * lists every municipality with its indices and quadrant, and the chart says how many are left out).
 * No two placed labels, and no label and leader line, overlap.
 */
export function placeBubbleLabels(labels: readonly BubbleLabel[], area: Box, obstacles: readonly Box[] = []): PlacedLabel[] {
  const taken: Box[] = obstacles.map((obstacle) => ({ left: obstacle.left, right: obstacle.right, top: obstacle.top, bottom: obstacle.bottom }));
  const leaders: { fromX: number; fromY: number; toX: number; toY: number }[] = [];
  const placed = new Map<number, PlacedLabel>();
  const order = labels.map((_, index) => index).sort((left, right) => labels[right].radius - labels[left].radius || left - right);
  const inside = (box: Box): boolean => box.left >= area.left && box.right <= area.right && box.top >= area.top && box.bottom <= area.bottom;
  for (const index of order) {
    const label = labels[index];
    const boxAt = (x: number, y: number): Box => ({ left: x - label.width / 2, right: x + label.width / 2, top: y - label.height / 2, bottom: y + label.height / 2 });
    /** The label's centre in a direction, its box's nearest side `distance` from the bubble's centre. */
    const spotAt = (direction: readonly [number, number], distance: number): { x: number; y: number } => {
      const [dx, dy] = direction;
      const diagonal = dx !== 0 && dy !== 0 ? Math.SQRT1_2 : 1;
      return { x: label.x + dx * (distance * diagonal + label.width / 2), y: label.y + dy * (distance * diagonal + label.height / 2) };
    };
    const besideDistance = label.radius + LABEL_GAP_PIXELS;
    const beside = DIRECTIONS.slice(0, 4).map((direction) => spotAt(direction, besideDistance));
    // Above or below but moved past the obstacle the plain spot hit (a quadrant name in a corner
    // is 19 pixels high), while the label stays within a label's height or two of its bubble.
    const shifted = beside.slice(0, 2).flatMap((centre, side) => {
      const hit = taken.slice(0, obstacles.length).filter((other) => !apart(boxAt(centre.x, centre.y), other));
      if (hit.length === 0) return [];
      const y = side === 0 ? Math.min(...hit.map((other) => other.top)) - LABEL_GAP_PIXELS - label.height / 2 : Math.max(...hit.map((other) => other.bottom)) + LABEL_GAP_PIXELS + label.height / 2;
      return Math.abs(y - centre.y) <= 2.5 * label.height ? [{ x: centre.x, y }] : [];
    });
    const hidden = labels.some((other, otherIndex) => otherIndex !== index && other.radius >= label.radius && Math.hypot(other.x - label.x, other.y - label.y) < other.radius);
    const apartSpots = hidden
      ? []
      : [
          ...DIRECTIONS.slice(4).map((direction) => ({ ...spotAt(direction, besideDistance), ring: 0 })),
          ...Array.from({ length: LEADER_RINGS }, (_, ring) => DIRECTIONS.map((direction) => ({ ...spotAt(direction, besideDistance + (ring + 1) * LEADER_RING_STEP_PIXELS), ring: ring + 1 }))).flat(),
        ];
    const clearOfLabels = (box: Box): boolean => inside(box) && taken.every((other) => apart(box, other)) && leaders.every((line) => pointsAlong(line.fromX, line.fromY, line.toX, line.toY).every((point) => point.x <= box.left || point.x >= box.right || point.y <= box.top || point.y >= box.bottom));
    const clearOfBubbles = (box: Box): boolean => labels.every((other) => !boxTouchesCircle(box, other));
    /** The leader from the bubble's edge towards the label to the label's box, or null when it would cross another bubble or a label. */
    const leaderTo = (centre: { x: number; y: number }): { fromX: number; fromY: number; toX: number; toY: number } | null => {
      const box = boxAt(centre.x, centre.y);
      const distance = Math.hypot(centre.x - label.x, centre.y - label.y);
      const fromX = label.x + ((centre.x - label.x) / distance) * label.radius;
      const fromY = label.y + ((centre.y - label.y) / distance) * label.radius;
      const toX = Math.min(Math.max(label.x, box.left), box.right);
      const toY = Math.min(Math.max(label.y, box.top), box.bottom);
      const crosses = pointsAlong(fromX, fromY, toX, toY)
        .slice(1, -1)
        .some((point) => taken.some((other) => point.x > other.left && point.x < other.right && point.y > other.top && point.y < other.bottom) || labels.some((other, otherIndex) => otherIndex !== index && Math.hypot(point.x - other.x, point.y - other.y) < other.radius));
      return crosses ? null : { fromX, fromY, toX, toY };
    };
    let chosen: PlacedLabel | undefined;
    for (const centre of [...beside, ...shifted]) {
      if (clearOfLabels(boxAt(centre.x, centre.y)) && clearOfBubbles(boxAt(centre.x, centre.y))) {
        chosen = { text: label.text, x: centre.x, y: centre.y };
        break;
      }
    }
    for (const spot of chosen === undefined ? apartSpots : []) {
      const box = boxAt(spot.x, spot.y);
      if (!clearOfLabels(box) || !clearOfBubbles(box)) continue;
      if (spot.ring === 0) {
        chosen = { text: label.text, x: spot.x, y: spot.y };
        break;
      }
      const leader = leaderTo(spot);
      if (leader === null) continue;
      chosen = { text: label.text, x: spot.x, y: spot.y, leader };
      break;
    }
    if (chosen === undefined) {
      const fallback = [...beside, ...shifted].find((centre) => clearOfLabels(boxAt(centre.x, centre.y)));
      if (fallback !== undefined) chosen = { text: label.text, x: fallback.x, y: fallback.y };
    }
    if (chosen === undefined) continue;
    taken.push(boxAt(chosen.x, chosen.y));
    if (chosen.leader !== undefined) leaders.push(chosen.leader);
    placed.set(index, chosen);
  }
  return labels.flatMap((_, index) => {
    const entry = placed.get(index);
    return entry === undefined ? [] : [entry];
  });
}
