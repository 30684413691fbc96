/**
 * Chart of `stress`: the projects whose funding depends on the overruns. A project funded in every
 * draw (most of a plan) or in none tells the reader nothing per bar, so those are only counted in
 * the title; the bars show the projects in between, least robust first, at most
 * FUNDED_SHARE_CHART_LIMIT of them. The workbook's Project robustness sheet keeps every project.
 */
import type { ChartConfiguration } from 'chart.js';
import { CHART_HEIGHT_PIXELS, chartLegend, chartTitle, illustrativeSubtitle } from '../../report/charts/chart-canvas.js';
import type { ProjectRobustness, StressSummary } from '../stress-summary.js';

/** Most bars the funded-share chart shows. */
export const FUNDED_SHARE_CHART_LIMIT = 40;
/** Pixels per bar, as the other horizontal bar charts. */
const PIXELS_PER_BAR = 26;
/** Room for the two-line title, the subtitle, the axis and the legend. */
const CHART_FURNITURE_PIXELS = 260;
/** Bar colours: funded in the plan without overruns, and not. */
const FUNDED_WITHOUT_OVERRUN_COLOUR = '#2ca02c';
const NOT_FUNDED_WITHOUT_OVERRUN_COLOUR = '#ff7f0e';

/** The projects the funded-share chart shows, and the counts its title gives. */
export interface FundedShareSelection {
  /** Projects funded in some draws but not all, least robust first (share ascending, then id), at most the limit. */
  readonly shown: readonly ProjectRobustness[];
  /** Projects funded in some draws but not all (shown or not). */
  readonly atRiskCount: number;
  /** Projects funded in every draw with a plan. */
  readonly alwaysFunded: number;
  /** Projects funded in no draw. */
  readonly neverFunded: number;
}

/** Split the projects into always funded, never funded and at risk (strictly between), and pick the bars. */
export function fundedShareSelection(summary: StressSummary, limit = FUNDED_SHARE_CHART_LIMIT): FundedShareSelection {
  const noPlan = summary.drawsWithPlan === 0;
  const alwaysFunded = noPlan ? 0 : summary.projects.filter((project) => project.fundedShare >= 1).length;
  const neverFunded = noPlan ? summary.projects.length : summary.projects.filter((project) => project.fundedShare <= 0).length;
  const atRisk = noPlan
    ? []
    : summary.projects
        .filter((project) => project.fundedShare > 0 && project.fundedShare < 1)
        .sort((left, right) => left.fundedShare - right.fundedShare || (left.projectId < right.projectId ? -1 : left.projectId > right.projectId ? 1 : 0));
  return { shown: atRisk.slice(0, limit), atRiskCount: atRisk.length, alwaysFunded, neverFunded };
}

/** Height of the funded-share chart in pixels for the bars it shows. */
export function fundedShareChartHeight(summary: StressSummary): number {
  return Math.max(CHART_HEIGHT_PIXELS, CHART_FURNITURE_PIXELS + PIXELS_PER_BAR * fundedShareSelection(summary).shown.length);
}

/** Title lines: what the bars are and what was left out. */
function fundedShareTitle(summary: StressSummary, selection: FundedShareSelection): string[] {
  const counts = `${selection.alwaysFunded} projects funded in every draw and ${selection.neverFunded} in none are not shown`;
  if (summary.drawsWithPlan === 0) return ['Projects at risk under cost overruns', `No draw has a plan, so no project is funded in any draw (${summary.draws} draws)`];
  if (selection.atRiskCount === 0) return [`Projects at risk under cost overruns (${summary.drawsWithPlan} draws with a plan): none`, `Every project is funded in all draws or in none: ${counts.replace(' are not shown', '')}`];
  const which = selection.shown.length < selection.atRiskCount ? `the ${selection.shown.length} least robust of the ${selection.atRiskCount}` : `all ${selection.atRiskCount}`;
  return [
    `Projects funded in some overrun draws but not all: share of the ${summary.drawsWithPlan} draws with a plan`,
    `Showing ${which}; ${counts}`,
  ];
}

/**
 * Horizontal bars: share of overrun draws in which each at-risk project stays funded, least robust
 * at the top, coloured by whether the plan without overruns funds it.
 */
export function fundedShareChart(summary: StressSummary, illustrativeNote = ''): ChartConfiguration {
  const selection = fundedShareSelection(summary);
  const rows = selection.shown;
  const share = (project: ProjectRobustness, fundedWithoutOverrun: boolean): number | null => (project.fundedWithoutOverrun === fundedWithoutOverrun ? project.fundedShare * 100 : null);
  return {
    type: 'bar',
    data: {
      labels: rows.map((project) => project.projectId),
      datasets: [
        { label: 'Funded in the plan without overruns', data: rows.map((project) => share(project, true)), backgroundColor: FUNDED_WITHOUT_OVERRUN_COLOUR },
        { label: 'Not funded in the plan without overruns', data: rows.map((project) => share(project, false)), backgroundColor: NOT_FUNDED_WITHOUT_OVERRUN_COLOUR },
      ],
    },
    options: {
      indexAxis: 'y',
      plugins: {
        title: chartTitle(fundedShareTitle(summary, selection)),
        subtitle: illustrativeSubtitle(illustrativeNote),
        legend: chartLegend(rows.length > 0),
      },
      scales: {
        // Stacked so that each row's single bar sits on the row's centre line, not offset by the empty other series.
        x: { stacked: true, min: 0, max: 100, title: { display: true, text: 'Share of draws with a plan that fund the project (%)' } },
        y: { stacked: true, ticks: { autoSkip: false } },
      },
    },
  };
}
