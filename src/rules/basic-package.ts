/**
 * The basic package: every municipality with a backlog gets at least a share of its backlog
 * households served within the horizon (the floor), and, if set, at least a minimum spend. In the
 * portfolio each is capped at what the municipality's register can deliver (one project per
 * exclusive group, each with its prerequisites), with a note; in the allocation they are one floor in rand: the larger of the
 * share of its priced need and the minimum spend (never more than the need).
 */
import { formatRandMillion } from '../dataset/money-text.js';
import type { Dataset, Project } from '../dataset/types.js';
import type { AllocationRuleContext, PortfolioRuleContext, RuleRecord } from './rule-types.js';
import { municipalityInWords, settingNow } from './rule-words.js';

/** Ids of the services whose need is counted in households: the floor is a share of backlog households. */
export function householdServiceIds(dataset: Dataset): Set<string> {
  return new Set(dataset.config.services.filter((service) => service.needUnit === 'households').map((service) => service.id));
}

/** Backlog households of a municipality over the services counted in households. */
function backlogHouseholdsOf(dataset: Dataset, municipalityCode: string): number {
  const households = householdServiceIds(dataset);
  return dataset.needs.filter((need) => need.municipalityCode === municipalityCode && households.has(need.service)).reduce((sum, need) => sum + need.backlogHouseholds, 0);
}

/** Most combinations of exclusive-group choices searched in one linked set of groups; past it D_m ignores prerequisites (an upper bound) and says so. */
export const DELIVERABLE_SEARCH_LIMIT = 4096;

/** What the register can deliver (D_m), and whether it is exact (prerequisites counted). */
export interface Deliverable {
  /** The most of the quantity, in its unit. */
  readonly most: number;
  /** False when a set of linked exclusive groups had more choices than DELIVERABLE_SEARCH_LIMIT. */
  readonly exact: boolean;
}

/** The fundable projects by id, built once per list: the floor asks for every municipality, and a large register has tens of thousands. */
const BY_ID = new WeakMap<readonly Project[], ReadonlyMap<string, Project>>();
function byIdOf(projects: readonly Project[]): ReadonlyMap<string, Project> {
  let byId = BY_ID.get(projects);
  if (byId === undefined) {
    byId = new Map(projects.map((project) => [project.id, project]));
    BY_ID.set(projects, byId);
  }
  return byId;
}

/**
 * Most of a quantity a municipality's projects (`counted`) can deliver: one project per exclusive
 * group, and a project only together with its whole prerequisite chain, whose groups count too (a
 * project that needs P1 cannot be funded beside P1's alternative P3). Exact: it tries every choice
 * of member in each set of exclusive groups the chains link, set by set (sets that share no chain
 * are independent). With money ample this is the floor the program can always meet, so a lowered
 * floor never makes the model infeasible.
 */
export function deliverable(counted: readonly Project[], fundable: readonly Project[], value: (project: Project) => number): Deliverable {
  const fundableById = byIdOf(fundable);
  // Each counted project with the member its chain takes in every exclusive group it touches.
  const chains: { amount: number; groups: Map<string, string> }[] = [];
  for (const project of counted) {
    const amount = value(project);
    if (amount <= 0) continue;
    const groups = new Map<string, string>();
    const seen = new Set<string>();
    const stack: Project[] = [project];
    let possible = true;
    while (possible && stack.length > 0) {
      const current = stack.pop()!;
      if (seen.has(current.id)) continue;
      seen.add(current.id);
      if (current.exclusiveGroup !== null) {
        const taken = groups.get(current.exclusiveGroup);
        if (taken !== undefined && taken !== current.id) possible = false;
        groups.set(current.exclusiveGroup, current.id);
      }
      for (const id of current.prerequisiteIds) {
        const prerequisite = fundableById.get(id);
        if (prerequisite === undefined) possible = false;
        else stack.push(prerequisite);
      }
    }
    if (possible) chains.push({ amount, groups });
  }
  // Link groups that one chain touches together (union-find); chains without a group simply add up.
  const parent = new Map<string, string>();
  const root = (group: string): string => {
    let current = group;
    while (parent.get(current) !== current) current = parent.get(current)!;
    parent.set(group, current);
    return current;
  };
  for (const chain of chains) for (const group of chain.groups.keys()) if (!parent.has(group)) parent.set(group, group);
  for (const chain of chains) {
    const [first, ...rest] = [...chain.groups.keys()];
    for (const group of rest) parent.set(root(group), root(first));
  }
  let most = 0;
  let exact = true;
  const linked = new Map<string, { amount: number; groups: Map<string, string> }[]>();
  for (const chain of chains) {
    const first = chain.groups.keys().next();
    if (first.done) most += chain.amount;
    else {
      const members = linked.get(root(first.value));
      if (members === undefined) linked.set(root(first.value), [chain]);
      else members.push(chain);
    }
  }
  for (const members of linked.values()) {
    const choices = new Map<string, string[]>();
    for (const chain of members) {
      for (const [group, member] of chain.groups) {
        const options = choices.get(group);
        if (options === undefined) choices.set(group, [member]);
        else if (!options.includes(member)) options.push(member);
      }
    }
    const groupIds = [...choices.keys()];
    const combinations = groupIds.reduce((product, group) => product * choices.get(group)!.length, 1);
    if (combinations > DELIVERABLE_SEARCH_LIMIT) {
      // Too many to try: the best member per group, prerequisites ignored (never below the exact figure).
      exact = false;
      const bestPerGroup = new Map<string, number>();
      for (const chain of members) for (const group of chain.groups.keys()) bestPerGroup.set(group, Math.max(bestPerGroup.get(group) ?? 0, chain.amount));
      for (const best of bestPerGroup.values()) most += best;
      continue;
    }
    let best = 0;
    const choice = new Map<string, string>();
    const tryFrom = (position: number): void => {
      if (position === groupIds.length) {
        const total = members.filter((chain) => [...chain.groups].every(([group, member]) => choice.get(group) === member)).reduce((sum, chain) => sum + chain.amount, 0);
        best = Math.max(best, total);
        return;
      }
      for (const member of choices.get(groupIds[position])!) {
        choice.set(groupIds[position], member);
        tryFrom(position + 1);
      }
    };
    tryFrom(0);
    most += best;
  }
  return { most, exact };
}

/** The words a lowered floor adds when D_m is only an upper bound. */
function inexactWords(result: Deliverable): string {
  return result.exact ? '' : ` (counted without prerequisites: too many exclusive alternatives to try, so the floor may still be out of reach)`;
}

/** Municipalities of the dataset with a backlog, with their fundable projects. */
function municipalitiesWithBacklog<Expression>(context: PortfolioRuleContext<Expression>): { code: string; own: Project[] }[] {
  return context.dataset.municipalities
    .filter((municipality) => backlogHouseholdsOf(context.dataset, municipality.code) > 0)
    .map((municipality) => ({ code: municipality.code, own: context.fundable.filter((project) => project.municipalityCode === municipality.code) }));
}

/** `basic_package_floor_share`: a share of each municipality's backlog households served within the horizon. */
export const BASIC_PACKAGE_FLOOR: RuleRecord = {
  key: 'basic_package_floor_share',
  setting: {
    key: 'basic_package_floor_share',
    field: 'basicPackageFloorShare',
    unit: "share of each municipality's backlog households, 0 to 1",
    numberKind: 'share',
    perService: false,
    defaultValue: 0.2,
    meaning: () => "Share of each municipality's backlog to serve within the horizon (0 = off)",
  },
  offValue: 0,
  words: () => 'the basic-package floor',
  activeInstances: (dataset) => (dataset.config.policy.basicPackageFloorShare > 0 ? [{ keyPath: 'basic_package_floor_share', ruleKey: 'basic_package_floor_share' }] : []),
  portfolio: (context) => {
    const share = context.dataset.config.policy.basicPackageFloorShare;
    if (share <= 0) return;
    const households = householdServiceIds(context.dataset);
    for (const { code, own } of municipalitiesWithBacklog(context)) {
      const served = own.filter((project) => households.has(project.service));
      const required = share * backlogHouseholdsOf(context.dataset, code);
      const result = deliverable(served, context.fundable, (project) => project.householdsServed);
      const most = result.most;
      const target = Math.min(required, most);
      if (most < required) {
        context.warn(`basic-package floor for ${code}: ${Math.round(required)} households required but its register can serve at most ${most}; the floor was lowered to ${most}${inexactWords(result)}`);
      }
      if (target > 0) {
        context.addRow({
          label: `basic_package[${code}]`,
          group: 'basic_package',
          expression: context.sumOverStarts(served, (project) => project.householdsServed),
          lower: target,
          upper: Infinity,
          tag: { ruleKey: 'basic_package_floor_share', municipalityCode: code },
        });
      }
    }
  },
  // The allocation's floor is in rand and carries the minimum spend too: the larger of the two.
  allocation: (context) => {
    const policy = context.dataset.config.policy;
    for (const municipality of context.dataset.municipalities) {
      // "A municipality with a backlog" as in the portfolio: backlog households, never Thusong people.
      if (backlogHouseholdsOf(context.dataset, municipality.code) <= 0) continue;
      const own = context.needs.filter((need) => need.municipalityCode === municipality.code);
      const needRand = own.reduce((sum, need) => sum + need.totalRand, 0);
      const floorRand = Math.max(policy.basicPackageFloorShare * needRand, Math.min(policy.basicPackageMinSpendRand, needRand));
      if (floorRand <= 0) continue;
      context.addRow(allocationFloorRow(context, municipality.code, floorRand));
    }
  },
  describeConflict: (tag, row, formulation, dataset) => {
    // The portfolio's floor counts households; the allocation's counts money (R million in the program).
    const amount =
      formulation === 'portfolio' ? `${Math.ceil(row.lower - 1e-9).toLocaleString('en-GB')} backlog households served` : formatRandMillion(row.lower * row.randPerProgramUnit);
    return `basic-package floor for ${municipalityInWords(dataset, tag.municipalityCode)}: at least ${amount}`;
  },
  settingToChange: (_tag, formulation, dataset) => {
    const policy = dataset.config.policy;
    // The allocation's floor is the larger of the share and the minimum spend; name what set it.
    return formulation === 'allocation' && policy.basicPackageMinSpendRand > 0
      ? `${settingNow('basic_package_floor_share', policy.basicPackageFloorShare)} and ${settingNow('basic_package_min_spend_rand', policy.basicPackageMinSpendRand)}`
      : settingNow('basic_package_floor_share', policy.basicPackageFloorShare);
  },
  switchOff: (policy) => ({ ...policy, basicPackageFloorShare: 0 }),
};

/** The allocation's floor row of one municipality (rand converted to the program's unit). */
function allocationFloorRow<Expression>(context: AllocationRuleContext<Expression>, municipalityCode: string, floorRand: number) {
  return {
    label: `basic_package[${municipalityCode}]`,
    group: 'basic_package',
    expression: context.sumOverAllocations((entry) => (entry.municipalityCode === municipalityCode ? 1 : 0)),
    lower: context.programMoney(floorRand),
    upper: Infinity,
    tag: { ruleKey: 'basic_package_floor_share', municipalityCode },
  };
}

/** `basic_package_min_spend_rand`: at least this much spent in each municipality with a backlog. */
export const BASIC_PACKAGE_MIN_SPEND: RuleRecord = {
  key: 'basic_package_min_spend_rand',
  setting: {
    key: 'basic_package_min_spend_rand',
    field: 'basicPackageMinSpendRand',
    unit: 'rand per municipality with a backlog',
    numberKind: 'rand',
    perService: false,
    defaultValue: 0,
    meaning: () => 'Minimum spend per municipality with a backlog, rand (0 = off)',
  },
  offValue: 0,
  words: () => 'the minimum spend per municipality',
  activeInstances: (dataset) => (dataset.config.policy.basicPackageMinSpendRand > 0 ? [{ keyPath: 'basic_package_min_spend_rand', ruleKey: 'basic_package_min_spend_rand' }] : []),
  portfolio: (context) => {
    const minimumRand = context.dataset.config.policy.basicPackageMinSpendRand;
    if (minimumRand <= 0) return;
    for (const { code, own } of municipalitiesWithBacklog(context)) {
      const result = deliverable(own, context.fundable, (project) => project.capexRand);
      const most = result.most;
      const target = Math.min(minimumRand, most);
      if (most < minimumRand) {
        context.warn(`minimum spend for ${code}: R${Math.round(minimumRand)} required but its register holds only R${Math.round(most)}; the minimum was lowered to that${inexactWords(result)}`);
      }
      if (target > 0) {
        context.addRow({
          label: `basic_package_spend[${code}]`,
          group: 'basic_package',
          expression: context.sumOverStarts(own, (project) => context.programMoney(project.capexRand)),
          lower: context.programMoney(target),
          upper: Infinity,
          tag: { ruleKey: 'basic_package_min_spend_rand', municipalityCode: code },
        });
      }
    }
  },
  // In the allocation the minimum spend is part of the basic-package floor row (BASIC_PACKAGE_FLOOR).
  describeConflict: (tag, row, _formulation, dataset) =>
    `basic-package minimum spend for ${municipalityInWords(dataset, tag.municipalityCode)}: at least ${formatRandMillion(row.lower * row.randPerProgramUnit)}`,
  settingToChange: (_tag, _formulation, dataset) => settingNow('basic_package_min_spend_rand', dataset.config.policy.basicPackageMinSpendRand),
  switchOff: (policy) => ({ ...policy, basicPackageMinSpendRand: 0 }),
};
