/**
 * Merge the generated projects with the planner's register. The planner's rows win: a candidate
 * or excluded row for a municipality, service and asset type (or backlog) replaces every generated
 * project for the same key. Committed rows replace nothing, because the generated projects were
 * already sized for the gap left after them (they count as capacity from completion).
 */
import { mergeKeyText, registerKey } from './register-targets.js';
import type { DemandAssumptions, GeneratedProject, MergeKey, MergeReplacement, MergeResult, MergedRow, RegisterProject } from './types.js';

/** A generated project's merge key. */
function generatedKey(project: GeneratedProject): MergeKey {
  return { municipalityCode: project.municipalityCode, service: project.service, target: project.assetType ?? 'backlog' };
}

/** A name not in `taken`: `name-MP`, then `name-MP2`, … */
function freeName(name: string, taken: ReadonlySet<string>): string {
  for (let suffix = 1; ; suffix += 1) {
    const candidate = `${name}-MP${suffix === 1 ? '' : suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** The planner's replacing rows of one key. */
interface PlannerRows<P> {
  readonly key: MergeKey;
  readonly rows: P[];
}

/**
 * Merge `generated` (in plan order) with the planner's `register` (in file order). Generated ids
 * and exclusive groups that the register already uses are renamed, except a group whose planner
 * rows are edited copies of its generated projects (same id, same group), which keeps its name; a kept generated project whose
 * prerequisite was replaced now waits for the planner's first non-excluded row of that key (or for
 * nothing, when all of them are excluded).
 */
export function mergeWithRegister<P extends RegisterProject>(
  generated: readonly GeneratedProject[],
  register: readonly P[],
  assumptions: DemandAssumptions,
): MergeResult<P> {
  const plannerByKey = new Map<string, PlannerRows<P>>();
  for (const project of register) {
    if (project.status === 'committed') continue;
    const key = registerKey(project, assumptions);
    if (key === null) continue;
    const text = mergeKeyText(key);
    const entry = plannerByKey.get(text) ?? { key, rows: [] };
    entry.rows.push(project);
    plannerByKey.set(text, entry);
  }

  const droppedByKey = new Map<string, string[]>();
  const droppedKeyOf = new Map<string, string>();
  for (const project of generated) {
    const text = mergeKeyText(generatedKey(project));
    if (!plannerByKey.has(text)) continue;
    droppedKeyOf.set(project.id, text);
    droppedByKey.set(text, [...(droppedByKey.get(text) ?? []), project.id]);
  }
  const replacements: MergeReplacement[] = [...droppedByKey.entries()].map(([text, generatedProjectIds]) => {
    const planner = plannerByKey.get(text) as PlannerRows<P>;
    return { key: planner.key, plannerProjectIds: planner.rows.map((row) => row.id), generatedProjectIds };
  });

  const kept = generated.filter((project) => !droppedKeyOf.has(project.id));
  const takenIds = new Set([...register.map((project) => project.id), ...kept.map((project) => project.id)]);
  const plannerIds = new Set(register.map((project) => project.id));
  // A planner row that is an edited copy of a generated project (its id, in its exclusive group) is
  // one of that group's alternatives, not a clash: the group keeps its name, so the planner's row
  // and the generated alternatives stay one group (renamed, the plan could fund two of them).
  const generatedGroupOf = new Map(generated.map((project) => [project.id, project.exclusiveGroup]));
  const takenGroups = new Set(
    register.flatMap((project) => (project.exclusiveGroup === null || generatedGroupOf.get(project.id) === project.exclusiveGroup ? [] : [project.exclusiveGroup])),
  );
  const plannerGroups = new Set(register.flatMap((project) => (project.exclusiveGroup === null ? [] : [project.exclusiveGroup])));
  const renamedIds: Record<string, string> = {};
  const renamedGroups = new Map<string, string>();
  for (const project of kept) {
    if (plannerIds.has(project.id)) {
      renamedIds[project.id] = freeName(project.id, takenIds);
      takenIds.add(renamedIds[project.id]);
    }
    const group = project.exclusiveGroup;
    if (group !== null && takenGroups.has(group) && !renamedGroups.has(group)) renamedGroups.set(group, freeName(group, plannerGroups));
  }

  const rewrittenPrerequisites: { projectId: string; from: string; to: string | null }[] = [];
  const rows: MergedRow<P>[] = register.map((project) => ({ origin: 'planner', project }));
  for (const project of kept) {
    const id = renamedIds[project.id] ?? project.id;
    const prerequisiteIds = project.prerequisiteIds.flatMap((prerequisite) => {
      const text = droppedKeyOf.get(prerequisite);
      if (text === undefined) return [renamedIds[prerequisite] ?? prerequisite];
      const replacement = plannerByKey.get(text)?.rows.find((row) => row.status !== 'excluded');
      rewrittenPrerequisites.push({ projectId: id, from: prerequisite, to: replacement?.id ?? null });
      return replacement === undefined ? [] : [replacement.id];
    });
    const exclusiveGroup = project.exclusiveGroup === null ? null : (renamedGroups.get(project.exclusiveGroup) ?? project.exclusiveGroup);
    rows.push({ origin: 'masterplan', project: { ...project, id, prerequisiteIds: [...new Set(prerequisiteIds)], exclusiveGroup } });
  }
  return { rows, replacements, renamedIds, rewrittenPrerequisites };
}
