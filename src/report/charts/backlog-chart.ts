/**
 * Chart 4: the backlog still below the basic service level at the end of each year, one line per
 * service. A flat line says the plan does not reach that service's backlog. Each need unit has an
 * axis of its own (households on the left, people for a facility service such as Thusong on the
 * right): on one axis the Thusong backlog (over a million people in the default model) flattens
 * the water and sanitation lines (tens of thousands of households) onto zero, and mixes units.
 */
import type { ChartConfiguration } from 'chart.js';
import { formatFinancialYear } from '../../dataset/financial-year.js';
import { needUnitWords } from '../../dataset/services.js';
import type { NeedUnit } from '../../dataset/types.js';
import type { Plan, PlanService } from '../../plan/types.js';
import { chartLegend, chartTitle, illustrativeSubtitle } from './chart-canvas.js';

/** Line colours in service order (the first two are water's and sanitation's of the default services); they repeat past the last. */
const SERVICE_COLOURS = ['#1f77b4', '#8c564b', '#2ca02c', '#ff7f0e', '#9467bd', '#17becf', '#e377c2', '#7f7f7f'] as const;

/** The y axis id of a need unit's backlog, e.g. `backlog_households`. */
export function backlogAxisId(needUnit: NeedUnit): string {
  return `backlog_${needUnit}`;
}

/** An axis title in a need unit. */
function axisTitle(needUnit: NeedUnit): string {
  if (needUnit === 'households') return 'Households below the basic level';
  const words = needUnitWords(needUnit);
  return `${words.charAt(0).toUpperCase()}${words.slice(1)} in the backlog`;
}

/** The services the chart draws: those with backlog points, in declared order. */
function chartedServices(plan: Plan): PlanService[] {
  return plan.services.filter((service) => plan.backlog.some((point) => point.service === service.id));
}

/** The need units of the charted services, in the order they first appear (the first on the left axis). */
export function backlogUnits(plan: Plan): NeedUnit[] {
  return [...new Set(chartedServices(plan).map((service) => service.needUnit))];
}

/** Chart caption and title words: "Backlog households remaining" with one unit, "Backlog remaining" with several. */
export function backlogCaption(plan: Plan): string {
  const units = backlogUnits(plan);
  return units.length <= 1 && (units[0] ?? 'households') === 'households' ? 'Backlog households remaining by year' : 'Backlog remaining by year';
}

/** Chart configuration: remaining backlog by year, per service, an axis per need unit. */
export function backlogChart(plan: Plan): ChartConfiguration {
  const years = plan.financialYears;
  const colourOf = (service: string): string => SERVICE_COLOURS[Math.max(0, plan.services.findIndex((declared) => declared.id === service)) % SERVICE_COLOURS.length];
  const units = backlogUnits(plan);
  const severalUnits = units.length > 1;
  const datasets = chartedServices(plan).map((service) => ({
    // With two axes each line says which it is read on.
    label: severalUnits ? `${service.label} (${needUnitWords(service.needUnit)}, ${units.indexOf(service.needUnit) === 0 ? 'left' : 'right'} axis)` : service.label,
    data: years.map((year) => plan.backlog.find((point) => point.service === service.id && point.financialYear === year)?.remainingHouseholds ?? null),
    borderColor: colourOf(service.id),
    backgroundColor: colourOf(service.id),
    borderWidth: 3,
    pointRadius: 5,
    yAxisID: backlogAxisId(service.needUnit),
  }));
  const unitsInTitle = units.length === 0 ? ['households'] : units.map((unit) => needUnitWords(unit));
  const title = severalUnits
    ? `Backlog remaining at the end of each year (${unitsInTitle.join(' and ')})`
    : units[0] === undefined || units[0] === 'households'
      ? 'Backlog households remaining at the end of each year (households)'
      : `Backlog remaining at the end of each year (${unitsInTitle[0]})`;
  const valueAxes = Object.fromEntries(
    (units.length === 0 ? (['households'] as NeedUnit[]) : units).map((unit, position) => [
      backlogAxisId(unit),
      {
        type: 'linear' as const,
        position: position === 0 ? ('left' as const) : ('right' as const),
        beginAtZero: true,
        // The grid of the first axis only: two grids at different steps read as noise.
        grid: { drawOnChartArea: position === 0 },
        title: { display: true, text: axisTitle(unit) },
      },
    ]),
  );
  return {
    type: 'line',
    data: { labels: years.map(formatFinancialYear), datasets },
    options: {
      plugins: {
        title: chartTitle(title),
        subtitle: illustrativeSubtitle(plan.illustrativeNote),
        legend: chartLegend(),
      },
      scales: {
        x: { title: { display: true, text: 'Financial year' } },
        ...valueAxes,
      },
    },
  };
}
