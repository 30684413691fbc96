/**
 * Ring-fenced money: rand of one source in one year that only one project may spend (a scenario's
 * `ring_fenced`, and the money answers of `explain`, docs/explanations.md). As MIG allocations are
 * registered per project in practice, the money is held apart from the source's envelope.
 *
 * Why a funding source of its own (`MIG for WC011-S-WWTW-1`), made here, and not a row of the program:
 * every rule then keeps its meaning without a line of its own. The new source carries the parent's
 * purpose (capital or operating) and carry-over, and only the project names it, so
 *  - the budget rows, carry-over and lapsing money work as for any source, per year, and a plan
 *    that does not fund the project spends nothing from it;
 *  - the district and service shares, the basic-package floor and minimum spend read spending, not
 *    sources, so the project's spending counts there as it would from the parent;
 *  - the independent checker sees a source the project names, and the workbook, the lapsing-money
 *    lines and the sheets by source show it by name.
 * It is made after the master plan stage (plannedDataset), which regenerates the rows of origin
 * `masterplan`: a source id added to such a row before the stage would be lost. The list stays on
 * the Dataset and the sources are rebuilt from it each time, so planning the result again changes nothing.
 */
import type { Dataset, FundingSource, RingFence } from './types.js';

/** The id of the source made from `sourceId`'s money ring-fenced for `projectId`: `MIG for WC011-S-WWTW-1` (short enough for a workbook sheet name). */
export function ringFencedSourceId(sourceId: string, projectId: string): string {
  return `${sourceId} for ${projectId}`;
}

/** The source a ring-fenced source is of, or the id itself for any other source: what a reader calls the money. */
export function parentSourceId(source: FundingSource): string {
  return source.ringFencedFor?.parentSourceId ?? source.id;
}

/**
 * The Dataset with its ring-fenced money as funding sources (one per project and source, right
 * after the source it is of) and each project naming its own; the same object when there is none.
 * Throws for a ring fence whose project or source is not in the dataset (the scenario checks those
 * first, naming the key; explain makes only known ones).
 */
export function applyRingFences(dataset: Dataset): Dataset {
  const fences = dataset.ringFences ?? [];
  const hadSources = dataset.fundingSources.some((source) => source.ringFencedFor !== undefined);
  if (fences.length === 0 && !hadSources) return dataset;
  const baseSources = dataset.fundingSources.filter((source) => source.ringFencedFor === undefined);
  const byKey = new Map<string, { fence: RingFence; envelopeRandByYear: Record<number, number> }>();
  for (const fence of fences) {
    const key = ringFencedSourceId(fence.sourceId, fence.projectId);
    const entry = byKey.get(key) ?? { fence, envelopeRandByYear: {} };
    entry.envelopeRandByYear[fence.financialYear] = (entry.envelopeRandByYear[fence.financialYear] ?? 0) + fence.amountRand;
    byKey.set(key, entry);
  }
  const projectIds = new Set(dataset.projects.map((project) => project.id));
  const fundingSources: FundingSource[] = [];
  for (const source of baseSources) {
    fundingSources.push(source);
    for (const [id, { fence, envelopeRandByYear }] of byKey) {
      if (fence.sourceId !== source.id) continue;
      if (!projectIds.has(fence.projectId)) throw new Error(`money ring-fenced for ${fence.projectId}, which is not a project of the dataset`);
      fundingSources.push({
        id,
        name: `${source.name}, ring-fenced for ${fence.projectId}`,
        carryOver: source.carryOver,
        purpose: source.purpose,
        envelopeRandByYear,
        illustrative: source.illustrative,
        ringFencedFor: { projectId: fence.projectId, parentSourceId: source.id },
      });
    }
  }
  for (const { fence } of byKey.values()) {
    if (!baseSources.some((source) => source.id === fence.sourceId)) throw new Error(`money of ${fence.sourceId} ring-fenced for ${fence.projectId}, but the dataset has no source ${fence.sourceId}`);
  }
  const ownSources = new Map<string, string[]>();
  for (const [id, { fence }] of byKey) ownSources.set(fence.projectId, [...(ownSources.get(fence.projectId) ?? []), id]);
  const projects = dataset.projects.map((project) => {
    // Ids of ring-fenced sources a previous application added are dropped first: the list decides.
    const kept = project.fundingSourceIds.filter((id) => !dataset.fundingSources.some((source) => source.id === id && source.ringFencedFor !== undefined));
    const own = ownSources.get(project.id) ?? [];
    const fundingSourceIds = [...kept, ...own.filter((id) => !kept.includes(id))];
    return fundingSourceIds.length === project.fundingSourceIds.length && fundingSourceIds.every((id, index) => id === project.fundingSourceIds[index]) ? project : { ...project, fundingSourceIds };
  });
  return { ...dataset, fundingSources, projects };
}
