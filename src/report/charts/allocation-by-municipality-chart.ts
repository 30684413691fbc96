/**
 * Chart 2: spending per municipality over the horizon, split by what drove it: the need-led and the
 * growth-led part of the benefit the money buys. Sorted largest first so the ranking reads top down.
 */
import type { ChartConfiguration } from 'chart.js';
import type { Plan } from '../../plan/types.js';
import { chartLegend, chartTitle, illustrativeSubtitle } from './chart-canvas.js';
import { RAND_PER_MILLION } from '../../dataset/money-text.js';


/** One municipality's spending split into need-led and growth-led rand. */
export interface MunicipalAllocationSplit {
  /** Demarcation code. */
  readonly municipalityCode: string;
  /** Name. */
  readonly municipalityName: string;
  /** Rand attributed to need (spending × need share of its benefit). */
  readonly needLedRand: number;
  /** Rand attributed to growth potential. */
  readonly growthLedRand: number;
}

/**
 * Split each municipality's spending in proportion to its need and growth benefit. A municipality
 * with spending but no counted benefit (an override of 0) shows as need-led: the only money a plan
 * spends without benefit is money a floor rule forces, and floors are need rules.
 */
export function municipalAllocationSplits(plan: Plan): MunicipalAllocationSplit[] {
  return plan.municipalities
    .filter((summary) => summary.spendingRand > 0)
    .map((summary) => {
      const benefit = summary.needBenefit + summary.growthBenefit;
      const needShare = benefit > 0 ? summary.needBenefit / benefit : 1;
      return { municipalityCode: summary.municipalityCode, municipalityName: summary.municipalityName, needLedRand: summary.spendingRand * needShare, growthLedRand: summary.spendingRand * (1 - needShare) };
    })
    .sort((left, right) => right.needLedRand + right.growthLedRand - (left.needLedRand + left.growthLedRand));
}

/** Chart configuration: horizontal stacked bars of R million per municipality, need-led and growth-led. */
export function allocationByMunicipalityChart(plan: Plan): ChartConfiguration {
  const splits = municipalAllocationSplits(plan);
  return {
    type: 'bar',
    data: {
      labels: splits.map((split) => `${split.municipalityCode} ${split.municipalityName}`),
      datasets: [
        { label: 'Need-led', data: splits.map((split) => split.needLedRand / RAND_PER_MILLION), backgroundColor: '#d62728' },
        { label: 'Growth-led', data: splits.map((split) => split.growthLedRand / RAND_PER_MILLION), backgroundColor: '#1f77b4' },
      ],
    },
    options: {
      indexAxis: 'y',
      plugins: {
        title: chartTitle('Planned spending by municipality, need-led and growth-led (R million)'),
        subtitle: illustrativeSubtitle(plan.illustrativeNote),
        legend: chartLegend(),
      },
      scales: {
        x: { stacked: true, beginAtZero: true, title: { display: true, text: 'R million over the horizon' } },
        y: { stacked: true, ticks: { autoSkip: false } },
      },
    },
  };
}
