/** A small works balance shared by the shortfall-benefit and checker tests. */
import type { CapacityBalance } from '../../src/dataset/types.js';

/** WC011's works balance: 4 Ml/day short in 2027/28, 6 from 2028/29. */
export const WC011_WORKS_BALANCE: CapacityBalance = {
  municipalityCode: 'WC011',
  service: 'water',
  assetType: 'water_treatment_works',
  projectTypes: ['water_treatment_upgrade'],
  shortfallMlPerDayByYear: { 2026: 0, 2027: 4, 2028: 6, 2029: 6 },
  illustrative: true,
};
