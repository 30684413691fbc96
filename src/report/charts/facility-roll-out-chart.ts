/**
 * The roll-out chart of a facility service (Thusong centres): capital and running costs of the new
 * centres per year as bars (R million, kept apart), the centres open and the municipalities with
 * a hub as lines on a count axis, and the people within reach (thousands) on an axis of its own:
 * on one axis with the counts, some 1,600 thousand people pressed 39 centres and 23
 * municipalities flat onto zero.
 */
import type { ChartConfiguration } from 'chart.js';
import { formatFinancialYear } from '../../dataset/financial-year.js';
import { RAND_PER_MILLION } from '../../dataset/money-text.js';
import type { FacilityRollOut } from '../../plan/facility-roll-out.js';
import { SERIES_COLOURS, chartLegend, chartTitle, illustrativeSubtitle } from './chart-canvas.js';

/** Chart configuration of one facility service's roll-out. */
export function facilityRollOutChart(rollOut: FacilityRollOut, illustrativeNote: string): ChartConfiguration {
  const line = (label: string, data: number[], colour: string, axisId: 'counts' | 'people', dash: number[] = []) => ({
    type: 'line' as const,
    label,
    data,
    borderColor: colour,
    backgroundColor: colour,
    borderDash: dash,
    borderWidth: 3,
    pointRadius: 4,
    yAxisID: axisId,
    order: 1,
  });
  return {
    type: 'bar',
    data: {
      labels: rollOut.years.map((year) => formatFinancialYear(year.financialYear)),
      datasets: [
        { type: 'bar', label: 'Capital on new centres (R million)', data: rollOut.years.map((year) => year.capitalRand / RAND_PER_MILLION), backgroundColor: SERIES_COLOURS[0], yAxisID: 'money', order: 2 },
        { type: 'bar', label: 'Running costs of new centres (R million)', data: rollOut.years.map((year) => year.operatingRand / RAND_PER_MILLION), backgroundColor: SERIES_COLOURS[1], yAxisID: 'money', order: 2 },
        line('Centres open (right axis)', rollOut.years.map((year) => year.centresOpen), '#111111', 'counts'),
        line('Municipalities with a hub (right axis)', rollOut.years.map((year) => year.municipalitiesCovered), SERIES_COLOURS[2], 'counts', [8, 6]),
        line('People within reach (thousands, outer right axis)', rollOut.years.map((year) => year.populationWithinReach / 1000), SERIES_COLOURS[3], 'people', [2, 4]),
      ] as never,
    },
    options: {
      plugins: {
        title: chartTitle(`${rollOut.service.label}: roll-out, capital and running costs`),
        subtitle: illustrativeSubtitle(illustrativeNote),
        legend: chartLegend(),
      },
      scales: {
        x: { title: { display: true, text: 'Financial year' } },
        money: { type: 'linear', position: 'left', beginAtZero: true, title: { display: true, text: 'R million' } },
        // Counts take whole steps: a fraction of a centre means nothing.
        counts: { type: 'linear', position: 'right', beginAtZero: true, grid: { drawOnChartArea: false }, ticks: { precision: 0 }, title: { display: true, text: 'Centres, municipalities (number)' } },
        people: { type: 'linear', position: 'right', beginAtZero: true, grid: { drawOnChartArea: false }, title: { display: true, text: 'People within reach (thousands)', color: SERIES_COLOURS[3] } },
      },
    },
  };
}
