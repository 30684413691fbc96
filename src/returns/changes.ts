/**
 * What a return changes, per municipality: rows added, rows removed, and cells changed from an old
 * to a new value, by table and row key. This is what an official reviews before accepting.
 */
import { describeTable, rowKey, type CellRow, type ModelTables, type RowScope } from '../dataset/model-tables.js';
import type { TableName } from '../dataset/schemas.js';
import { coveredRows } from './form-layout.js';

/** One cell's change. */
export interface CellChange {
  /** Column name. */
  readonly column: string;
  /** Text before ('' for empty). */
  readonly before: string;
  /** Text after ('' for empty). */
  readonly after: string;
}

/** One row's change. */
export interface RowChange {
  /** The table. */
  readonly table: TableName;
  /** The row key, e.g. `WC044-W-01`. */
  readonly key: string;
  /** Added, removed, or changed in place. */
  readonly kind: 'added' | 'removed' | 'changed';
  /** The row before (null when added). */
  readonly before: CellRow | null;
  /** The row after (null when removed). */
  readonly after: CellRow | null;
  /** The cells that differ (for a changed row), in column order. */
  readonly cells: readonly CellChange[];
}

/** The changes for one municipality. */
export interface MunicipalityChanges {
  /** Demarcation code. */
  readonly municipalityCode: string;
  /** Row changes in table order, then in the order the rows stand. */
  readonly changes: readonly RowChange[];
}

/** The changes in the given tables for each covered municipality (in the scope's rows) from one model to another. */
export function diffCoveredRows(before: ModelTables, after: ModelTables, scope: RowScope, tables: readonly TableName[]): MunicipalityChanges[] {
  return scope.covers.map((code) => {
    const municipality = { ...scope, covers: [code] };
    const changes: RowChange[] = [];
    for (const table of tables) {
      const description = describeTable(table);
      const columns = after.tables[table].columns;
      const old = new Map(coveredRows(before, description, municipality).map((row) => [rowKey(description, row), row]));
      const updated = new Map(coveredRows(after, description, municipality).map((row) => [rowKey(description, row), row]));
      for (const [key, row] of updated) {
        const previous = old.get(key);
        if (previous === undefined) {
          changes.push({ table, key, kind: 'added', before: null, after: row, cells: [] });
          continue;
        }
        const cells = columns.filter((column) => (previous[column] ?? '') !== (row[column] ?? '')).map((column) => ({ column, before: previous[column] ?? '', after: row[column] ?? '' }));
        if (cells.length > 0) changes.push({ table, key, kind: 'changed', before: previous, after: row, cells });
      }
      for (const [key, row] of old) if (!updated.has(key)) changes.push({ table, key, kind: 'removed', before: row, after: null, cells: [] });
    }
    return { municipalityCode: code, changes };
  });
}

/** Counts of added, removed and changed rows. */
export function countChanges(changes: readonly MunicipalityChanges[]): { added: number; removed: number; changed: number } {
  const all = changes.flatMap((municipality) => municipality.changes);
  return { added: all.filter((change) => change.kind === 'added').length, removed: all.filter((change) => change.kind === 'removed').length, changed: all.filter((change) => change.kind === 'changed').length };
}
