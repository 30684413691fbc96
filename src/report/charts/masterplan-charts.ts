/**
 * The master plan charts: demand against capacity over the projection years as small multiples
 * (one panel per municipality, its water treatment works or first balance: design demand and
 * capacity in Ml/day), and a shortfall timeline (the first shortfall year of every balance, one
 * row per municipality). Both carry the illustrative line: the design demands come from planning
 * norms and the model's illustrative figures.
 */
import { createRequire } from 'node:module';
import type { ChartConfiguration } from 'chart.js';
import { formatFinancialYear } from '../../dataset/financial-year.js';
import type { Dataset } from '../../dataset/types.js';
import type { DatasetMasterPlan } from '../../masterplan/apply-master-plan.js';
import { ASSET_TYPE_RULES } from '../../masterplan/asset-type-rules.js';
import { ASSET_TYPES, type AssetBalance } from '../../masterplan/types.js';
import { ILLUSTRATIVE_INPUTS_LINE } from '../format.js';
import { SERIES_COLOURS, chartLegend, chartTitle, renderChartToPng } from './chart-canvas.js';

const requireFromHere = createRequire(import.meta.url);

/** Panel size of a small multiple, pixels. */
const PANEL_WIDTH_PIXELS = 420;
const PANEL_HEIGHT_PIXELS = 260;
/** Panels per row. */
const PANELS_PER_ROW = 4;
/** Height of the heading above the panels, pixels. */
const HEADING_PIXELS = 70;

/** Financial-year labels ("2025/26") that fit side by side under the 1,200-pixel shortfall timeline. */
const YEAR_LABELS_THAT_FIT = 12;

/** An afterBuildTicks hook that puts an axis's ticks exactly at the given values. */
export function wholeNumberTicks(values: readonly number[]): (axis: { ticks: { value: number }[] }) => void {
  return (axis) => {
    axis.ticks = values.map((value) => ({ value }));
  };
}

/** The balance a municipality's panel shows: its water treatment works, else its first. */
function panelBalance(result: DatasetMasterPlan, code: string): AssetBalance | undefined {
  const own = result.masterPlan.balances.filter((balance) => balance.municipalityCode === code);
  return own.find((balance) => balance.assetType === 'water_treatment_works') ?? own[0];
}

/** One small panel: design demand and capacity of a balance over the projection years. */
export function demandCapacityPanel(result: DatasetMasterPlan, balance: AssetBalance, title: string): ChartConfiguration {
  const years = result.masterPlan.years;
  return {
    type: 'line',
    data: {
      labels: years.map(formatFinancialYear),
      datasets: [
        { label: 'design demand', data: [...balance.designDemandByYear], borderColor: SERIES_COLOURS[3], backgroundColor: SERIES_COLOURS[3], borderWidth: 2, pointRadius: 0 },
        { label: 'capacity', data: [...balance.capacityByYear], borderColor: SERIES_COLOURS[0], backgroundColor: SERIES_COLOURS[0], borderWidth: 2, borderDash: [6, 3], pointRadius: 0, stepped: true },
      ],
    },
    options: {
      plugins: { title: { display: true, text: title, font: { size: 13, weight: 'bold' } }, legend: { display: false } },
      scales: {
        x: { ticks: { maxTicksLimit: 5, font: { size: 10 } } },
        y: { beginAtZero: true, title: { display: true, text: balance.capacityUnit, font: { size: 10 } }, ticks: { font: { size: 10 } } },
      },
    },
  };
}

/** Small multiples of demand against capacity, one panel per municipality with a balance, as one PNG. */
export async function renderDemandCapacityMultiples(result: DatasetMasterPlan, dataset: Dataset): Promise<Buffer> {
  const { createCanvas, loadImage } = requireFromHere('@napi-rs/canvas') as typeof import('@napi-rs/canvas');
  const panels: { image: Buffer }[] = [];
  for (const municipality of dataset.municipalities) {
    const balance = panelBalance(result, municipality.code);
    if (balance === undefined) continue;
    const title = `${municipality.code} ${municipality.name}: ${ASSET_TYPE_RULES[balance.assetType].label}`;
    panels.push({ image: await renderChartToPng(demandCapacityPanel(result, balance, title), PANEL_WIDTH_PIXELS, PANEL_HEIGHT_PIXELS) });
  }
  const rows = Math.max(1, Math.ceil(panels.length / PANELS_PER_ROW));
  const canvas = createCanvas(PANEL_WIDTH_PIXELS * PANELS_PER_ROW, HEADING_PIXELS + PANEL_HEIGHT_PIXELS * rows);
  const context = canvas.getContext('2d');
  context.fillStyle = 'white';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.fillStyle = '#222222';
  context.font = 'bold 22px "DejaVu Sans"';
  context.fillText('Design demand (solid) against existing and committed capacity (dashed), per municipality', 16, 30);
  context.fillStyle = '#9c2b16';
  context.font = 'bold 15px "DejaVu Sans"';
  context.fillText(`${ILLUSTRATIVE_INPUTS_LINE}; design demand from planning norms`, 16, 56);
  for (const [position, panel] of panels.entries()) {
    const image = await loadImage(panel.image);
    context.drawImage(image, (position % PANELS_PER_ROW) * PANEL_WIDTH_PIXELS, HEADING_PIXELS + Math.floor(position / PANELS_PER_ROW) * PANEL_HEIGHT_PIXELS);
  }
  return canvas.toBuffer('image/png');
}

/** The shortfall timeline: the first shortfall year of every balance, a row per municipality, a series per asset type. */
export function shortfallTimelineChart(result: DatasetMasterPlan, dataset: Dataset): ChartConfiguration {
  const { masterPlan } = result;
  const names = dataset.municipalities.map((municipality) => `${municipality.code} ${municipality.name}`);
  const types = ASSET_TYPES.filter((assetType) => masterPlan.balances.some((balance) => balance.assetType === assetType));
  const firstYear = masterPlan.years[0];
  const lastYear = masterPlan.years[masterPlan.years.length - 1];
  // A label every year while they fit (about 12 across the plot), else every second or third year.
  const yearStep = Math.max(1, Math.ceil((lastYear - firstYear + 1) / YEAR_LABELS_THAT_FIT));
  const yearTicks = masterPlan.years.filter((year) => (year - firstYear) % yearStep === 0);
  return {
    type: 'scatter',
    data: {
      datasets: types.map((assetType, position) => ({
        label: ASSET_TYPE_RULES[assetType].label,
        data: dataset.municipalities.flatMap((municipality, row) => {
          const balance = masterPlan.balances.find((candidate) => candidate.municipalityCode === municipality.code && candidate.assetType === assetType);
          return balance?.shortfallYear === null || balance === undefined ? [] : [{ x: balance.shortfallYear, y: row }];
        }),
        backgroundColor: SERIES_COLOURS[position % SERIES_COLOURS.length],
        borderColor: SERIES_COLOURS[position % SERIES_COLOURS.length],
        pointRadius: 7,
        pointStyle: 'circle',
      })),
    },
    options: {
      plugins: {
        title: chartTitle('First shortfall year of each bulk asset type (design demand above capacity)'),
        // Two lines: as one, the warning is wider than the 1,200-pixel chart and clipped at both ends.
        subtitle: { display: true, text: [ILLUSTRATIVE_INPUTS_LINE, 'Design demand from planning norms'], color: '#9c2b16', font: { size: 15, weight: 'bold' }, padding: { top: 0, bottom: 10 } },
        legend: chartLegend(true, null),
      },
      scales: {
        // Half a year and half a row of margin keep the end points off the frame; the ticks are then
        // set on whole years and whole rows, because chart.js counts stepSize from the minimum and
        // would put them on 2025.5 and on row -0.5 (which has no name).
        x: {
          min: firstYear - 0.5,
          max: lastYear + 0.5,
          title: { display: true, text: 'Financial year' },
          afterBuildTicks: wholeNumberTicks(yearTicks),
          ticks: { autoSkip: false, callback: (value) => formatFinancialYear(Number(value)) },
        },
        y: {
          min: -0.5,
          max: names.length - 0.5,
          reverse: true,
          afterBuildTicks: wholeNumberTicks(names.map((_name, row) => row)),
          ticks: { autoSkip: false, callback: (value) => names[Number(value)] ?? '' },
        },
      },
    },
  };
}

/** Both charts as PNG files by name. */
export async function renderMasterPlanCharts(result: DatasetMasterPlan, dataset: Dataset): Promise<Map<string, Buffer>> {
  const height = Math.max(500, 140 + 26 * dataset.municipalities.length);
  return new Map([
    ['masterplan-demand-capacity.png', await renderDemandCapacityMultiples(result, dataset)],
    ['masterplan-shortfall-timeline.png', await renderChartToPng(shortfallTimelineChart(result, dataset), 1200, Math.min(height, 6000))],
  ]);
}
