/**
 * Brute-force reference for tiny portfolios, written from the Dataset's rules alone (docs/data-format.md
 * and docs/formulations.md), never from the program: every assignment of "unfunded or start year s"
 * is enumerated, checked, and the best benefit kept. Budget feasibility with several eligible
 * sources and carry-over is decided exactly by a maximum flow.
 */
import type { Dataset, Project } from '../../src/dataset/types.js';
import type { MunicipalIndex } from '../../src/indicators/types.js';
import { ARITHMETIC, isAtLeast, isAtMost } from '../tolerance.js';

/**
 * Residual capacity below this (R million) counts as none in the maximum flow. Amounts are whole
 * or half millions, so this only absorbs rounding in the augmenting sums; it decides the search,
 * it is not a comparison of results (those go through tests/tolerance.ts).
 */
const FLOW_RESIDUAL_MILLION_RAND = 1e-9;

/** Best assignment found: objective and start year (or null) per project id; null objective when infeasible. */
export interface BruteForceResult {
  readonly objective: number | null;
  readonly starts: ReadonlyMap<string, number | null> | null;
}

/** Edmonds–Karp maximum flow on a dense capacity matrix (tiny graphs only). */
function maximumFlow(capacity: number[][], source: number, sink: number): number {
  const size = capacity.length;
  const residual = capacity.map((row) => [...row]);
  let flow = 0;
  for (;;) {
    const parent = new Array<number>(size).fill(-1);
    parent[source] = source;
    const queue = [source];
    while (queue.length > 0 && parent[sink] === -1) {
      const node = queue.shift() as number;
      for (let next = 0; next < size; next += 1) {
        if (parent[next] === -1 && residual[node][next] > FLOW_RESIDUAL_MILLION_RAND) {
          parent[next] = node;
          queue.push(next);
        }
      }
    }
    if (parent[sink] === -1) return flow;
    let bottleneck = Infinity;
    for (let node = sink; node !== source; node = parent[node]) bottleneck = Math.min(bottleneck, residual[parent[node]][node]);
    for (let node = sink; node !== source; node = parent[node]) {
      residual[parent[node]][node] -= bottleneck;
      residual[node][parent[node]] += bottleneck;
    }
    flow += bottleneck;
  }
}

/** Can the envelopes (with carry-over) pay every funded project's cash flow from its eligible sources? */
export function budgetFeasible(dataset: Dataset, starts: ReadonlyMap<string, number | null>): boolean {
  const years = Array.from({ length: dataset.config.horizonYears }, (_, offset) => dataset.config.baseFinancialYear + offset);
  const sources = dataset.fundingSources;
  const demands: { project: Project; year: number; amount: number }[] = [];
  for (const project of dataset.projects) {
    const start = starts.get(project.id);
    if (start === null || start === undefined) continue;
    project.cashFlowRandByBuildYear.forEach((amount, offset) => {
      if (amount > 0) demands.push({ project, year: start + offset, amount });
    });
  }
  // Nodes: 0 = source, 1 = sink, then one per funding source and year, then one per demand.
  const sourceNode = (sourceIndex: number, yearIndex: number): number => 2 + sourceIndex * years.length + yearIndex;
  const demandNode = (demandIndex: number): number => 2 + sources.length * years.length + demandIndex;
  const size = 2 + sources.length * years.length + demands.length;
  const capacity = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  sources.forEach((fundingSource, sourceIndex) => {
    years.forEach((year, yearIndex) => {
      capacity[0][sourceNode(sourceIndex, yearIndex)] = (fundingSource.envelopeRandByYear[year] ?? 0) / 1e6;
      if (fundingSource.carryOver && yearIndex + 1 < years.length) capacity[sourceNode(sourceIndex, yearIndex)][sourceNode(sourceIndex, yearIndex + 1)] = Infinity;
    });
  });
  let totalDemand = 0;
  demands.forEach((demand, demandIndex) => {
    const yearIndex = years.indexOf(demand.year);
    if (yearIndex < 0) return;
    sources.forEach((fundingSource, sourceIndex) => {
      if (demand.project.fundingSourceIds.includes(fundingSource.id)) capacity[sourceNode(sourceIndex, yearIndex)][demandNode(demandIndex)] = Infinity;
    });
    capacity[demandNode(demandIndex)][1] = demand.amount / 1e6;
    totalDemand += demand.amount / 1e6;
  });
  // Each augmenting path may leave up to the residual cut-off behind.
  return maximumFlow(capacity, 0, 1) >= totalDemand - demands.length * FLOW_RESIDUAL_MILLION_RAND;
}

/** Benefit of a project started in `start`, computed straight from the policy definitions: discounted to its completion year. */
function benefitOf(project: Project, start: number, dataset: Dataset, indices: readonly MunicipalIndex[]): number {
  const policy = dataset.config.policy;
  const index = indices.find((candidate) => candidate.municipalityCode === project.municipalityCode);
  if (!index) throw new Error(`no index for ${project.municipalityCode}`);
  const weight = policy.needWeight * (index.needIndex + 0.1) + policy.growthWeight * (index.growthIndex + 0.1);
  const base = project.benefitOverride ?? (project.householdsServed * policy.benefitPerHousehold + project.capacityAddedMlPerDay * policy.benefitPerMlPerDay) * weight;
  const completion = start + project.cashFlowRandByBuildYear.length - 1;
  return base / Math.pow(1 + policy.discountRatePercent / 100, completion - dataset.config.baseFinancialYear);
}

/** Policy rules the generator uses: concurrency, sanitation share, district maximum share. */
function policyFeasible(dataset: Dataset, starts: ReadonlyMap<string, number | null>): boolean {
  const policy = dataset.config.policy;
  const funded = dataset.projects.filter((project) => starts.get(project.id) !== null && starts.get(project.id) !== undefined);
  const total = funded.reduce((sum, project) => sum + project.capexRand, 0);
  if (policy.minServiceShare.sanitation > 0 && total > 0) {
    const sanitation = funded.filter((project) => project.service === 'sanitation').reduce((sum, project) => sum + project.capexRand, 0);
    if (!isAtLeast(sanitation, policy.minServiceShare.sanitation * total, ARITHMETIC)) return false;
  }
  if (policy.districtShareMax < 1 && total > 0) {
    for (const municipality of dataset.municipalities) {
      const district = funded
        .filter((project) => dataset.municipalities.find((candidate) => candidate.code === project.municipalityCode)?.districtCode === municipality.districtCode)
        .reduce((sum, project) => sum + project.capexRand, 0);
      if (!isAtMost(district, policy.districtShareMax * total, ARITHMETIC)) return false;
    }
  }
  if (policy.maxConcurrentProjectsPerMunicipality > 0) {
    for (const municipality of dataset.municipalities) {
      for (let year = dataset.config.baseFinancialYear; year < dataset.config.baseFinancialYear + dataset.config.horizonYears; year += 1) {
        const active = funded.filter((project) => {
          const start = starts.get(project.id) as number;
          return project.municipalityCode === municipality.code && start <= year && year < start + project.cashFlowRandByBuildYear.length;
        }).length;
        if (active > policy.maxConcurrentProjectsPerMunicipality) return false;
      }
    }
  }
  return true;
}

/** Enumerate every assignment and return the best feasible one (basic-package floor must be off). */
export function bruteForcePortfolio(dataset: Dataset, indices: readonly MunicipalIndex[]): BruteForceResult {
  if (dataset.config.policy.basicPackageFloorShare > 0 || dataset.config.policy.basicPackageMinSpendRand > 0 || dataset.config.policy.districtShareMin > 0) {
    throw new Error('the brute force does not implement floors or district minimum shares');
  }
  const first = dataset.config.baseFinancialYear;
  const last = first + dataset.config.horizonYears - 1;
  const options = dataset.projects.map((project) => {
    const choices: (number | null)[] = project.status === 'committed' ? [] : [null];
    if (project.status !== 'excluded') {
      for (let start = project.earliestStartYear; start <= project.latestStartYear; start += 1) {
        if (start >= first && start + project.cashFlowRandByBuildYear.length - 1 <= last) choices.push(start);
      }
    }
    return choices;
  });
  let best: BruteForceResult = { objective: null, starts: null };
  const current = new Map<string, number | null>();
  const visit = (position: number): void => {
    if (position === dataset.projects.length) {
      for (const project of dataset.projects) {
        const start = current.get(project.id);
        if (start === null || start === undefined) continue;
        for (const prerequisiteId of project.prerequisiteIds) {
          const prerequisite = dataset.projects.find((candidate) => candidate.id === prerequisiteId) as Project;
          const prerequisiteStart = current.get(prerequisiteId);
          if (prerequisiteStart === null || prerequisiteStart === undefined) return;
          if (prerequisiteStart + prerequisite.cashFlowRandByBuildYear.length - 1 >= start) return;
        }
      }
      const groupCounts = new Map<string, number>();
      for (const project of dataset.projects) {
        if (project.exclusiveGroup === null || current.get(project.id) === null) continue;
        groupCounts.set(project.exclusiveGroup, (groupCounts.get(project.exclusiveGroup) ?? 0) + 1);
      }
      if ([...groupCounts.values()].some((count) => count > 1)) return;
      if (!policyFeasible(dataset, current)) return;
      if (!budgetFeasible(dataset, current)) return;
      const objective = dataset.projects.reduce((sum, project) => {
        const start = current.get(project.id);
        return start === null || start === undefined ? sum : sum + benefitOf(project, start, dataset, indices);
      }, 0);
      if (best.objective === null || objective > best.objective) best = { objective, starts: new Map(current) };
      return;
    }
    const project = dataset.projects[position];
    for (const choice of options[position]) {
      current.set(project.id, choice);
      visit(position + 1);
    }
  };
  visit(0);
  return best;
}
