/**
 * Cells the two project tables (Funded projects, Deferred projects) fill alike: the description
 * beside the Municipality column, and the households and people a project reaches.
 *
 * The master plan's descriptions start with the municipality's name ("Drakenstein: bulk reservoir
 * (+8 Ml storage), needed from 2034/35"), which said twice on a row costs the Deferred projects
 * sheet about half a printed page.
 */
import type ExcelJS from 'exceljs';

/**
 * The description without a leading `<municipality name>: ` (its first letter then in capitals);
 * any other description as it is. The Input projects sheet keeps the register's full text.
 */
export function descriptionBesideMunicipality(description: string, municipalityName: string | undefined): string {
  if (municipalityName === undefined || municipalityName === '') return description;
  const prefix = `${municipalityName}: `;
  if (!description.startsWith(prefix) || description.length === prefix.length) return description;
  const rest = description.slice(prefix.length);
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}

/** Where a project table keeps its households column and, when the plan has centres, its people column. */
export interface ServedColumns {
  readonly households: number;
  readonly people: number | null;
}

/**
 * A project row's households and people cells; returns what the row adds to each total. A centre's
 * people go in the people column (0 for a centre that does not count); its households cell stays
 * empty unless projects.csv gives it households too, which the plan counts as well. One unit per
 * column, so each column's total adds like with like.
 */
export function writeServedCells(row: ExcelJS.Row, householdsServed: number, people: number | null, columns: ServedColumns): { readonly households: number; readonly people: number } {
  let households = 0;
  let reached = 0;
  if (people === null || columns.people === null || householdsServed !== 0) {
    row.getCell(columns.households).value = householdsServed;
    households = householdsServed;
  }
  if (people !== null && columns.people !== null) {
    row.getCell(columns.people).value = people;
    reached = people;
  }
  return { households, people: reached };
}
