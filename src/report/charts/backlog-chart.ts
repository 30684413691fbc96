/**
 * Chart 4: backlog households still below the basic service level at the end of each year, one
 * line per service. A flat line says the plan does not reach that service's backlog.
 */
import type { ChartConfiguration } from 'chart.js';
import { formatFinancialYear } from '../../dataset/financial-year.js';
import { SERVICES } from '../../dataset/types.js';
import type { Plan } from '../../plan/types.js';
import { chartLegend, chartTitle, illustrativeSubtitle } from './chart-canvas.js';

const SERVICE_COLOURS = { water: '#1f77b4', sanitation: '#8c564b' } as const;
const SERVICE_LABELS = { water: 'Water', sanitation: 'Sanitation' } as const;

/** Chart configuration: remaining backlog households by year, per service. */
export function backlogChart(plan: Plan): ChartConfiguration {
  const years = plan.financialYears;
  const datasets = SERVICES.filter((service) => plan.backlog.some((point) => point.service === service)).map((service) => ({
    label: SERVICE_LABELS[service],
    data: years.map((year) => plan.backlog.find((point) => point.service === service && point.financialYear === year)?.remainingHouseholds ?? null),
    borderColor: SERVICE_COLOURS[service],
    backgroundColor: SERVICE_COLOURS[service],
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
