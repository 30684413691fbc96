/**
 * The library core of `infraplan validate`: load a model, and either summarise it or return every
 * problem found. The CLI only prints what this returns.
 */
import { formatFinancialYear } from './financial-year.js';
import type { DataProblem } from '../errors/problems.js';
import { horizonOf } from './horizon.js';
import type { Dataset, FundingPurpose, ProjectStatus } from './types.js';

/** Money available from one funding source over the planning horizon. */
export interface FundingTotal {
  /** Source id, e.g. `RBIG`. */
  readonly sourceId: string;
  /** Source name. */
  readonly sourceName: string;
  /** Sum of the source's envelopes in the horizon years, rand. */
  readonly totalRand: number;
  /** Capital or operating (running costs); the two are never added up. */
  readonly purpose: FundingPurpose;
}

/** How many rows of a table are marked illustrative. */
export interface IllustrativeTable {
  /** Table name, e.g. `projects`. */
  readonly table: string;
  /** Rows (or funding sources) marked `illustrative: yes`. */
  readonly illustrativeRows: number;
  /** All rows (or funding sources) of the table. */
  readonly totalRows: number;
}

/** What a user wants to see about a valid model on one screen. */
export interface ModelSummary {
  /** model.yaml `name`. */
  readonly name: string;
  /** model.yaml `title`. */
  readonly title: string;
  /** Horizon as labels, e.g. `2026/27–2035/36`. */
  readonly horizonLabel: string;
  /** Number of financial years in the horizon. */
  readonly horizonYears: number;
  /** Number of municipalities. */
  readonly municipalityCount: number;
  /** Number of distinct districts. */
  readonly districtCount: number;
  /** Projects per register status. */
  readonly projectsByStatus: Readonly<Record<ProjectStatus, number>>;
  /** Capital cost of all non-excluded projects, rand. */
  readonly candidateAndCommittedCapexRand: number;
  /** Funding per source over the horizon, in order of first appearance. */
  readonly fundingBySource: readonly FundingTotal[];
  /** Tables with at least one illustrative row. */
  readonly illustrativeTables: readonly IllustrativeTable[];
  /** model.yaml `illustrative_note`, '' when none. */
  readonly illustrativeNote: string;
}

/** The outcome of validating a model. */
export interface ValidationReport {
  /** True when no problems were found. */
  readonly valid: boolean;
  /** The model path that was validated. */
  readonly modelPath: string;
  /** The problems to show, empty when valid: repeated ones folded, at most MAX_PROBLEMS_SHOWN (src/dataset/limits.ts). */
  readonly problems: readonly DataProblem[];
  /** Every problem found, each occurrence counted (0 when valid). */
  readonly problemCount: number;
  /** Problems found but not in `problems` (beyond the cap). */
  readonly notShownCount: number;
  /** Summary of the model when valid, else null. */
  readonly summary: ModelSummary | null;
  /** Remarks from loading (e.g. which of CSV and XLSX was used). */
  readonly notes: readonly string[];
  /** Warnings on a file and row that do not make the model invalid: likely duplicate projects across owners. */
  readonly warnings: readonly DataProblem[];
}

/** Summarise a loaded model for the validate screen. */
export function summariseDataset(dataset: Dataset): ModelSummary {
  const { config } = dataset;
  const { lastYear } = horizonOf(config);
  const projectsByStatus: Record<ProjectStatus, number> = { candidate: 0, committed: 0, excluded: 0 };
  for (const project of dataset.projects) projectsByStatus[project.status] += 1;
  const inHorizon = (year: number): boolean => year >= config.baseFinancialYear && year <= lastYear;
  const count = (table: string, rows: readonly { illustrative: boolean }[]): IllustrativeTable => ({
    table,
    illustrativeRows: rows.filter((row) => row.illustrative).length,
    totalRows: rows.length,
  });
  return {
    name: config.name,
    title: config.title,
    horizonLabel: `${formatFinancialYear(config.baseFinancialYear)}–${formatFinancialYear(lastYear)}`,
    horizonYears: config.horizonYears,
    municipalityCount: dataset.municipalities.length,
    districtCount: new Set(dataset.municipalities.map((municipality) => municipality.districtCode)).size,
    projectsByStatus,
    candidateAndCommittedCapexRand: dataset.projects.filter((project) => project.status !== 'excluded').reduce((sum, project) => sum + project.capexRand, 0),
    fundingBySource: dataset.fundingSources.map((source) => ({
      sourceId: source.id,
      sourceName: source.name,
      purpose: source.purpose,
      totalRand: Object.entries(source.envelopeRandByYear)
        .filter(([year]) => inHorizon(Number(year)))
        .reduce((sum, [, envelopeRand]) => sum + envelopeRand, 0),
    })),
    illustrativeTables: [
      count('municipalities', dataset.municipalities),
      count('needs', dataset.needs),
      count('indicators', dataset.indicators),
      count('projects', dataset.projects),
      count('funding', dataset.fundingSources),
    ].filter((table) => table.illustrativeRows > 0),
    illustrativeNote: config.illustrativeNote,
  };
}

/**
 * Indicators with the same value in every municipality (weighted above zero). Every normalisation
 * maps them to one value, so they move no index; usually a column filled by mistake.
 */
export function constantIndicatorNotes(dataset: Dataset): string[] {
  return dataset.config.indicators
    .filter((indicator) => indicator.weight > 0)
    .filter((indicator) => {
      const values = dataset.indicators.map((row) => row.values[indicator.id]).filter((value) => value !== undefined);
      return values.length > 1 && values.every((value) => value === values[0]);
    })
    .map((indicator) => `indicator ${indicator.id} has the same value (${dataset.indicators[0]?.values[indicator.id]}) in every municipality, so it changes no index; check indicators.csv`);
}
