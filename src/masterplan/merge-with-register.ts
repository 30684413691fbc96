/**
 * Merge the generated projects with the planner's register. The planner's rows win: a candidate
 * or excluded row for a municipality, service and asset type (or backlog) replaces every generated
 * project for the same key, except a copy of one generated alternative (in its exclusive group,
 * with its id or its project type), which replaces only that alternative: the others stay in the
 * group and the key's other needs stay generated. Committed rows replace nothing, because the
 * generated projects were already sized for the gap left after them (they count as capacity from
 * completion).
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

/**
 * The generated alternatives a planner's row is a copy of: the row sits in a generated exclusive
 * group of its own key and has the id of one of its alternatives, or else the project type of one
 * (the alternative's kind: the option's project type, such as dam_raising). Empty when the row is
 * no such copy. Generated projects without a group (a single option) are never matched here.
 */
function copiedAlternatives(
  project: RegisterProject,
  keyText: string,
  alternativesByGroup: ReadonlyMap<string, readonly GeneratedProject[]>,
): readonly GeneratedProject[] {
  if (project.exclusiveGroup === null) return [];
  const alternatives = (alternativesByGroup.get(project.exclusiveGroup) ?? []).filter((alternative) => mergeKeyText(generatedKey(alternative)) === keyText);
  const sameId = alternatives.filter((alternative) => alternative.id === project.id);
  return sameId.length > 0 ? sameId : alternatives.filter((alternative) => alternative.type === project.type);
}

/** The planner's replacing rows of one key. */
interface PlannerRows<P> {
  readonly key: MergeKey;
  readonly rows: P[];
}

/**
 * Merge `generated` (in plan order) with the planner's `register` (in file order). A key whose
 * candidate and excluded rows are all copies of generated alternatives loses only the copied
 * alternatives (one replacement per exclusive group); otherwise its rows replace every generated
 * project of the key. Generated ids and exclusive groups that the register already uses are
 * renamed, except a group whose planner rows are copies of its generated projects (same id and
 * group, or a candidate or excluded row of the group with an alternative's type), which keeps its
 * name so the copies and the remaining alternatives stay one group; a kept generated project whose
 * prerequisite was replaced now waits for the first non-excluded row that replaced it (or for
 * nothing, when all of them are excluded).
 */
export function mergeWithRegister<P extends RegisterProject>(
  generated: readonly GeneratedProject[],
  register: readonly P[],
  assumptions: DemandAssumptions,
): MergeResult<P> {
  const alternativesByGroup = new Map<string, GeneratedProject[]>();
  for (const project of generated) {
    if (project.exclusiveGroup !== null) alternativesByGroup.set(project.exclusiveGroup, [...(alternativesByGroup.get(project.exclusiveGroup) ?? []), project]);
  }
  const plannerByKey = new Map<string, PlannerRows<P>>();
  // The generated alternatives each candidate or excluded copy replaces, by the copy's id.
  const copiedBy = new Map<string, readonly GeneratedProject[]>();
  for (const project of register) {
    if (project.status === 'committed') continue;
    const key = registerKey(project, assumptions);
    if (key === null) continue;
    const text = mergeKeyText(key);
    const entry = plannerByKey.get(text) ?? { key, rows: [] };
    entry.rows.push(project);
    plannerByKey.set(text, entry);
    const copied = copiedAlternatives(project, text, alternativesByGroup);
    if (copied.length > 0) copiedBy.set(project.id, copied);
  }

  // A key whose every replacing row is a copy of a generated alternative loses only the copied
  // alternatives; one row that is not a copy replaces every generated project of its key, as before.
  const droppedBy = new Map<string, readonly P[]>();
  const replacements: MergeReplacement[] = [];
  for (const [text, planner] of plannerByKey) {
    const generatedOfKey = generated.filter((project) => mergeKeyText(generatedKey(project)) === text);
    if (generatedOfKey.length === 0) continue;
    if (planner.rows.every((row) => copiedBy.has(row.id))) {
      // One replacement per exclusive group (one need), its alternatives in plan order.
      for (const group of new Set(planner.rows.map((row) => row.exclusiveGroup as string))) {
        const copies = planner.rows.filter((row) => row.exclusiveGroup === group);
        const copiedIds = new Set(copies.flatMap((row) => (copiedBy.get(row.id) ?? []).map((project) => project.id)));
        const replaced = generatedOfKey.filter((project) => copiedIds.has(project.id));
        for (const project of replaced) droppedBy.set(project.id, copies.filter((row) => copiedBy.get(row.id)?.includes(project) === true));
        replacements.push({ key: planner.key, plannerProjectIds: copies.map((row) => row.id), generatedProjectIds: replaced.map((project) => project.id), exclusiveGroup: group });
      }
      continue;
    }
    for (const project of generatedOfKey) droppedBy.set(project.id, planner.rows);
    replacements.push({ key: planner.key, plannerProjectIds: planner.rows.map((row) => row.id), generatedProjectIds: generatedOfKey.map((project) => project.id) });
  }
  // Replacements in plan order: by the first generated project each drops.
  const planOrder = new Map(generated.map((project, index) => [project.id, index]));
  replacements.sort((left, right) => (planOrder.get(left.generatedProjectIds[0]) ?? 0) - (planOrder.get(right.generatedProjectIds[0]) ?? 0));

  const kept = generated.filter((project) => !droppedBy.has(project.id));
  const takenIds = new Set([...register.map((project) => project.id), ...kept.map((project) => project.id)]);
  const plannerIds = new Set(register.map((project) => project.id));
  // A planner row that is an edited copy of a generated project (its id, in its exclusive group) is
  // one of that group's alternatives, not a clash: the group keeps its name, so the planner's row
  // and the generated alternatives stay one group (renamed, the plan could fund two of them).
  const generatedGroupOf = new Map(generated.map((project) => [project.id, project.exclusiveGroup]));
  // A candidate or excluded copy (found by its group and type) is one of its group's alternatives too.
  const takenGroups = new Set(
    register.flatMap((project) =>
      project.exclusiveGroup === null || generatedGroupOf.get(project.id) === project.exclusiveGroup || copiedBy.has(project.id) ? [] : [project.exclusiveGroup],
    ),
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
      const replacing = droppedBy.get(prerequisite);
      if (replacing === undefined) return [renamedIds[prerequisite] ?? prerequisite];
      const replacement = replacing.find((row) => row.status !== 'excluded');
      rewrittenPrerequisites.push({ projectId: id, from: prerequisite, to: replacement?.id ?? null });
      return replacement === undefined ? [] : [replacement.id];
    });
    const exclusiveGroup = project.exclusiveGroup === null ? null : (renamedGroups.get(project.exclusiveGroup) ?? project.exclusiveGroup);
    rows.push({ origin: 'masterplan', project: { ...project, id, prerequisiteIds: [...new Set(prerequisiteIds)], exclusiveGroup } });
  }
  return { rows, replacements, renamedIds, rewrittenPrerequisites };
}
