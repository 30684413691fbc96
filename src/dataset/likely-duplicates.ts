/**
 * Likely duplicates across owners. When municipal IDP priorities and provincial and national
 * departments' plans are brought into one plan, the same works can arrive twice: a municipality
 * lists the bulk pipeline it asked the province for, and the province lists it again as its own.
 * Two projects of different owners in the same municipality are flagged when
 *
 * 1. they serve the same service with the same project type and their build years overlap
 *    (earliest start to latest start plus the build years), or
 * 2. their descriptions are near-identical: at least DUPLICATE_DESCRIPTION_SIMILARITY alike,
 *    as one minus the Levenshtein distance over the longer length, after lower-casing and
 *    reducing punctuation and spacing to single spaces.
 *
 * These are warnings, never errors: two reservoirs in one municipality can both be needed. Excluded
 * projects are left out (they are never funded, so they cannot be counted twice), and projects of
 * one owner are never compared with each other (an owner's own register is its own to keep).
 */
import { distance } from 'fastest-levenshtein';
import { formatFinancialYear } from './financial-year.js';
import { ownerLabel, ownerOf, sameOwner } from './owners.js';
import type { DataProblem } from '../errors/problems.js';
import type { Dataset, Project } from './types.js';

/** Descriptions at least this alike (0 to 1) are near-identical. 0.85 lets a word or two of spelling differ in a line of 40 letters. */
export const DUPLICATE_DESCRIPTION_SIMILARITY = 0.85;

/** A pair of projects that are likely the same works. */
export interface LikelyDuplicate {
  /** Index in the project list of the earlier one. */
  readonly firstIndex: number;
  /** Index of the later one (the warning is put on its row). */
  readonly secondIndex: number;
  /** Why, in words: the matching service, type and years, and/or how alike the descriptions are. */
  readonly reasons: readonly string[];
}

/** A description as compared: lower case, letters and digits with single spaces. */
export function normaliseDescription(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** How alike two descriptions are, 0 (nothing in common) to 1 (the same after normalising). */
export function descriptionSimilarity(first: string, second: string): number {
  const a = normaliseDescription(first);
  const b = normaliseDescription(second);
  const longest = Math.max(a.length, b.length);
  return longest === 0 ? 1 : 1 - distance(a, b) / longest;
}

/** The financial years a project may be building in: from its earliest start to its latest start plus its build years. */
function buildWindow(project: Project): readonly [number, number] {
  return [project.earliestStartYear, project.latestStartYear + Math.max(1, project.cashFlowRandByBuildYear.length) - 1];
}

/** Every likely duplicate pair across owners, in project order of the later one. */
export function findLikelyDuplicates(projects: readonly Project[], municipalities?: Dataset['municipalities']): LikelyDuplicate[] {
  const byMunicipality = new Map<string, number[]>();
  projects.forEach((project, index) => {
    if (project.status === 'excluded') return;
    byMunicipality.set(project.municipalityCode, [...(byMunicipality.get(project.municipalityCode) ?? []), index]);
  });
  const pairs: LikelyDuplicate[] = [];
  for (const indices of byMunicipality.values()) {
    for (let later = 1; later < indices.length; later += 1) {
      for (let earlier = 0; earlier < later; earlier += 1) {
        const first = projects[indices[earlier]];
        const second = projects[indices[later]];
        if (sameOwner(ownerOf(first, municipalities), ownerOf(second, municipalities))) continue;
        const reasons: string[] = [];
        const [firstFrom, firstTo] = buildWindow(first);
        const [secondFrom, secondTo] = buildWindow(second);
        if (first.service === second.service && first.type === second.type && firstFrom <= secondTo && secondFrom <= firstTo) {
          const from = Math.max(firstFrom, secondFrom);
          const to = Math.min(firstTo, secondTo);
          reasons.push(`the same service and type (${first.service}, ${first.type}) with build years overlapping in ${formatFinancialYear(from)}${to > from ? `–${formatFinancialYear(to)}` : ''}`);
        }
        const similarity = descriptionSimilarity(first.description, second.description);
        if (similarity >= DUPLICATE_DESCRIPTION_SIMILARITY) reasons.push(`descriptions ${Math.floor(similarity * 100)}% alike`);
        if (reasons.length > 0) pairs.push({ firstIndex: indices[earlier], secondIndex: indices[later], reasons });
      }
    }
  }
  return pairs.sort((a, b) => a.secondIndex - b.secondIndex || a.firstIndex - b.firstIndex);
}

/** Where each project's row is, for putting a warning on it. */
export interface ProjectRowLocation {
  /** File label, as in problems. */
  readonly file: string;
  /** Spreadsheet row. */
  readonly row: number;
}

/**
 * The likely duplicates as warnings on the later project's row, naming the earlier one's row.
 * `locations[i]` is where projects[i] was read from.
 */
export function likelyDuplicateWarnings(projects: readonly Project[], locations: readonly ProjectRowLocation[], municipalities?: Dataset['municipalities']): DataProblem[] {
  return findLikelyDuplicates(projects, municipalities).map(({ firstIndex, secondIndex, reasons }) => {
    const first = projects[firstIndex];
    const second = projects[secondIndex];
    return {
      file: locations[secondIndex].file,
      row: locations[secondIndex].row,
      column: 'project_id',
      message:
        `project ${second.id} (${ownerLabel(ownerOf(second, municipalities))}) is likely a duplicate of ${first.id} in row ${locations[firstIndex].row} (${ownerLabel(ownerOf(first, municipalities))}), both in ${second.municipalityCode}: ` +
        `${reasons.join('; ')}. If they are the same works, keep one; if not, make the descriptions tell them apart`,
    };
  });
}
