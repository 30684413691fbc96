/**
 * Chart 4: backlog households still below the basic service level at the end of each year, one
 * line per service. A flat line says the plan does not reach that service's backlog.
 */
import type { ChartConfiguration } from 'chart.js';
import { formatFinancialYear } from '../../dataset/financial-year.js';
import type { Plan } from '../../plan/types.js';
import { chartLegend, chartTitle, illustrativeSubtitle } from './chart-canvas.js';

/** Line colours in service order (the first two are water's and sanitation's of the default services); they repeat past the last. */
const SERVICE_COLOURS = ['#1f77b4', '#8c564b', '#2ca02c', '#ff7f0e', '#9467bd', '#17becf', '#e377c2', '#7f7f7f'] as const;

/** Chart configuration: remaining backlog households by year, per service. */
export function backlogChart(plan: Plan): ChartConfiguration {
  const years = plan.financialYears;
  const colourOf = (service: string): string => SERVICE_COLOURS[Math.max(0, plan.services.findIndex((declared) => declared.id === service)) % SERVICE_COLOURS.length];
  const datasets = plan.services.filter((service) => plan.backlog.some((point) => point.service === service.id)).map((service) => ({
    label: service.label,
    data: years.map((year) => plan.backlog.find((point) => point.service === service.id && point.financialYear === year)?.remainingHouseholds ?? null),
    borderColor: colourOf(service.id),
    backgroundColor: colourOf(service.id),
    borderWidth: 3,
    pointRadius: 5,
  }));
  return {
    type: 'line',
    data: { labels: years.map(formatFinancialYear), datasets },
    options: {
      plugins: {
        title: chartTitle('Backlog households remaining at the end of each year (households)'),
        subtitle: illustrativeSubtitle(plan.illustrativeNote),
        legend: chartLegend(),
      },
      scales: {
        x: { title: { display: true, text: 'Financial year' } },
        y: { beginAtZero: true, title: { display: true, text: 'Households below the basic level' } },
      },
    },
  };
}
