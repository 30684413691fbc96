/**
 * The fingerprint of a register row the master plan generated (projects.csv `generated_fingerprint`):
 * the first 12 hex digits of the SHA-256 of the row's planning fields, as the Project the row loads
 * as. Whatever writes a generated row writes its fingerprint; the master plan stage compares it with
 * the row it finds, so a row still as it was written is regenerated (it follows changed needs and
 * assumptions) and a row a planner edited is planned as the planner wrote it (docs/masterplan.md).
 *
 * The digest is taken of the Project, not of the cell text, so that writing the model again (CSV or
 * model.xlsx, the return forms, the central database) keeps it: the writer writes every value so
 * that the loader reads back exactly that value (src/dataset/model-tables.ts).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ownerOf } from './owners.js';
import { projectFromRow } from './project-row.js';
import { projectRowSchemaFor } from './schemas.js';
import type { Municipality, Project, ServiceDeclaration } from './types.js';

/** Hex digits kept of the SHA-256. */
export const FINGERPRINT_HEX_DIGITS = 12;

/** The fingerprint of a project's planning fields: every field a planner can edit in projects.csv except `origin` (and the fingerprint itself). */
export function generatedFingerprintOf(project: Project, municipalities?: readonly Municipality[]): string {
  const owner = ownerOf(project, municipalities);
  // A fixed order and JSON numbers (exact for every double) make the text canonical.
  const fields = [
    project.id,
    project.municipalityCode,
    project.service,
    project.type,
    project.description,
    project.capexRand,
    project.cashFlowRandByBuildYear,
    project.householdsServed,
    project.capacityAddedMlPerDay,
    project.earliestStartYear,
    project.latestStartYear,
    project.prerequisiteIds,
    project.exclusiveGroup,
    project.fundingSourceIds,
    project.status,
    project.benefitOverride,
    owner.sphere,
    owner.name,
    project.operatingCostRandPerYear,
    project.facilityType,
    project.blocksOffered,
    project.anchorDepartments,
    project.populationWithinReach,
    project.illustrative,
  ];
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex').slice(0, FINGERPRINT_HEX_DIGITS);
}

/** True when a row the master plan wrote still holds the values its fingerprint was taken of; false when it has none. */
export function matchesGeneratedFingerprint(project: Project, municipalities?: readonly Municipality[]): boolean {
  return project.generatedFingerprint !== undefined && project.generatedFingerprint === generatedFingerprintOf(project, municipalities);
}

/**
 * The fingerprint of a projects.csv row given as the text of its cells (a writer that builds rows
 * as text, scripts/generate-models.ts): the row is read as the loader reads it. Throws when the
 * cells are not a valid row, which is a bug in the writer.
 */
export function generatedFingerprintOfCells(cells: Readonly<Record<string, string>>, services: readonly ServiceDeclaration[], municipalityName?: string): string {
  const { generated_fingerprint: _fingerprint, ...rest } = cells;
  const parsed = projectRowSchemaFor(services).safeParse(rest);
  if (!parsed.success) throw new Error(`generated projects row ${cells.project_id ?? '?'} is not a valid row: ${z.prettifyError(parsed.error)}`);
  return generatedFingerprintOf(projectFromRow(parsed.data, municipalityName, null));
}
