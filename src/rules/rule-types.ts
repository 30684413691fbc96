/**
 * The shape of a rule record. A policy rule (and the commitments of the register, a rule family of
 * their own) is one object: its key and unit, default and off value, its words for people, when it
 * is active, the rows it adds to each formulation, the words for a conflict and the setting to
 * change, and how it keeps a project out of a plan. Calliope keeps its constraints as such named
 * records; the formulations, the diagnosis, the deferral reasons, the explanations, the schemas and
 * the input sheet all read these, and the independent checker keeps its own checks of each.
 *
 * A rule never sees an engine or the program's terms: it states its rows through a context that
 * the formulation implements, in domain words (sum over the starts of these projects, sum over
 * the allocations to this municipality), with an opaque Expression for the formulation's terms.
 */
import type { z } from 'zod';
import type { NumberKindName } from '../dataset/limits.js';
import type { ServiceNeedRand } from '../dataset/need-rand.js';
import type { BaselineLock, Dataset, PolicySettings, Project, ServiceDeclaration } from '../dataset/types.js';

/**
 * Typed metadata on every row a rule adds (the Constraint's `rule`): which rule, and for which
 * municipality, district, service, year or project. Diagnosis and explanations read it; labels
 * are for people and are never parsed.
 */
export interface RuleTag {
  /** The rule's key (a policy key such as `basic_package_floor_share`, or `committed`). */
  readonly ruleKey: string;
  /** Demarcation code, when the row is about one municipality. */
  readonly municipalityCode?: string;
  /** District code, when the row is about one district. */
  readonly districtCode?: string;
  /** Service id, when the row is about one service. */
  readonly serviceId?: string;
  /** Financial year (2026 = 2026/27), when the row is about one year. */
  readonly financialYear?: number;
  /** Project id, when the row is about one project (a commitment). */
  readonly projectId?: string;
  /** Funding source id, when the row is about one envelope (an operating envelope). */
  readonly sourceId?: string;
  /** Master plan asset type, when the row is about one capacity balance. */
  readonly assetType?: string;
}

/** A row a rule adds: `lower <= expression <= upper`, with its label for people and its tag. */
export interface RuleRow<Expression> {
  /** Label in domain words, unique in the program, e.g. `basic_package[WC011]`. */
  readonly label: string;
  /** Family of rows, e.g. `basic_package`; LP files and formatted conflicts show it. */
  readonly group: string;
  /** The linear expression, built through the context. */
  readonly expression: Expression;
  /** Lower bound; -Infinity for none. */
  readonly lower: number;
  /** Upper bound; Infinity for none. */
  readonly upper: number;
  /** Which rule and what it is about. */
  readonly tag: RuleTag;
}

/** What the portfolio formulation offers a rule. `Expression` is the formulation's terms, opaque to rules. */
export interface PortfolioRuleContext<Expression> {
  /** The model with the scenario applied. */
  readonly dataset: Dataset;
  /** The financial years of the horizon. */
  readonly years: readonly number[];
  /** Projects with at least one allowed start (after prerequisites), in register order. */
  readonly fundable: readonly Project[];
  /** The allowed start years of a fundable project, ascending. */
  startYears(project: Project): readonly number[];
  /** Σ over the projects (in order) and their start variables (in start order) of coefficient × start; zero terms dropped. */
  sumOverStarts(projects: readonly Project[], coefficient: (project: Project, startYear: number) => number): Expression;
  /** Rand in the program's money unit (R million). */
  programMoney(amountRand: number): number;
  /** Add a row. */
  addRow(row: RuleRow<Expression>): void;
  /** A note for the reader, e.g. a floor lowered to what the register can deliver. */
  warn(text: string): void;
}

/** One allocation variable as a rule sees it: money to a municipality and service from a source in a year. */
export interface AllocationEntry {
  /** Demarcation code. */
  readonly municipalityCode: string;
  /** Service id. */
  readonly service: string;
  /** Funding source id. */
  readonly sourceId: string;
  /** Financial year. */
  readonly financialYear: number;
}

/** What the allocation formulation offers a rule. */
export interface AllocationRuleContext<Expression> {
  /** The model with the scenario applied. */
  readonly dataset: Dataset;
  /** Priced needs above zero (municipality × service), in needs-table order. */
  readonly needs: readonly ServiceNeedRand[];
  /** Σ over every allocation variable (in order) of coefficient × allocation; zero terms dropped. */
  sumOverAllocations(coefficient: (entry: AllocationEntry) => number): Expression;
  /** Rand in the program's money unit (R million). */
  programMoney(amountRand: number): number;
  /** Add a row. */
  addRow(row: RuleRow<Expression>): void;
}

/** Which formulation a row or a plan belongs to. */
export type FormulationName = 'portfolio' | 'allocation';

/** A row's bounds, as the diagnosis hands them to a rule for its words. */
export interface RowBounds {
  /** Lower bound (program units: R million for money, households for floors). */
  readonly lower: number;
  /** Upper bound. */
  readonly upper: number;
  /** Rand per program money unit, to turn a money bound into rand. */
  readonly randPerProgramUnit: number;
}

/** The funded projects of a plan, summed once, for the deferral reasons. */
export interface FundedSummary {
  /** District code per municipality code. */
  readonly districtOf: ReadonlyMap<string, string>;
  /** Capex of the funded projects, rand. */
  readonly totalRand: number;
  /** Capex of the funded projects per service id, rand. */
  readonly randByService: ReadonlyMap<string, number>;
  /** Capex of the funded projects per district, rand. */
  readonly randByDistrict: ReadonlyMap<string, number>;
  /** Funded projects under construction per `municipality|year`. */
  readonly activeByMunicipalityYear: ReadonlyMap<string, number>;
  /** Funded centres of a facility service opening per `service|year`. */
  readonly facilitiesOpenedByServiceYear: ReadonlyMap<string, number>;
}

/** What a rule needs to say whether it keeps an unfunded project out of the plan. */
export interface DeferralQuestion {
  /** The unfunded project. */
  readonly project: Project;
  /** Its start years left once its prerequisites are taken into account, ascending (at least one). */
  readonly candidateYears: readonly number[];
  /** The plan's funded projects, summed. */
  readonly funded: FundedSummary;
  /** The model's policy. */
  readonly policy: PolicySettings;
  /** The model's services. */
  readonly services: readonly ServiceDeclaration[];
  /** The lock of `--lock-years`, when the plan has one. */
  readonly baselineLock?: BaselineLock;
}

/**
 * A policy setting: one key of the `policy:` block of model.yaml and of scenarios. Every key has
 * one record; the schemas, the model.yaml writer, the scenario layers and the input sheet read it.
 */
export interface PolicySettingRecord<Field extends keyof PolicySettings = keyof PolicySettings> {
  /** The key under `policy:`, e.g. `basic_package_floor_share`. */
  readonly key: string;
  /** The PolicySettings field it sets. */
  readonly field: Field;
  /** Unit in words, e.g. `share of spending, 0 to 1`. */
  readonly unit: string;
  /** The range its values are held to (src/dataset/limits.ts). */
  readonly numberKind: NumberKindName;
  /** True when the value is one number per service: `min_service_share: { sanitation: 0.3 }`. */
  readonly perService: boolean;
  /**
   * The value when model.yaml does not set the key. For a per-service setting, the value of each
   * declared service that has one (the defaults name the default services only).
   */
  readonly defaultValue: number | Readonly<Record<string, number>>;
  /** What it means, for the input sheet, with the service by its declared label: `Minimum share of total spending on Sanitation (0 = off)`. */
  readonly meaning: (service?: ServiceDeclaration) => string;
  /** True when every declared service must have a value (a unit cost the allocation cannot do without). */
  readonly requiredForEveryService?: boolean;
  /** Former keys that still work: a scalar key of the old vocabulary that now sets one service's value. */
  readonly formerKeys?: readonly { readonly key: string; readonly serviceId: string }[];
}

/** One active instance of a rule: the rule, and for a per-service rule the service. */
export interface RuleInstance {
  /** The rule's key path as written in YAML under policy: `basic_package_floor_share`, `min_service_share.sanitation`. */
  readonly keyPath: string;
  /** The rule's key. */
  readonly ruleKey: string;
  /** The service, for a per-service rule. */
  readonly serviceId?: string;
}

/** A rule: a policy rule (with its setting) or a rule family of the register (commitments). */
export interface RuleRecord {
  /** Key: the policy key that sets it, or `committed`. */
  readonly key: string;
  /** The policy setting that controls it; null for a rule set in the tables (commitments). */
  readonly setting: PolicySettingRecord | null;
  /** The value that switches it off (0, or 1 for a maximum share); null when it cannot be switched off by a value. */
  readonly offValue: number | null;
  /** The rule in words for sentences, e.g. `the basic-package floor`; per service, of that service. */
  readonly words: (service?: ServiceDeclaration) => string;
  /** The active instances in a model (empty when switched off). */
  readonly activeInstances: (dataset: Dataset) => readonly RuleInstance[];
  /** Rows it adds to the portfolio MILP, when it constrains the portfolio. */
  readonly portfolio?: <Expression>(context: PortfolioRuleContext<Expression>) => void;
  /** Rows it adds to the allocation LP, when it constrains the allocation. */
  readonly allocation?: <Expression>(context: AllocationRuleContext<Expression>) => void;
  /** A conflicting row in words an analyst can act on: `basic-package floor for WC011 Matzikama: at least 1,200 backlog households served`. */
  readonly describeConflict: (tag: RuleTag, row: RowBounds, formulation: FormulationName, dataset: Dataset) => string;
  /** The input that sets the rule, with its current value: `policy.basic_package_floor_share (now 0.15)`. */
  readonly settingToChange: (tag: RuleTag, formulation: FormulationName, dataset: Dataset) => string;
  /** The policy with one instance switched off (explanations try each); undefined for rules no value switches off. */
  readonly switchOff?: (policy: PolicySettings, instance: RuleInstance) => PolicySettings;
  /** Why the rule keeps an unfunded project out, in one sentence, or null when it does not. */
  readonly keepsOut?: (question: DeferralQuestion) => string | null;
  /**
   * Why the rule never lets this project be funded, whatever else the plan funds (a centre without
   * an anchor department), in one sentence, or null. The deferral reasons check it before every
   * reason that depends on the plan (prerequisites, alternatives, shares, caps), which a project
   * barred outright could otherwise be given while the rule is what really keeps it out.
   */
  readonly forbids?: (project: Project, policy: PolicySettings) => string | null;
}

/** A zod schema for one setting's value, built from its record. */
export type SettingSchema = z.ZodType<number | Record<string, number>>;
