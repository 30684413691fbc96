/** Results of the indicator stage: one record per municipality. */
import type { IndicatorTheme } from '../dataset/types.js';

/** The four quadrants of the national spatial principle (growth potential x need). */
export type Quadrant =
  | 'high_growth_high_need'
  | 'high_growth_low_need'
  | 'low_growth_high_need'
  | 'low_growth_low_need';

/** Indices of one municipality. Both indices are on 0..1, higher meaning more need / more potential. */
export interface MunicipalIndex {
  /** Demarcation code. */
  readonly municipalityCode: string;
  /** Need index, 0..1 (1 = highest need in the model). */
  readonly needIndex: number;
  /** Growth-potential index, 0..1 (1 = highest potential in the model). */
  readonly growthIndex: number;
  /** Spatial-principle quadrant. */
  readonly quadrant: Quadrant;
}

/** The four quadrants, in the order reports list them. */
export const QUADRANTS: readonly Quadrant[] = [
  'high_growth_high_need',
  'high_growth_low_need',
  'low_growth_high_need',
  'low_growth_low_need',
];

/** How one indicator feeds one municipality's need or growth-potential index. */
export interface IndicatorContribution {
  /** Indicator id as declared in model.yaml (the indicators.csv column). */
  readonly indicatorId: string;
  /** The index the indicator feeds. */
  readonly theme: IndicatorTheme;
  /** The value from indicators.csv, in the indicator's own unit. */
  readonly rawValue: number;
  /**
   * The value after orientation (higher = more need, or more potential) and normalisation: 0..1 for
   * min-max and rank, a standard score (mean 0) for z-score.
   */
  readonly normalisedValue: number;
  /** Declared weight divided by the sum of the theme's weights, 0..1; a theme's shares sum to 1. */
  readonly weightShare: number;
  /** weightShare × normalisedValue; a theme's contributions sum to its composite before any z-score mapping. */
  readonly contribution: number;
}

/** Every indicator's contribution for one municipality, in model.yaml declaration order. */
export interface MunicipalContributions {
  /** Demarcation code. */
  readonly municipalityCode: string;
  /** One entry per declared indicator. */
  readonly contributions: readonly IndicatorContribution[];
}
