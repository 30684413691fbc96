/**
 * Commitments: a project with status `committed` (in projects.csv, or the scenario key
 * `committed`) must be funded. The portfolio writes it as the lower bound 1 of the project's
 * "start once" row (structure for every other project), tagged with this rule, so the diagnosis
 * can relax it to "at most once" and name it.
 */
import { formatRandMillion } from '../dataset/money-text.js';
import type { Project } from '../dataset/types.js';
import type { RuleRecord, RuleTag } from './rule-types.js';
import { municipalityInWords } from './rule-words.js';

/** The lower bound and tag of a project's "start once" row: 1 and this rule for a commitment, else none. */
export function startOnceBounds(project: Project): { readonly lower: number; readonly tag?: RuleTag } {
  return project.status === 'committed' ? { lower: 1, tag: { ruleKey: 'committed', projectId: project.id } } : { lower: -Infinity };
}

/** `committed`: committed projects must be funded. */
export const COMMITTED_PROJECTS: RuleRecord = {
  key: 'committed',
  setting: null,
  offValue: null,
  words: () => 'the commitment',
  activeInstances: (dataset) => dataset.projects.filter((project) => project.status === 'committed').map((project) => ({ keyPath: `committed.${project.id}`, ruleKey: 'committed' })),
  describeConflict: (tag, _row, _formulation, dataset) => {
    const project = dataset.projects.find((entry) => entry.id === tag.projectId);
    const what = project ? ` (${project.description}, ${municipalityInWords(dataset, project.municipalityCode)}, ${formatRandMillion(project.capexRand)})` : '';
    return `committed project ${tag.projectId}${what} must be funded`;
  },
  settingToChange: () => 'status committed in projects.csv, or the scenario key committed',
};
