/**
 * Chart 1: planned spending per financial year stacked by funding source, against the envelopes.
 * The reader sees at once whether a year is tight (bars at the line) or under-spent.
 */
import type { ChartConfiguration } from 'chart.js';
import { formatFinancialYear } from '../../dataset/financial-year.js';
import type { Dataset } from '../../dataset/types.js';
import type { Plan } from '../../plan/types.js';
import { spendingBySource, tableRand } from '../plan-figures.js';
import { SERIES_COLOURS, chartLegend, chartTitle, illustrativeSubtitle } from './chart-canvas.js';
import { RAND_PER_MILLION } from '../../dataset/money-text.js';


/** Chart configuration: stacked bars of spending by source per year, lines for the envelopes (R million). */
export function spendingByYearChart(plan: Plan, dataset: Dataset): ChartConfiguration {
  const table = spendingBySource(plan, dataset);
  const years = plan.financialYears;
  // Capital envelopes only: the bars are capital spending, and running costs have envelopes of their own.
  const operating = new Set(dataset.fundingSources.filter((source) => source.purpose === 'operating').map((source) => source.id));
  const capitalUse = plan.envelopeUse.filter((use) => !operating.has(use.sourceId));
  const envelopeByYear = years.map((year) => capitalUse.filter((use) => use.financialYear === year).reduce((sum, use) => sum + use.envelopeRand, 0));
  const availableByYear = years.map((year) =>
    capitalUse.filter((use) => use.financialYear === year).reduce((sum, use) => sum + use.envelopeRand + use.carriedInRand, 0),
  );
  const hasCarryOver = availableByYear.some((available, index) => available > envelopeByYear[index]);
  // The chart's legend has room for the names that the sheet lists once under its table.
  const nameOf = new Map(dataset.fundingSources.map((source) => [source.id, `${source.id} ${source.name}`]));
  const bars = table.rowKeys.map((sourceId, index) => ({
    type: 'bar' as const,
    label: nameOf.get(sourceId) ?? table.rowLabels[sourceId],
    data: years.map((year) => tableRand(table, sourceId, year) / RAND_PER_MILLION),
    backgroundColor: SERIES_COLOURS[index % SERIES_COLOURS.length],
    stack: 'spending',
    order: 2,
  }));
  const lines = [
    {
      type: 'line' as const,
      label: 'Envelope, all sources',
      data: envelopeByYear.map((rand) => rand / RAND_PER_MILLION),
      borderColor: '#111111',
      backgroundColor: '#111111',
      borderWidth: 3,
      pointRadius: 5,
      order: 1,
      // The y axis stacks the bars; each line needs a stack of its own or chart.js adds the
      // available line on top of the envelope line and shows about twice the money.
      stack: 'envelope',
    },
    ...(hasCarryOver
      ? [
          {
            type: 'line' as const,
            label: 'Available incl. carried-over money',
            data: availableByYear.map((rand) => rand / RAND_PER_MILLION),
            borderColor: '#555555',
            backgroundColor: '#555555',
            borderDash: [8, 6],
            borderWidth: 2,
            pointRadius: 4,
            order: 1,
            stack: 'available',
          },
        ]
      : []),
  ];
  return {
    type: 'bar',
    data: { labels: years.map(formatFinancialYear), datasets: [...bars, ...lines] as never },
    options: {
      plugins: {
        title: chartTitle('Planned spending by funding source against the envelopes (R million)'),
        subtitle: illustrativeSubtitle(plan.illustrativeNote),
        legend: chartLegend(),
      },
      scales: {
        x: { stacked: true, title: { display: true, text: 'Financial year' } },
        y: { stacked: true, beginAtZero: true, title: { display: true, text: 'R million' } },
      },
    },
  };
}
