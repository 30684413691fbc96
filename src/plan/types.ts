/**
 * The Plan: a solved model in domain words. Reports are built from it, never from engine output,
 * and the independent checker verifies it against the Dataset alone.
 */
import type { BalanceOutcome } from '../indicators/shortfall-benefit.js';
import type { Service, ServiceDeclaration } from '../dataset/types.js';
import type { Quadrant } from '../indicators/types.js';
import type { EngineName } from '../dataset/engine-catalogue.js';
import type { SolverRunRecord, SolveStatus } from '../solve/engine.js';
import type { MarginalValue } from '../solve/marginal-values.js';

export type { MarginalValue };

/** Why a project was not funded. */
export type DeferralReason =
  | 'excluded' // status excluded in the register or a scenario
  | 'start_window' // its start window lies outside the horizon or it cannot finish inside it
  | 'prerequisite' // a prerequisite was not funded or not finished in time
  | 'exclusive_alternative' // another project of its exclusive group was funded
  | 'no_benefit' // funded at its earliest start it would add no benefit the objective counts within the horizon (needed only later, or its need is already met), and no project that would is waiting for it
  | 'policy' // a policy constraint (district share, concurrency, service share) keeps it out
  | 'operating_budget' // its running costs do not fit the operating (running-cost) envelopes in some year, for every start it has
  | 'budget'; // the (capital) envelopes were better spent elsewhere

/**
 * Why a funded project is in the plan, checked in this order: `committed` (status committed),
 * then, for a project whose benefit per rand is low (zero, or below that of every funded project
 * nothing holds in: src/plan/funding-reasons.ts), `prerequisite` (a funded project needs it first) and
 * `policy` (without it the plan breaks a rule that holds a minimum: a service share, the
 * basic-package floor, a roll-out), else `benefit` (what it buys per rand earns its place) or
 * `no_benefit` (it counts no benefit and nothing requires it: a plan without it is as good).
 */
export type FundingReason = 'committed' | 'prerequisite' | 'policy' | 'benefit' | 'no_benefit';

/**
 * The policy rule that defers a project and its setting, e.g. `{ rule: 'min_service_share',
 * serviceId: 'sanitation', settingKey: 'min_service_share.sanitation', setting: 0.3 }`.
 */
export interface DeferredBy {
  /** The rule's key in the rule registry (src/rules/registry.ts): `min_service_share`, `max_concurrent_projects_per_municipality`, `facility_anchor_required`, `baseline_lock`. */
  readonly rule: string;
  /** The service of a per-service rule's instance (`sanitation` for the minimum sanitation share); absent for a rule over every service. */
  readonly serviceId?: string;
  /** The setting's key path under `policy:` (`min_service_share.sanitation`); null for a rule no policy key sets (the baseline lock, set by `--lock-years`). */
  readonly settingKey: string | null;
  /** The setting's value in the model, in its own unit (0.3 for a 30% share, a count of projects, rand, 1 for a switch that is on); null when no policy key sets it. */
  readonly setting: number | null;
}

/** Rand spent by one project from one source in one year. */
export interface SpendingLine {
  /** Financial year (2026 = 2026/27). */
  readonly financialYear: number;
  /** Funding source id. */
  readonly sourceId: string;
  /** Rand. */
  readonly amountRand: number;
}

/** One project of the register as the plan treats it. */
export interface PlannedProject {
  /** Project id. */
  readonly id: string;
  /** Demarcation code. */
  readonly municipalityCode: string;
  /** District code. */
  readonly districtCode: string;
  /** Service. */
  readonly service: Service;
  /** Project type. */
  readonly type: string;
  /** Description from the register (free text). */
  readonly description: string;
  /** Capital cost in rand. */
  readonly capexRand: number;
  /** Whether the plan funds it. */
  readonly funded: boolean;
  /** Start financial year when funded, else null. */
  readonly startYear: number | null;
  /** Last build year when funded (start + cash-flow years - 1), else null. */
  readonly completionYear: number | null;
  /** Spending by year and source; empty when not funded. */
  readonly spending: readonly SpendingLine[];
  /** Running costs by year and operating source, from the completion year to the end of the horizon; empty when not funded or without running costs. */
  readonly operatingSpending: readonly SpendingLine[];
  /** Backlog households served. */
  readonly householdsServed: number;
  /** Capacity added, Ml/day. */
  readonly capacityAddedMlPerDay: number;
  /** Benefit the objective counts for it (0 when not funded). */
  readonly benefit: number;
  /** Part of the benefit attributed to need. */
  readonly needBenefit: number;
  /** Part of the benefit attributed to growth potential. */
  readonly growthBenefit: number;
  /** Why it is not funded, or null when funded. */
  readonly deferralReason: DeferralReason | null;
  /** One sentence explaining the reason, naming the blocking project, year or rule. */
  readonly deferralDetail: string | null;
  /**
   * For a project deferred for `policy`: the rule that keeps it out and its setting, recorded where
   * the deferral is decided (src/plan/interpret.ts) so that reports read it rather than work it out
   * again; null otherwise; absent in plans written before it existed.
   */
  readonly deferredBy?: DeferredBy | null;
  /** Why it is funded (see FundingReason), or null when not funded; absent in plans written before it existed. */
  readonly fundingReason?: FundingReason | null;
  /**
   * The reason in words for the Funded projects sheet, naming the project it is a prerequisite of
   * or the rule that needs it (`Needed for the minimum sanitation share: sanitation gets at least
   * 30% of spending`); null when not funded.
   */
  readonly fundingDetail?: string | null;
  /** The rule that holds it in with reason `policy` (its key, e.g. `min_service_share`), else null. */
  readonly fundingRuleKey?: string | null;
  /**
   * With reason `policy`: the rule instance that holds it in and its setting, e.g. `{ rule:
   * 'min_service_share', serviceId: 'sanitation', settingKey: 'min_service_share.sanitation',
   * setting: 0.3 }` (the Summary's "funded to meet a rule" sentence names it); else null; absent in
   * plans written before it existed.
   */
  readonly fundingRule?: DeferredBy | null;
  /**
   * For a deferred project: the benefit it would add to this plan if funded at its earliest possible
   * start (its own discounted benefit and the share of master plan shortfall still unmet it would
   * close), in the objective's points; null when funded or when it has no possible start.
   */
  readonly benefitIfFunded?: number | null;
}

/** Use of one funding source in one year. */
export interface EnvelopeUse {
  /** Source id. */
  readonly sourceId: string;
  /** Financial year. */
  readonly financialYear: number;
  /** Envelope for the year, rand. */
  readonly envelopeRand: number;
  /** Unspent money carried in from the previous year, rand. */
  readonly carriedInRand: number;
  /** Spent this year, rand. */
  readonly spentRand: number;
  /** Unspent money carried out to the next year, rand (0 when the source does not carry over). */
  readonly carriedOutRand: number;
}

/** One commitment or policy rule that takes part in an infeasibility. */
export interface ConflictingRule {
  /** The program row's label, e.g. `basic_package[WC011]`. */
  readonly label: string;
  /** The program row's group, e.g. `basic_package`. */
  readonly group: string;
  /** The rule in words, e.g. `basic-package floor for WC011 Matzikama: at least 1,200 backlog households served`. */
  readonly description: string;
  /** The input that sets the rule, with its current value, so the analyst knows what to change. */
  readonly setting: string;
}

/** Why a program has no plan: rules that cannot all hold together (see plan/diagnose-infeasibility). */
export interface InfeasibilityDiagnosis {
  /** The conflicting rules; empty when the diagnosis could not decide. */
  readonly rules: readonly ConflictingRule[];
  /** True when dropping any single rule of `rules` was shown to make a plan possible. */
  readonly minimal: boolean;
  /** Feasibility solves the diagnosis took. */
  readonly solves: number;
}

/** Remaining backlog households for one service at the end of one year. */
export interface BacklogPoint {
  /** Service. */
  readonly service: Service;
  /** Financial year. */
  readonly financialYear: number;
  /** Households still below the basic level at the end of the year. */
  readonly remainingHouseholds: number;
}

/** Per-municipality summary. */
export interface MunicipalSummary {
  /** Demarcation code. */
  readonly municipalityCode: string;
  /** Name. */
  readonly municipalityName: string;
  /** District code. */
  readonly districtCode: string;
  /** Need index, 0..1. */
  readonly needIndex: number;
  /** Growth-potential index, 0..1. */
  readonly growthIndex: number;
  /** Quadrant. */
  readonly quadrant: Quadrant;
  /** Planned spending over the horizon, rand. */
  readonly spendingRand: number;
  /** Backlog households served over the horizon. */
  readonly householdsServed: number;
  /** Benefit attributed to need. */
  readonly needBenefit: number;
  /** Benefit attributed to growth potential. */
  readonly growthBenefit: number;
}

/** Which formulation produced the plan. */
export type PlanKind = 'portfolio' | 'allocation';

/** Allocation of one year's money to one municipality and service (allocation formulation). */
export interface AllocationLine {
  /** Demarcation code. */
  readonly municipalityCode: string;
  /** Service. */
  readonly service: Service;
  /** Financial year. */
  readonly financialYear: number;
  /** Funding source id. */
  readonly sourceId: string;
  /** Rand allocated. */
  readonly amountRand: number;
}

/** A service of the model as the plan names it (model.yaml `services:`). */
export type PlanService = Pick<ServiceDeclaration, 'id' | 'label' | 'needUnit'>;

/** What every plan holds, whichever formulation made it. */
interface PlanCommon {
  /** Model name from model.yaml. */
  readonly modelName: string;
  /** Scenario name, `baseline` when none was given. */
  readonly scenarioName: string;
  /** The financial years of the horizon, in order. */
  readonly financialYears: readonly number[];
  /** The model's services, in declared order: every sheet and chart lists these. */
  readonly services: readonly PlanService[];
  /** Solve status; the plan's figures mean something only when hasSolution(plan). */
  readonly status: SolveStatus;
  /** Relative gap between the objective and the bound, or null when unknown. */
  readonly gap: number | null;
  /** Engine. */
  readonly solver: EngineName;
  /** Seconds in the engine, by the clock on the wall: they grow with the machine's load. */
  readonly seconds: number;
  /**
   * CPU seconds of the same solve (this process's, the HiGHS thread or threads included): above
   * `seconds` when HiGHS works on more than one thread, below them on a busy machine. Absent in a
   * plan.json written before it was recorded, and where the process's count is not the solve's
   * own (a plan solved in an analysis pool worker).
   */
  readonly cpuSeconds?: number;
  /** Branch-and-bound nodes. */
  readonly nodes: number | null;
  /** With `engine.race`: how the race of HiGHS runs went (src/solve/highs-race.ts); absent for one plain solve. */
  readonly solverRun?: SolverRunRecord;
  /** Envelope use per source and year. */
  readonly envelopeUse: readonly EnvelopeUse[];
  /** Per-municipality summary. */
  readonly municipalities: readonly MunicipalSummary[];
  /** Remaining backlog by service and year. */
  readonly backlog: readonly BacklogPoint[];
  /** Marginal value of money, per source and year (empty when not computed). */
  readonly marginalValues: readonly MarginalValue[];
  /**
   * Total benefit and its split: benefit points of the funded projects (portfolio), or weighted
   * need met in weighted R million (allocation).
   */
  readonly benefit: { readonly total: number; readonly needLed: number; readonly growthLed: number };
  /** Statement of illustrative inputs, copied from the model. */
  readonly illustrativeNote: string;
  /** Scenario overrides applied, in the order applied, as `key = value (from source)`. */
  readonly overridesApplied: readonly string[];
  /** Notes on how rules were applied (e.g. a floor lowered to what the register can deliver); absent or empty when none. */
  readonly warnings?: readonly string[];
  /** For an infeasible plan: the commitments and policy rules that conflict; absent otherwise. */
  readonly infeasibility?: InfeasibilityDiagnosis;
}

/** One decision of a plan that differs from the baseline plan's (`--baseline`). */
export interface BaselineChange {
  /** Project id. */
  readonly projectId: string;
  /** What changed. */
  readonly kind: 'gained_funding' | 'lost_funding' | 'moved' | 'new_project' | 'not_in_register';
  /** Start financial year in the baseline, or null when it did not fund the project (or did not list it). */
  readonly baselineStartYear: number | null;
  /** Start financial year in this plan, or null when not funded. */
  readonly startYear: number | null;
  /** Discounted benefit the change adds to the plan (negative when it loses some), benefit points. */
  readonly benefitChangePoints: number;
  /**
   * Why, in one sentence starting with the step that made it (`baseline repair: …`, `closest-plan
   * solve: …`, `new to the register …`; docs/analysis.md lists them), with the rule that needs a
   * change of no benefit of its own, and for a project that lost funding its deferral detail.
   */
  readonly reason: string;
  /** The reason in plain words, for the console and the workbook (no solver terms); absent in plans written before it. */
  readonly words?: string;
}

/**
 * One year and source of a project's money that differs from the baseline's while the project's
 * decision (funded, start year) is the same (`--baseline`): a grant or year paying it moved.
 */
export interface BaselineSplitChange {
  /** Project id. */
  readonly projectId: string;
  /** Capital (the cash flow) or operating (running costs). */
  readonly purpose: 'capital' | 'operating';
  /** Funding source id. */
  readonly sourceId: string;
  /** Financial year (2026 = 2026/27). */
  readonly financialYear: number;
  /** Rand the baseline paid from this source in this year. */
  readonly baselineRand: number;
  /** Rand this plan pays. */
  readonly plannedRand: number;
}

/** A planning field of a project that differs from the baseline plan's record of it. */
export interface BaselineFieldChange {
  /** The field, as plan.json names it: `capexRand`, `householdsServed`, `capacityAddedMlPerDay`, `municipalityCode`, `service`, `type`. */
  readonly field: string;
  /** Its value in the baseline plan. */
  readonly baselineValue: string | number;
  /** Its value in this model. */
  readonly value: string | number;
}

/** A project the planner added to, removed from or edited in the register since the baseline. */
export interface BaselineProjectInputChange {
  /** Project id. */
  readonly projectId: string;
  /** `added` (in the register, not in the baseline plan), `removed` (the other way) or `edited` (planning fields differ). */
  readonly kind: 'added' | 'removed' | 'edited';
  /** The fields that differ (edited only; empty otherwise). */
  readonly fields: readonly BaselineFieldChange[];
  /** `masterplan` for a row the master plan generated, `planner` for the planner's; null for a removed project (not in this register). */
  readonly origin: 'planner' | 'masterplan' | null;
  /** Start financial year in the baseline, null when it did not fund the project or did not list it. */
  readonly baselineStartYear: number | null;
  /** Start financial year in this plan, null when not funded or no longer in the register. */
  readonly startYear: number | null;
  /** Why this plan does not fund it (PlannedProject `deferralReason`), null when funded or removed. */
  readonly deferralReason: DeferralReason | null;
  /** The deferral's sentence (PlannedProject `deferralDetail`), null when funded or removed. */
  readonly deferralDetail: string | null;
}

/** An input file whose contents differ from the baseline run's (manifest.json SHA-256, matched by file name). */
export interface BaselineFileChange {
  /** File name, e.g. `needs.csv`. */
  readonly fileName: string;
  /** `changed` (other contents), `added` (read now, not by the baseline run) or `removed` (read by the baseline run only). */
  readonly kind: 'changed' | 'added' | 'removed';
}

/** A need row (municipality and service) added, removed or changed since the baseline run. */
export interface BaselineNeedChange {
  /** Demarcation code. */
  readonly municipalityCode: string;
  /** Service id. */
  readonly service: string;
  /** `changed` (a figure differs), `added` (a row the baseline did not have) or `removed`. */
  readonly kind: 'changed' | 'added' | 'removed';
  /** The figures that differ (changed only): backlog in the service's need unit, capacity and demand in Ml/day; null for "not known". */
  readonly fields: readonly { readonly field: 'backlogHouseholds' | 'treatmentCapacityMlPerDay' | 'demandMlPerDay'; readonly baselineValue: number | null; readonly value: number | null }[];
  /** The row in words: `Matzikama (WC011), water: backlog 1,500 → 1,600 households`. */
  readonly words: string;
}

/** An envelope (source and year) whose amount changed since the baseline run, or a source whose carry-over or purpose did. */
export interface BaselineEnvelopeChange {
  /** Funding source id. */
  readonly sourceId: string;
  /** Financial year of the amount (2026 = 2026/27); null for a change of the source's settings. */
  readonly financialYear: number | null;
  /** The envelope in the baseline, rand (0 when it had none that year); null for a settings change. */
  readonly baselineRand: number | null;
  /** The envelope now, rand; null for a settings change. */
  readonly rand: number | null;
  /** In words: `MIG 2027/28: R60.0 million in the baseline → R50.0 million now`. */
  readonly words: string;
}

/** What the planner changed in the inputs since the baseline run, as far as the baseline records it. */
export interface BaselineInputChanges {
  /**
   * Need rows added, removed or changed (needs.csv, after the scenario), or null when the baseline
   * plan.json does not record its needs (written before it did); absent in plans written before it.
   */
  readonly needs?: readonly BaselineNeedChange[] | null;
  /**
   * Envelopes whose amount changed per source and horizon year (funding.csv, after the scenario:
   * a budget scale shows here too), then sources whose carry-over or purpose changed; null when
   * the baseline records no envelopes; absent in plans written before it.
   */
  readonly envelopes?: readonly BaselineEnvelopeChange[] | null;
  /** Projects added, removed and edited, in that order, each in register (or baseline) order. */
  readonly projects: readonly BaselineProjectInputChange[];
  /** Whether the baseline plan records the projects' planning fields (older or hand-made plan.json files do not): without them no edit can be seen. */
  readonly fieldsRecorded: boolean;
  /** Input files that differ from the baseline run's, or null when the baseline has no manifest.json to compare with. */
  readonly files: readonly BaselineFileChange[] | null;
  /** The count in one line, for the console and plan.json: `since the baseline: 1 project added: WC011-W-NEW-1 (not funded), 1 project removed: WC022-W-02; needs.csv differs` (projects named when at most three, else counted). */
  readonly summaryWords: string;
}

/** The money of one project with the same decision that moved between grants or years, summed over its amounts. */
export interface BaselineSplitProjectSummary {
  /** Project id. */
  readonly projectId: string;
  /** Rand moved: the larger of the rand added to and taken from its grant-and-year amounts. */
  readonly movedRand: number;
  /** Grant-and-year amounts that differ (BaselineChanges.splitChanges of the project). */
  readonly amounts: number;
  /** The grants and years paying less than in the baseline, in the order of the amounts: `MIG 2026/27`, `TOPS 2031/32 running costs`. */
  readonly paidLessBy: readonly string[];
  /** The grants and years paying more than in the baseline, the same way. */
  readonly paidMoreBy: readonly string[];
}

/** How a plan compares with the baseline plan it was asked to stay close to. */
export interface BaselineChanges {
  /** What changed in the inputs since the baseline (projects added, removed, edited; input files); absent in plans written before it. */
  readonly inputChanges?: BaselineInputChanges;
  /** The baseline file (plan.json). */
  readonly source: string;
  /**
   * How the plan was chosen: `kept_baseline` (the acceptance shortcut: the baseline's decisions fit
   * and are within the gap), `closest_plan` (a second solve proved the fewest changes within the
   * gap), `closest_plan_time_limit` (the second solve's best in its time box), `first_solve` (no
   * closer plan was found, or none was needed).
   */
  readonly method: 'kept_baseline' | 'closest_plan' | 'closest_plan_time_limit' | 'first_solve';
  /** Why, in one sentence, with the technical terms (the gap, the best bound, the solves). */
  readonly why: string;
  /** Why in plain words, for the console and the workbook ("it still fits and no plan is more than 0.07% better"); absent in plans written before it. */
  readonly whyWords?: string;
  /** `--lock-years`, or null when no years were locked. */
  readonly lockYears: number | null;
  /** Changed funding decisions (gained or lost), over the projects this model can fund. */
  readonly fundingChanges: number;
  /** Changed start years of projects funded in both. */
  readonly startYearChanges: number;
  /** Benefit of the baseline's decisions in this model, or null when they no longer fit. */
  readonly baselineBenefitPoints: number | null;
  /** Benefit of the first solve's plan (before staying close to the baseline). */
  readonly firstSolveBenefitPoints: number;
  /** Benefit of this plan. */
  readonly benefitPoints: number;
  /** Seconds the stability step added (the second solve, when there was one). */
  readonly seconds: number;
  /** The changed decisions, in register order. */
  readonly changes: readonly BaselineChange[];
  /**
   * The spending split changes of projects whose decision is the same, in register order, then
   * purpose, year and source; absent when the baseline file gave no split to compare with.
   */
  readonly splitChanges?: readonly BaselineSplitChange[];
}

/** A plan of the portfolio formulation: which projects are funded, and when. */
export interface PortfolioPlan extends PlanCommon {
  /** With `--baseline`: what changed against the baseline plan, and why; absent otherwise. */
  readonly baselineChanges?: BaselineChanges;
  /** Formulation. */
  readonly kind: 'portfolio';
  /** The objective, maximised: discounted benefit points of the funded projects; null without a solution. */
  readonly objectiveBenefitPoints: number | null;
  /** The best bound on it the engine proved, benefit points; null when unknown. */
  readonly bestBoundBenefitPoints: number | null;
  /** Every project of the register, funded or not. */
  readonly projects: readonly PlannedProject[];
  /**
   * Demand against capacity of every master plan balance per horizon year (Ml/day of design
   * demand: shortfall without new projects, closed by the funded ones, unmet); absent when the run
   * does not use the master plan.
   */
  readonly capacityBalances?: readonly CapacityBalanceOutcome[];
}

/** One master plan balance in a plan: design demand against capacity per horizon year, Ml/day. */
export type CapacityBalanceOutcome = BalanceOutcome;

/** A plan of the allocation formulation: how each year's money is split between municipalities and services. */
export interface AllocationPlan extends PlanCommon {
  /** Formulation. */
  readonly kind: 'allocation';
  /** The objective, minimised: weighted unmet need, weighted R million; null without a solution. */
  readonly objectiveWeightedRandMillion: number | null;
  /** The best bound on it the engine proved, weighted R million; null when unknown. */
  readonly bestBoundWeightedRandMillion: number | null;
  /** Allocation lines. */
  readonly allocations: readonly AllocationLine[];
}

/** A solved plan, by formulation. */
export type Plan = PortfolioPlan | AllocationPlan;

/** A plan's objective in its own unit (benefit points, or weighted R million), null without a solution. */
export function objectiveOf(plan: Plan): number | null {
  return plan.kind === 'portfolio' ? plan.objectiveBenefitPoints : plan.objectiveWeightedRandMillion;
}

/** A plan's best bound in the objective's unit, null when unknown. */
export function bestBoundOf(plan: Plan): number | null {
  return plan.kind === 'portfolio' ? plan.bestBoundBenefitPoints : plan.bestBoundWeightedRandMillion;
}

/** The plan's projects: every project of the register for a portfolio plan, none for an allocation. */
export function projectsOf(plan: Plan): readonly PlannedProject[] {
  return plan.kind === 'portfolio' ? plan.projects : [];
}

/** The plan's allocation lines: none for a portfolio plan. */
export function allocationsOf(plan: Plan): readonly AllocationLine[] {
  return plan.kind === 'allocation' ? plan.allocations : [];
}
