/**
 * `model export`: rebuild a model folder from the store as it stood at a moment, so any past plan
 * can be reproduced from what was known then. The same moment always gives the same files: the
 * store never changes what it recorded, and the writer is deterministic.
 */
import { writeModelTables, type ModelFormat } from '../dataset/write-model.js';
import { modelStateAt, type ModelState } from './model-state.js';
import type { ReturnStore } from './store.js';

/** Thrown for an --as-of value that is not a date or moment. */
export class AsOfError extends Error {
  constructor(text: string) {
    super(`expected a date like 2026-03-31 or a moment like 2026-03-31T14:00:00Z, found ${JSON.stringify(text)}`);
    this.name = 'AsOfError';
  }
}

/**
 * The moment an --as-of value means, as UTC ISO 8601: a date alone means the end of that day
 * (UTC), so everything received on it is included; a moment without a zone is read as UTC.
 */
export function asOfMoment(text: string): string {
  const trimmed = text.trim();
  const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(trimmed);
  if (dateOnly !== null) {
    const moment = new Date(`${trimmed}T23:59:59.999Z`);
    if (Number.isNaN(moment.getTime()) || moment.toISOString().slice(0, 10) !== trimmed) throw new AsOfError(text);
    return moment.toISOString();
  }
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?$/.test(trimmed)) throw new AsOfError(text);
  const withZone = /(Z|[+-]\d{2}:?\d{2})$/.test(trimmed) ? trimmed : `${trimmed}Z`;
  const moment = new Date(withZone.replace(' ', 'T'));
  if (Number.isNaN(moment.getTime())) throw new AsOfError(text);
  return moment.toISOString();
}

/** Options of exportModel. */
export interface ExportModelOptions {
  /** The moment (UTC ISO 8601, see asOfMoment); default everything recorded. */
  readonly asOf?: string;
  /** The model folder to write. */
  readonly outDir: string;
  /** Table format; default csv. */
  readonly format?: ModelFormat;
  /** Replace an existing folder. Default false. */
  readonly replace?: boolean;
}

/** Thrown when the store held no model at the moment asked for. */
export class NothingToExportError extends Error {
  constructor(file: string, asOf: string | undefined) {
    super(asOf === undefined ? `the database ${file} holds no model yet` : `the database ${file} held no model at ${asOf}; its first model version was recorded later`);
    this.name = 'NothingToExportError';
  }
}

/** Write the model as it stood at a moment into a folder; returns the folder and the state written. */
export async function exportModel(store: ReturnStore, options: ExportModelOptions): Promise<{ readonly folder: string; readonly state: ModelState }> {
  const state = modelStateAt(store, options.asOf);
  if (state === null) throw new NothingToExportError(store.file, options.asOf);
  const folder = await writeModelTables(state.model, options.outDir, { format: options.format ?? 'csv', replace: options.replace ?? false });
  return { folder, state };
}
