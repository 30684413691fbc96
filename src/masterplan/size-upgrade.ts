/**
 * The size of an upgrade: the largest gap between design demand and capacity over the asset
 * type's design horizon from the shortfall year, rounded up to whole modules and split into
 * phases. Nothing beyond the need is sized except that rounding (less than one module).
 */
import { exceeds, firstShortfallIndex } from './find-shortfalls.js';
import type { AssetTypeSettings, UpgradeNeed, UpgradePhase } from './types.js';

/** Round a size up to a whole number of modules (at least one), ignoring float noise below 1e-9 of a module. */
export function roundUpToModules(size: number, moduleSize: number): number {
  const modules = Math.max(1, Math.ceil(Number((size / moduleSize).toFixed(9))));
  return Number((modules * moduleSize).toFixed(9));
}

/**
 * Size the upgrade for a shortfall at `years[shortfallIndex]`. The design window is the shortfall
 * year and the design horizon − 1 years after it (cut at the end of `years`, which
 * projectionYears makes long enough for any project the plan can start). Phase k's share is
 * rounded up to modules on the cumulative total, so the phases add up to the rounded total; a phase
 * whose capacity the earlier phases already cover within the window is not generated.
 */
export function sizeUpgrade(
  designByYear: readonly number[],
  capacityByYear: readonly number[],
  years: readonly number[],
  shortfallIndex: number,
  settings: Pick<AssetTypeSettings, 'designHorizonYears' | 'moduleSize' | 'phaseShares'>,
): UpgradeNeed {
  const lastIndex = Math.min(years.length - 1, shortfallIndex + settings.designHorizonYears - 1);
  let capacityNeeded = 0;
  for (let index = shortfallIndex; index <= lastIndex; index += 1) {
    if (exceeds(designByYear[index], capacityByYear[index])) capacityNeeded = Math.max(capacityNeeded, designByYear[index] - capacityByYear[index]);
  }
  const total = roundUpToModules(capacityNeeded, settings.moduleSize);
  const phases: UpgradePhase[] = [];
  let built = 0;
  let cumulativeShare = 0;
  for (const [position, share] of settings.phaseShares.entries()) {
    cumulativeShare += share;
    const isLast = position === settings.phaseShares.length - 1;
    const upTo = isLast ? total : Math.min(total, roundUpToModules(cumulativeShare * total, settings.moduleSize));
    const size = Number((upTo - built).toFixed(9));
    if (size <= 0) continue;
    const phaseShortfall = firstShortfallIndex(designByYear, capacityByYear, shortfallIndex, lastIndex, built);
    if (phaseShortfall === null) break;
    phases.push({ size, shortfallYear: years[phaseShortfall] });
    built = upTo;
  }
  return {
    shortfallYear: years[shortfallIndex],
    designYear: years[shortfallIndex] + settings.designHorizonYears - 1,
    capacityNeeded,
    phases,
  };
}
