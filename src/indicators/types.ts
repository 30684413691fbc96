/** Results of the indicator stage: one record per municipality. */

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
