/**
 * Need and growth-potential indices and the spatial-principle quadrant of every municipality.
 *
 * For each theme: orient every indicator so that higher means more need (need theme) or more
 * potential (growth theme), normalise it across municipalities, take the weighted mean with the
 * declared weights renormalised to sum 1 within the theme, and bring the composite onto 0..1 so a
 * threshold means the same under every normalisation. docs/indices.md gives the mathematics.
 *
 * Pure functions of the readonly Dataset: same input, same output, nothing read from disk.
 */
import path from 'node:path';
import { loadMathjs } from './math-module.js';
import type {
  Dataset,
  IndexSettings,
  IndicatorDeclaration,
  IndicatorDirection,
  IndicatorTheme,
  Normalisation,
} from '../dataset/types.js';
import { InvalidInputError, type DataProblem } from '../errors/problems.js';
import { normalise } from './normalise.js';
import type { IndicatorContribution, MunicipalContributions, MunicipalIndex, Quadrant } from './types.js';

/** The two themes, in the order reports list them. */
const THEMES: readonly IndicatorTheme[] = ['need', 'growth'];

/** The file a problem should name: the loaded file with that base name, or the bare name. */
function sourceFileNamed(dataset: Dataset, fileName: string): string {
  const match = dataset.sourceFiles.find((source) => path.basename(source.path) === fileName);
  if (match) return match.path;
  // A model read from model.xlsx has one sheet per table rather than one CSV per table.
  const tableName = fileName.replace(/\.csv$/, '');
  const workbook = dataset.sourceFiles.find((source) => path.basename(source.path) === 'model.xlsx');
  if (workbook && tableName !== fileName) return `${workbook.path} (sheet ${tableName})`;
  return fileName;
}

/**
 * True when a higher raw value must be flipped so that higher means more need (need theme) or more
 * potential (growth theme): a higher_is_better value lowers need, a higher_is_worse value lowers potential.
 */
export function isFlipped(theme: IndicatorTheme, direction: IndicatorDirection): boolean {
  return theme === 'need' ? direction === 'higher_is_better' : direction === 'higher_is_worse';
}

/**
 * The share of each declared weight within its theme. Throws InvalidInputError naming model.yaml
 * and the key when a theme has no indicator, a negative weight, or only zero weights.
 */
export function themeWeightShares(dataset: Dataset): ReadonlyMap<string, number> {
  const modelFile = sourceFileNamed(dataset, 'model.yaml');
  const declarations = dataset.config.indicators;
  const problems: DataProblem[] = [];
  const shares = new Map<string, number>();
  declarations.forEach((declaration, position) => {
    if (!Number.isFinite(declaration.weight) || declaration.weight < 0) {
      problems.push({
        file: modelFile,
        row: null,
        column: `indicators[${position}].weight`,
        message: `indicator "${declaration.id}" has weight ${declaration.weight}; a weight must be a number >= 0`,
      });
    }
  });
  for (const theme of THEMES) {
    const members = declarations
      .map((declaration, position) => ({ declaration, position }))
      .filter((entry) => entry.declaration.theme === theme);
    if (members.length === 0) {
      problems.push({
        file: modelFile,
        row: null,
        column: 'indicators',
        message: `no indicator has theme "${theme}"; declare at least one so the ${theme} index can be computed`,
      });
      continue;
    }
    // A negative weight is already reported above; a sum including it would only mislead.
    if (members.some((entry) => !Number.isFinite(entry.declaration.weight) || entry.declaration.weight < 0)) continue;
    const totalWeight = members.reduce((sum, entry) => sum + entry.declaration.weight, 0);
    if (totalWeight === 0) {
      const keys = members.map((entry) => `indicators[${entry.position}].weight (${entry.declaration.id})`);
      problems.push({
        file: modelFile,
        row: null,
        column: members.length === 1 ? `indicators[${members[0]!.position}].weight` : 'indicators[].weight',
        message: `every ${theme} indicator has weight 0 (${keys.join(', ')}); give at least one a positive weight`,
      });
      continue;
    }
    for (const entry of members) shares.set(entry.declaration.id, entry.declaration.weight / totalWeight);
  }
  if (problems.length > 0) throw new InvalidInputError(problems);
  return shares;
}

/**
 * Raw values of every declared indicator, one array per indicator id, aligned with
 * dataset.municipalities. Throws InvalidInputError naming indicators.csv, row and column for a
 * missing row or a missing or non-numeric value.
 */
function readIndicatorColumns(dataset: Dataset): ReadonlyMap<string, number[]> {
  const indicatorFile = sourceFileNamed(dataset, 'indicators.csv');
  const rowPositionByCode = new Map<string, number>();
  dataset.indicators.forEach((row, position) => rowPositionByCode.set(row.municipalityCode, position));
  const problems: DataProblem[] = [];
  const columns = new Map<string, number[]>();
  for (const declaration of dataset.config.indicators) columns.set(declaration.id, []);
  for (const municipality of dataset.municipalities) {
    const position = rowPositionByCode.get(municipality.code);
    if (position === undefined) {
      problems.push({
        file: indicatorFile,
        row: null,
        column: 'municipality_code',
        message: `no row for municipality ${municipality.code}; every municipality needs its indicator values`,
      });
      continue;
    }
    const row = dataset.indicators[position]!;
    for (const declaration of dataset.config.indicators) {
      const value = row.values[declaration.id];
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        problems.push({
          file: indicatorFile,
          // Spreadsheet row numbering: the header is row 1, so the first data row is row 2.
          row: position + 2,
          column: declaration.id,
          message: `municipality ${municipality.code} has no numeric value for indicator "${declaration.id}"`,
        });
        continue;
      }
      columns.get(declaration.id)!.push(value);
    }
  }
  if (problems.length > 0) throw new InvalidInputError(problems);
  return columns;
}

/**
 * Each indicator's oriented, normalised value and weighted contribution for every municipality, in
 * dataset order; for reports that explain which indicators drive an index. Default normalisation:
 * dataset.config.index.normalisation.
 */
export function computeIndicatorContributions(
  dataset: Dataset,
  normalisation: Normalisation = dataset.config.index.normalisation,
): readonly MunicipalContributions[] {
  const weightShares = themeWeightShares(dataset);
  const rawColumns = readIndicatorColumns(dataset);
  const normalisedColumns = new Map<string, number[]>();
  for (const declaration of dataset.config.indicators) {
    const raw = rawColumns.get(declaration.id)!;
    // Negating before normalising orients every method at once: min-max and rank give 1 - v, z-score -v.
    const oriented = isFlipped(declaration.theme, declaration.direction) ? raw.map((value) => -value) : raw;
    normalisedColumns.set(declaration.id, normalise(oriented, normalisation));
  }
  return dataset.municipalities.map((municipality, municipalityPosition) => ({
    municipalityCode: municipality.code,
    contributions: dataset.config.indicators.map((declaration: IndicatorDeclaration): IndicatorContribution => {
      const normalisedValue = normalisedColumns.get(declaration.id)![municipalityPosition]!;
      const weightShare = weightShares.get(declaration.id)!;
      return {
        indicatorId: declaration.id,
        theme: declaration.theme,
        rawValue: rawColumns.get(declaration.id)![municipalityPosition]!,
        // Adding 0 turns a -0 from negating a zero column into 0, so printed values never read "-0".
        normalisedValue: normalisedValue + 0,
        weightShare,
        contribution: weightShare * normalisedValue + 0,
      };
    }),
  }));
}

/** The standard normal cumulative distribution function, Φ(x) = (1 + erf(x / √2)) / 2. */
export function standardNormalCdf(value: number): number {
  return 0.5 * (1 + loadMathjs().erf(value / Math.SQRT2));
}

/**
 * A theme composite (weighted mean of normalised values) on 0..1. Min-max and rank composites are
 * already on 0..1 and are only clamped against rounding; a z-score composite is a standard score
 * around 0, mapped through the standard normal CDF so the average municipality lands at 0.5.
 */
export function compositeToIndex(composite: number, normalisation: Normalisation): number {
  if (normalisation === 'z-score') return standardNormalCdf(composite);
  return Math.min(1, Math.max(0, composite));
}

/** The quadrant: high need when needIndex >= needThreshold, high growth when growthIndex >= growthThreshold. */
export function classifyQuadrant(needIndex: number, growthIndex: number, settings: IndexSettings): Quadrant {
  const growth = growthIndex >= settings.growthThreshold ? 'high_growth' : 'low_growth';
  const need = needIndex >= settings.needThreshold ? 'high_need' : 'low_need';
  return `${growth}_${need}`;
}

/** A quadrant in words for people, e.g. "high growth, high need". */
export function describeQuadrant(quadrant: Quadrant): string {
  const [growthLevel, , needLevel] = quadrant.split('_');
  return `${growthLevel} growth, ${needLevel} need`;
}

/**
 * Stop with an internal error when an index is not a number in 0..1. The schemas keep every input
 * in a plausible range and the normalisation is written so that no step overflows, so reaching
 * this is a bug; a NaN classed "low need" would otherwise flow into a plan and a report unnoticed.
 */
function assertIndexInRange(value: number, what: string, municipalityCode: string): void {
  if (!(value >= 0 && value <= 1)) {
    throw new Error(`internal error: the ${what} index of municipality ${municipalityCode} is ${value}, not a number from 0 to 1`);
  }
}

/** Need and growth-potential indices (0..1) and quadrant for every municipality, in dataset order. */
export function computeIndices(
  dataset: Dataset,
  normalisation: Normalisation = dataset.config.index.normalisation,
): readonly MunicipalIndex[] {
  return computeIndicatorContributions(dataset, normalisation).map((municipal) => {
    const composite = (theme: IndicatorTheme): number =>
      municipal.contributions
        .filter((entry) => entry.theme === theme)
        .reduce((sum, entry) => sum + entry.contribution, 0);
    const needIndex = compositeToIndex(composite('need'), normalisation);
    const growthIndex = compositeToIndex(composite('growth'), normalisation);
    assertIndexInRange(needIndex, 'need', municipal.municipalityCode);
    assertIndexInRange(growthIndex, 'growth-potential', municipal.municipalityCode);
    return {
      municipalityCode: municipal.municipalityCode,
      needIndex,
      growthIndex,
      quadrant: classifyQuadrant(needIndex, growthIndex, dataset.config.index),
    };
  });
}
