/**
 * Render every report chart of a plan to PNG, in the order the Summary sheet shows them.
 */
import type { ChartConfiguration } from 'chart.js';
import type { Dataset } from '../../dataset/types.js';
import type { Plan } from '../../plan/types.js';
import { allocationByMunicipalityChart } from './allocation-by-municipality-chart.js';
import { backlogCaption, backlogChart } from './backlog-chart.js';
import { CHART_HEIGHT_PIXELS, CHART_WIDTH_PIXELS, renderChartToPng } from './chart-canvas.js';
import { quadrantChart } from './quadrant-chart.js';
import { spendingByYearChart } from './spending-by-year-chart.js';
import { facilityRollOutChart } from './facility-roll-out-chart.js';
import { facilityRollOuts } from '../../plan/facility-roll-out.js';

/** A rendered chart. */
export interface RenderedChart {
  /** File name inside the run folder's charts/ folder, e.g. `spending-by-year.png`. */
  readonly fileName: string;
  /** Caption for the workbook. */
  readonly caption: string;
  /** PNG bytes. */
  readonly png: Buffer;
  /** Width in pixels. */
  readonly widthPixels: number;
  /** Height in pixels. */
  readonly heightPixels: number;
}

/** Pixels per bar in the municipality chart, so 200+ municipalities stay readable. */
const PIXELS_PER_MUNICIPALITY_BAR = 26;

/** Render the report charts of a plan: the four of every plan, then one per facility service. */
export async function renderCharts(plan: Plan, dataset: Dataset): Promise<RenderedChart[]> {
  const fundedMunicipalities = plan.municipalities.filter((summary) => summary.spendingRand > 0).length;
  const specifications: { fileName: string; caption: string; configuration: ChartConfiguration; heightPixels: number }[] = [
    { fileName: 'spending-by-year.png', caption: 'Planned spending by funding source against the envelopes', configuration: spendingByYearChart(plan, dataset), heightPixels: CHART_HEIGHT_PIXELS },
    {
      fileName: 'allocation-by-municipality.png',
      caption: 'Planned spending by municipality, need-led and growth-led',
      configuration: allocationByMunicipalityChart(plan),
      heightPixels: Math.max(CHART_HEIGHT_PIXELS, 200 + PIXELS_PER_MUNICIPALITY_BAR * fundedMunicipalities),
    },
    { fileName: 'need-growth-quadrants.png', caption: 'Municipalities by need and growth potential', configuration: quadrantChart(plan, dataset) as ChartConfiguration, heightPixels: CHART_HEIGHT_PIXELS },
    { fileName: 'backlog-by-year.png', caption: backlogCaption(plan), configuration: backlogChart(plan), heightPixels: CHART_HEIGHT_PIXELS },
    // A model with a facility service (Thusong) gets its roll-out chart after the four.
    ...facilityRollOuts(plan, dataset).map((rollOut) => ({
      fileName: `${rollOut.service.id.replace(/_/g, '-')}-roll-out.png`,
      caption: `${rollOut.service.label}: roll-out, capital and running costs by year`,
      configuration: facilityRollOutChart(rollOut, plan.illustrativeNote),
      heightPixels: CHART_HEIGHT_PIXELS,
    })),
  ];
  const charts: RenderedChart[] = [];
  for (const specification of specifications) {
    const png = await renderChartToPng(specification.configuration, CHART_WIDTH_PIXELS, specification.heightPixels);
    charts.push({ fileName: specification.fileName, caption: specification.caption, png, widthPixels: CHART_WIDTH_PIXELS, heightPixels: specification.heightPixels });
  }
  return charts;
}
