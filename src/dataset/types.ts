/**
 * The Dataset: a planning model as loaded and validated from disk. Every stage after loading reads
 * it and never changes it; scenarios make a new Dataset rather than editing one.
 *
 * Financial years are held as the calendar year in which they start (2026 means 2026/27, April
 * 2026 to March 2027); `formatFinancialYear` turns them back into labels.
 */
import type { EngineName } from './engine-catalogue.js';
import type { DataProblem } from '../errors/problems.js';

/** What a service's need is counted in: households (a water or sanitation backlog), people, or Ml/day. */
export const NEED_UNITS = ['households', 'people', 'ml_per_day'] as const;
/** A need unit. */
export type NeedUnit = (typeof NEED_UNITS)[number];

/**
 * A service declared in model.yaml `services:`. Services are data: water and sanitation are the two
 * a model gets when it declares none, and a third (stormwater, electricity) is one more entry here
 * and rows in the tables, never new code.
 */
export interface ServiceDeclaration {
  /** Id used in needs.csv and projects.csv `service` and in policy keys, e.g. `water` (snake_case). */
  readonly id: string;
  /** Label for sheets and charts, e.g. `Water`. */
  readonly label: string;
  /** What its need (backlog) is counted in; default households. */
  readonly needUnit: NeedUnit;
  /** The needs.csv column holding its backlog, in its need unit; default `backlog_households`. */
  readonly backlogColumn: string;
  /**
   * The service-model blocks of a facility service (Thusong's six blocks), with their benefit
   * weights; empty for a network service such as water. A service with blocks is a facility
   * service: its projects and facilities.csv rows are centres.
   */
  readonly blocks: readonly ServiceBlock[];
  /**
   * The departments that may anchor a centre of a facility service (model.yaml
   * `anchor_departments:`), each with the name an official knows it by. Absent when the model
   * declares none: then any code in `anchor_departments` cells is accepted and named by
   * DEFAULT_ANCHOR_DEPARTMENTS (src/dataset/facilities.ts) or in words.
   */
  readonly anchorDepartments?: readonly AnchorDepartment[];
}

/** A department that may anchor a centre, e.g. `home_affairs`, named `Home Affairs`. */
export interface AnchorDepartment {
  /** Code used in the `anchor_departments` cells of projects.csv and facilities.csv (snake_case). */
  readonly id: string;
  /** Name for sheets, as an official knows the department, e.g. `SASSA`. */
  readonly name: string;
}

/** One block of a facility service's service model, e.g. `information_communication`. */
export interface ServiceBlock {
  /** Id used in the `blocks_offered` cells of projects.csv and facilities.csv (snake_case). */
  readonly id: string;
  /** Label for sheets. */
  readonly label: string;
  /** Benefit weight of offering this block, >= 0; a centre's block factor is the sum over the blocks it offers. */
  readonly weight: number;
}

/** Kinds of facility: a hub centre, a satellite centre, or a mobile route (an outreach). */
export const FACILITY_TYPES = ['hub', 'satellite', 'mobile_route'] as const;
/** A kind of facility. */
export type FacilityType = (typeof FACILITY_TYPES)[number];

/** An existing facility of a facility service (facilities.csv): a Thusong centre already open. */
export interface Facility {
  /** Unique id, e.g. `WC011-T-E1`. */
  readonly id: string;
  /** Demarcation code of the municipality it serves. */
  readonly municipalityCode: string;
  /** The facility service it belongs to (a declared service with blocks). */
  readonly service: Service;
  /** Name, e.g. `Vredendal Thusong Centre`. */
  readonly name: string;
  /** Hub, satellite or mobile route. */
  readonly facilityType: FacilityType;
  /** Financial year it opened (2026 = 2026/27). */
  readonly yearOpened: number;
  /** Block ids of the service model it offers. */
  readonly blocksOffered: readonly string[];
  /** Anchor departments serving there (e.g. `home_affairs`, `sassa`); empty when none, and then it does not count. */
  readonly anchorDepartments: readonly string[];
  /** People living within reach of it. */
  readonly populationWithinReach: number;
  /** True when the row's figures were generated, not published. */
  readonly illustrative: boolean;
}

/** A municipality the roll-out rule of a facility service does not apply to, with the reason (model.yaml `rollout_exemptions:`). */
export interface RolloutExemption {
  /** Demarcation code. */
  readonly municipalityCode: string;
  /** The facility service. */
  readonly service: Service;
  /** Why, in words for the reports. */
  readonly reason: string;
}

/** What a funding source pays for: capital (build cash flows) or operating (annual running costs). The two never mix. */
export const FUNDING_PURPOSES = ['capital', 'operating'] as const;
/** A funding purpose. */
export type FundingPurpose = (typeof FUNDING_PURPOSES)[number];

/** The needs.csv column that holds a backlog unless a service names another. */
export const DEFAULT_BACKLOG_COLUMN = 'backlog_households';

/** The services of a model that declares none: bulk water and sanitation, backlogs in households. */
export const DEFAULT_SERVICES: readonly ServiceDeclaration[] = Object.freeze([
  Object.freeze({ id: 'water', label: 'Water', needUnit: 'households', backlogColumn: DEFAULT_BACKLOG_COLUMN, blocks: [] }),
  Object.freeze({ id: 'sanitation', label: 'Sanitation', needUnit: 'households', backlogColumn: DEFAULT_BACKLOG_COLUMN, blocks: [] }),
] as const);

/** A service id, one of the model's declared services (`config.services`). */
export type Service = string;

/** MIIF municipal categories (A metro, B1 secondary city, B2 large town, B3 small town, B4 mostly rural). */
export const MIIF_CATEGORIES = ['A', 'B1', 'B2', 'B3', 'B4'] as const;
/** A MIIF municipal category. */
export type MiifCategory = (typeof MIIF_CATEGORIES)[number];

/** A local municipality with its Census figures. */
export interface Municipality {
  /** Demarcation code, e.g. `WC011`. */
  readonly code: string;
  /** Name, e.g. `Matzikama`. */
  readonly name: string;
  /** District municipality code, e.g. `DC1`. */
  readonly districtCode: string;
  /** District municipality name, e.g. `West Coast`. */
  readonly districtName: string;
  /** Province code, e.g. `WC`. */
  readonly province: string;
  /** MIIF category. */
  readonly miifCategory: MiifCategory;
  /** Persons, Census 2011. */
  readonly population2011: number;
  /** Persons, Census 2022. */
  readonly population2022: number;
  /** Households, Census 2011. */
  readonly households2011: number;
  /** Households, Census 2022. */
  readonly households2022: number;
  /** Population growth 2011–2022, percent per year. */
  readonly growthRatePercentPerYear: number;
  /** True when the row's figures were generated, not published. */
  readonly illustrative: boolean;
  /** Spreadsheet row it was read from (the header is row 1), so the master plan stage can name it in an error; absent for rows built in code. */
  readonly sourceRow?: number;
}

/** Need for one service in one municipality. */
export interface ServiceNeed {
  /** Demarcation code of the municipality. */
  readonly municipalityCode: string;
  /** The service. */
  readonly service: Service;
  /**
   * Backlog below the basic service level, from the service's backlog column, in its need unit:
   * households for water and sanitation (the name keeps the unit of the default services).
   */
  readonly backlogHouseholds: number;
  /** Existing bulk treatment capacity in Ml/day, or null when not known. */
  readonly treatmentCapacityMlPerDay: number | null;
  /** Current demand (water) or inflow (sanitation) in Ml/day, or null when not known. */
  readonly demandMlPerDay: number | null;
  /** True when the row's figures were generated, not published. */
  readonly illustrative: boolean;
  /** Spreadsheet row it was read from (the header is row 1), so the master plan stage can name it in an error; absent for rows built in code. */
  readonly sourceRow?: number;
}

/** Which index an indicator feeds. */
export type IndicatorTheme = 'need' | 'growth';
/** Whether a higher indicator value is a better or a worse situation. */
export type IndicatorDirection = 'higher_is_better' | 'higher_is_worse';

/** An indicator as declared in model.yaml. */
export interface IndicatorDeclaration {
  /** Column name in indicators.csv, e.g. `water_backlog_share`. */
  readonly id: string;
  /** Human label for reports. */
  readonly label: string;
  /** The index the indicator feeds. */
  readonly theme: IndicatorTheme;
  /** Whether higher values are better or worse. */
  readonly direction: IndicatorDirection;
  /** Relative weight inside its theme, >= 0. */
  readonly weight: number;
}

/** How raw indicator values are put on a common scale before weighting. */
export type Normalisation = 'min-max' | 'z-score' | 'rank';

/** Index settings from model.yaml. */
export interface IndexSettings {
  /** Normalisation method; default `min-max`. */
  readonly normalisation: Normalisation;
  /** Need index at or above this counts as high need; default 0.5. */
  readonly needThreshold: number;
  /** Growth-potential index at or above this counts as high potential; default 0.5. */
  readonly growthThreshold: number;
}

/**
 * Policy settings from model.yaml (defaults) or a scenario: one field per key of the `policy:`
 * block, each described (key, unit, default, meaning) by its record in src/rules/. A value of 0
 * switches a rule off unless said otherwise.
 */
export interface PolicySettings {
  /** Discount rate, percent per year: a project's own benefit is discounted to its completion year, shortfall closed to each year; default 5. */
  readonly discountRatePercent: number;
  /** Weight on the need index in the benefit, 0..1; default 0.5. */
  readonly needWeight: number;
  /** Weight on the growth-potential index in the benefit, 0..1; default 0.5. */
  readonly growthWeight: number;
  /** Benefit points per backlog household served; default 1. */
  readonly benefitPerHousehold: number;
  /** Benefit points per Ml/day of capacity added; with a master plan, per Ml/day of shortfall closed per year in service; default 500. */
  readonly benefitPerMlPerDay: number;
  /** Share of each municipality's backlog households to be served within the horizon, 0..1; 0 = off. */
  readonly basicPackageFloorShare: number;
  /** Minimum spend in rand per municipality with a backlog within the horizon; 0 = off. */
  readonly basicPackageMinSpendRand: number;
  /** Minimum share of total spending per service id, 0..1; a service absent or at 0 has none (default sanitation 0.3). */
  readonly minServiceShare: Readonly<Record<string, number>>;
  /** Each district's share of total spending at least this, 0..1; 0 = off. */
  readonly districtShareMin: number;
  /** Each district's share of total spending at most this, 0..1; 1 = off. */
  readonly districtShareMax: number;
  /** Projects under construction at once per municipality; 0 = off. */
  readonly maxConcurrentProjectsPerMunicipality: number;
  /** From this financial year on (2030 = 2030/31) every master plan shortfall is met; 0 = off (default). */
  readonly shortfallsMetByYear: number;
  /** Allocation LP: bulk cost of bringing one backlog unit (household) of each service to the basic level, rand, per service id; default water 25 000, sanitation 30 000. */
  readonly allocationCostPerHouseholdRand: Readonly<Record<string, number>>;
  /** Allocation LP: cost of one Ml/day of treatment capacity where demand exceeds capacity, rand; default 15 000 000. */
  readonly allocationCostPerMlPerDayRand: number;
  /** Benefit points per person within reach of a new facility, times its block factor; default 0.05. */
  readonly benefitPerPersonWithinReach: number;
  /** Per facility service: the financial year (as its first calendar year, 2030 = 2030/31) by which every municipality has a hub; absent or 0 = off. */
  readonly rolloutTargetYear: Readonly<Record<string, number>>;
  /** 1 when a centre of a facility service counts only with an anchor department (default 1); 0 = off. */
  readonly facilityAnchorRequired: number;
  /** Per facility service: at most this many new centres opened (completed) per financial year; absent or 0 = off. */
  readonly maxFacilitiesOpenedPerYear: Readonly<Record<string, number>>;
  /** Backlog households (services counted in households) the funded projects serve over the horizon at least; 0 = off (the households-growth frontier sets it). */
  readonly minHouseholdsServed: number;
  /** What the portfolio objective counts: 0 = benefit points (default), 1 = capacity added in Ml/day only, 2 = backlog households served only; 1 and 2 unweighted and undiscounted. */
  readonly objectiveMeasure: number;
}

/** The model.yaml contents, parsed. */
export interface ModelConfig {
  /** Short id used in report folder names. */
  readonly name: string;
  /** Human title. */
  readonly title: string;
  /** First financial year of the horizon (2026 = 2026/27). */
  readonly baseFinancialYear: number;
  /** Number of financial years planned. */
  readonly horizonYears: number;
  /** Currency code; amounts are rand. */
  readonly currency: string;
  /** Statement of which inputs are illustrative, printed on every report. Empty when none are. */
  readonly illustrativeNote: string;
  /** Declared services, in file order (DEFAULT_SERVICES when model.yaml declares none). */
  readonly services: readonly ServiceDeclaration[];
  /** Indicator declarations, in file order. */
  readonly indicators: readonly IndicatorDeclaration[];
  /** Municipalities the roll-out rule does not apply to, with reasons; empty when none. */
  readonly rolloutExemptions: readonly RolloutExemption[];
  /** Index settings. */
  readonly index: IndexSettings;
  /** Policy defaults. */
  readonly policy: PolicySettings;
  /**
   * Solver settings the model asks for (model.yaml `engine:`); the lowest precedence, below
   * scenarios and the command line. Absent keys mean the engine's own defaults.
   */
  readonly engine?: ModelEngineSettings;
  /**
   * The bulk master plan settings (model.yaml `masterplan:`), as written: only the keys given, the
   * stage (src/masterplan/) fills the rest from its documented defaults. Absent when model.yaml has
   * no `masterplan:` block: then runs use the register as given and the stage only reports.
   */
  readonly masterplan?: MasterPlanSettings;
}

/**
 * The `masterplan:` block of model.yaml and scenarios, snake_case as written. Every key is
 * optional; docs/masterplan.md gives each default and its source.
 */
export interface MasterPlanSettings {
  /** When true (default) a run plans the generated register with the planner's rows merged in; false: projects.csv as given. */
  readonly use_generated_register?: boolean;
  /** Population projection. */
  readonly growth?: {
    /** `census_compound` (default) or `table` (projections.csv). */
    readonly method?: 'census_compound' | 'table';
    /** Percentage points added to every compound growth rate; default 0. */
    readonly additional_growth_percent_per_year?: number;
  };
  /** Reservoir storage hours of AADD per source arrangement; default 48 / 36 / 24 (DWAF 2004). */
  readonly storage_hours?: Readonly<Record<string, number>>;
  /** Demand and backlog settings per service id (consumption or return-flow keys). */
  readonly services?: Readonly<Record<string, MasterPlanServiceSettings>>;
  /** Settings per asset type. */
  readonly asset_types?: Readonly<Record<string, MasterPlanAssetTypeSettings>>;
}

/** One service's keys under `masterplan.services`. */
export interface MasterPlanServiceSettings {
  /** Unit demand per service level, l/person/day; default house_connection 130, yard_tap 80, standpipe 25 (PDG 1996). */
  readonly service_levels_litres_per_person_per_day?: Readonly<Record<string, number>>;
  /** Unit demand per municipality code, l/person/day, replacing the Census-based one. */
  readonly unit_demand_litres_per_person_per_day?: Readonly<Record<string, number>>;
  /** Non-revenue water share of system input; default 0.346 (No Drop 2015). */
  readonly non_revenue_water_share?: number;
  /** Losses at the treatment works; default 0.1 (DWAF 2004). */
  readonly treatment_loss_share?: number;
  /** Summer peak factor; default 1.35 (DWAF 1.2–1.5). */
  readonly summer_peak_factor?: number;
  /** Pumping hours per day; default 20 (DWAF 2004). */
  readonly pumping_hours_per_day?: number;
  /** Share of water use returned as wastewater; default 0.75. */
  readonly return_share?: number;
  /** Peak factor of bulk sewers; default 1. */
  readonly sewer_peak_factor?: number;
  /** Backlog eradication cost per household, rand; default water 22 000, sanitation 38 000. */
  readonly backlog_unit_cost_rand_per_household?: number;
}

/** One asset type's keys under `masterplan.asset_types`. */
export interface MasterPlanAssetTypeSettings {
  /** Years an upgrade carries the asset; default 10. */
  readonly design_horizon_years?: number;
  /** Years from start to need; default 5 (works, sources) or 3. */
  readonly lead_time_years?: number;
  /** Module size in the type's unit; default 0.5. */
  readonly module_size?: number;
  /** Cost curve coefficient a of C = c0 + a × Q^b, rand (every option of the type). */
  readonly cost_a_rand?: number;
  /** Cost curve exponent b; default 1. */
  readonly cost_b?: number;
  /** Cash flow percent per build year (every option of the type). */
  readonly cashflow_percent?: readonly number[];
}

/** The bulk asset types of assets.csv, in report order (source to tap, then wastewater). */
export const BULK_ASSET_TYPES = ['raw_water_source', 'water_treatment_works', 'bulk_water_pipeline', 'reservoir_storage', 'wastewater_treatment_works', 'bulk_sewer'] as const;
/** A bulk asset type. */
export type BulkAssetType = (typeof BULK_ASSET_TYPES)[number];

/** One existing bulk asset (a row of assets.csv), structurally the master plan's BulkAsset. */
export interface Asset {
  /** Unique id, e.g. `WC044-WTW-01`. */
  readonly id: string;
  /** Name for reports, e.g. `Outeniqua WTW`, or null. */
  readonly name: string | null;
  /** Demarcation code of the municipality it serves. */
  readonly municipalityCode: string;
  /** Service id. */
  readonly service: Service;
  /** Asset type. */
  readonly assetType: BulkAssetType;
  /** Capacity in `capacityUnit` (Ml/day; Ml for reservoir storage). */
  readonly capacity: number;
  /** `Ml` for reservoir storage, else `Ml/day`. */
  readonly capacityUnit: 'Ml/day' | 'Ml';
  /** Calendar year built, or null. */
  readonly yearBuilt: number | null;
  /** Remaining life in years from the base year, or null. */
  readonly remainingLifeYears: number | null;
  /** Length in km (pipelines and sewers), or null. */
  readonly lengthKm: number | null;
  /** Reservoir source arrangement (a key of the storage hours), or null for the default. */
  readonly sourceArrangement: string | null;
  /** True when generated, not published. */
  readonly illustrative: boolean;
  /** Spreadsheet row it was read from (the header is row 1), so the master plan stage can name it in an error; absent for rows built in code. */
  readonly sourceRow?: number;
}

/** One row of projections.csv: an explicit projection (the `table` growth method). */
export interface ProjectionRow {
  /** Demarcation code. */
  readonly municipalityCode: string;
  /** Financial year. */
  readonly financialYear: number;
  /** Persons. */
  readonly population: number;
  /** Households. */
  readonly households: number;
  /** Spreadsheet row it was read from (the header is row 1), so the master plan stage can name it in an error; absent for rows built in code. */
  readonly sourceRow?: number;
}

/**
 * One capacity balance of the master plan as the program reads it: the unmet design demand of one
 * asset type of a service in a municipality per horizon year, without new projects, in Ml/day
 * (storage as the daily flow it balances), and the register project types that add to it.
 */
export interface CapacityBalance {
  /** Demarcation code. */
  readonly municipalityCode: string;
  /** Service id. */
  readonly service: Service;
  /** Asset type. */
  readonly assetType: BulkAssetType;
  /** Register project types that count as this asset type. */
  readonly projectTypes: readonly string[];
  /** Unmet design demand without new projects, Ml/day, per financial year of the horizon. */
  readonly shortfallMlPerDayByYear: Readonly<Record<number, number>>;
  /** True when any figure it comes from is illustrative. */
  readonly illustrative: boolean;
}

/** Solver settings from model.yaml. */
export interface ModelEngineSettings {
  /** Engine name from the catalogue (src/dataset/engine-catalogue.ts); default the first, highs. */
  readonly engine?: EngineName;
  /** Wall-clock limit per solve, seconds; default none. */
  readonly timeLimitSeconds?: number;
  /** Relative MIP gap at which a solve stops and counts as optimal; default the engine's (HiGHS 1e-4). */
  readonly relativeGap?: number;
  /**
   * How the portfolio's start decisions are written for the engine (model.yaml
   * `engine.start_variables`): `cumulative` ("started by year t", src/program/cumulative-starts.ts)
   * or `single` ("starts in year t", as built); default cumulative below a 1% gap, single at 1% or
   * more. The same plans either way.
   */
  readonly startVariables?: 'single' | 'cumulative';
  /**
   * Solve the portfolio MILP by a race of two HiGHS runs (seeds `randomSeed` and the next) on two
   * worker threads, the first to prove the gap winning (model.yaml `engine.race`,
   * src/solve/highs-race.ts); default false.
   */
  readonly race?: boolean;
  /** HiGHS `random_seed` (model.yaml `engine.random_seed`), a whole number from 0; default 0. */
  readonly randomSeed?: number;
}

/** One indicator row: a municipality and its value per declared indicator id. */
export interface IndicatorRow {
  /** Demarcation code. */
  readonly municipalityCode: string;
  /** Value per indicator id (units in the id). */
  readonly values: Readonly<Record<string, number>>;
  /** True when generated, not published. */
  readonly illustrative: boolean;
}

/** Project status in the register. */
export type ProjectStatus = 'candidate' | 'committed' | 'excluded';

/** The spheres of government that own projects (the District Development Model's One Plan brings them together). */
export const OWNER_SPHERES = ['national', 'provincial', 'municipal'] as const;
/** A sphere of government. */
export type OwnerSphere = (typeof OWNER_SPHERES)[number];

/** Who owns a project: a sphere and, within it, the department or municipality. */
export interface ProjectOwner {
  /** National, provincial or municipal. */
  readonly sphere: OwnerSphere;
  /** The department (national or provincial), or the municipality's name (municipal). */
  readonly name: string;
}

/** A candidate project of the bulk master plan register. */
export interface Project {
  /** Unique id, e.g. `WC011-W-01`. */
  readonly id: string;
  /** Demarcation code of the municipality. */
  readonly municipalityCode: string;
  /** The service. */
  readonly service: Service;
  /** Category, e.g. `water_treatment_upgrade`. */
  readonly type: string;
  /** One line for the reader. Free text from the input: never treat as a formula. */
  readonly description: string;
  /** Capital cost in rand. */
  readonly capexRand: number;
  /** Spending in rand per build year, starting with the start year; sums to capexRand. */
  readonly cashFlowRandByBuildYear: readonly number[];
  /** Backlog households brought to the basic level. */
  readonly householdsServed: number;
  /** Capacity added in Ml/day. */
  readonly capacityAddedMlPerDay: number;
  /** Earliest start, financial year (2026 = 2026/27). */
  readonly earliestStartYear: number;
  /** Latest start, financial year. */
  readonly latestStartYear: number;
  /** Ids of projects that must be complete before this one starts. */
  readonly prerequisiteIds: readonly string[];
  /** Mutually exclusive group, or null. */
  readonly exclusiveGroup: string | null;
  /** Funding source ids the project may draw on. */
  readonly fundingSourceIds: readonly string[];
  /** Register status. */
  readonly status: ProjectStatus;
  /** Explicit benefit score replacing the derived benefit, or null. */
  readonly benefitOverride: number | null;
  /** Running cost in rand per financial year from its completion year to the end of the horizon, charged to its operating sources; 0 for none. */
  readonly operatingCostRandPerYear: number;
  /** For a centre of a facility service: hub, satellite or mobile route; null for other projects. */
  readonly facilityType: FacilityType | null;
  /** Block ids of the service model a centre offers; empty for other projects. */
  readonly blocksOffered: readonly string[];
  /** Anchor departments committed to serve at a centre; empty when none (then it does not count). */
  readonly anchorDepartments: readonly string[];
  /** People within reach of a centre; 0 for other projects. */
  readonly populationWithinReach: number;
  /** True when generated, not published. */
  readonly illustrative: boolean;
  /**
   * Who owns it (projects.csv `owner_sphere`, `owner_name`). The loader always sets it (municipal and
   * the municipality's name when the columns are absent or empty); absent only in Datasets built in
   * code, which read it through ownerOf (src/dataset/owners.ts) with the same default.
   */
  readonly owner?: ProjectOwner;
  /** `masterplan` for a row the master plan generated, `planner` for the planner's own; absent when the file does not say (the planner's). */
  readonly origin?: 'planner' | 'masterplan';
  /**
   * projects.csv `generated_fingerprint`: the digest of the row as the master plan wrote it
   * (src/dataset/generated-fingerprint.ts). A row the master plan wrote whose values still match it
   * is regenerated; one that no longer matches is a planner's edit and is planned as written
   * (docs/masterplan.md). Absent on the planner's rows and on rows written before the column.
   */
  readonly generatedFingerprint?: string;
  /** The spreadsheet row of projects.csv the loader read it from (header is row 1), for warnings that name the row; absent in Datasets built in code. */
  readonly sourceRow?: number;
}

/** The fields of a project that is not a centre and has no running cost, for code that builds projects. */
export const NO_FACILITY_FIELDS = Object.freeze({
  operatingCostRandPerYear: 0,
  facilityType: null,
  blocksOffered: Object.freeze([]) as readonly string[],
  anchorDepartments: Object.freeze([]) as readonly string[],
  populationWithinReach: 0,
} as const);

/** A funding source with its yearly envelopes. */
export interface FundingSource {
  /** Id, e.g. `RBIG`. */
  readonly id: string;
  /** Name, e.g. `Regional Bulk Infrastructure Grant`. */
  readonly name: string;
  /** Whether unspent money may be carried to the next year. */
  readonly carryOver: boolean;
  /** Capital (build cash flows) or operating (running costs); default capital. */
  readonly purpose: FundingPurpose;
  /** Envelope in rand per financial year (missing years have no money). */
  readonly envelopeRandByYear: Readonly<Record<number, number>>;
  /** True when generated, not published. */
  readonly illustrative: boolean;
  /** Set on a source made from ring-fenced money (src/dataset/ring-fences.ts): the one project that may draw on it and the source it is of. */
  readonly ringFencedFor?: { readonly projectId: string; readonly parentSourceId: string };
}

/** Where a table came from, for the run manifest. */
export interface SourceFile {
  /** Path as given to the loader. */
  readonly path: string;
  /** SHA-256 of the file's bytes, hex. */
  readonly sha256: string;
}

/** A validated planning model. */
export interface Dataset {
  /** model.yaml. */
  readonly config: ModelConfig;
  /** Municipalities in file order. */
  readonly municipalities: readonly Municipality[];
  /** Needs, one per municipality and service present in the file. */
  readonly needs: readonly ServiceNeed[];
  /** Indicator rows, one per municipality. */
  readonly indicators: readonly IndicatorRow[];
  /** Project register in file order. */
  readonly projects: readonly Project[];
  /** Funding sources in order of first appearance. */
  readonly fundingSources: readonly FundingSource[];
  /** Existing facilities of the facility services (facilities.csv), in file order; empty when the model has none. */
  readonly facilities: readonly Facility[];
  /** The files read, with hashes. */
  readonly sourceFiles: readonly SourceFile[];
  /** Remarks from loading worth showing the user (e.g. CSV files used although model.xlsx exists); absent when none. */
  readonly loadNotes?: readonly string[];
  /**
   * Warnings found in loading that do not stop the model, each on its file and row: likely
   * duplicate projects across owners (src/dataset/likely-duplicates.ts), projects of one
   * municipality and service that together serve more than its backlog (servedBeyondBacklogWarnings); absent when none.
   */
  readonly loadWarnings?: readonly DataProblem[];
  /** Decisions held from a baseline plan (`--lock-years`), a rule of its own (src/rules/baseline-lock.ts); absent when none. */
  readonly baselineLock?: BaselineLock;
  /** Existing bulk assets (assets.csv) in file order; absent or empty when the model has none (the master plan then derives treatment works from needs). */
  readonly assets?: readonly Asset[];
  /** Explicit projection rows (projections.csv); absent when none. */
  readonly projections?: readonly ProjectionRow[];
  /**
   * The master plan's capacity balances, set by the master plan stage when a run uses it: the
   * portfolio then counts a capacity project's benefit as the shortfall it closes. Absent otherwise.
   */
  readonly capacityBalances?: readonly CapacityBalance[];
  /**
   * Cost changes still to apply (a scenario's `cost_escalation_percent`, a stress draw's overruns).
   * The pipeline applies them to the register the program is built from, after the master plan
   * stage merged its generated rows (src/dataset/cost-factors.ts), and drops the field; absent
   * when there are none or they have been applied.
   */
  readonly costFactors?: CostFactors;
  /**
   * Money ring-fenced for one project each (a scenario's `ring_fenced`, an answer of `explain`).
   * The pipeline turns each into a funding source only that project names (src/dataset/ring-fences.ts),
   * after the master plan stage, which regenerates rows of origin `masterplan`; the list is kept, so
   * planning the result again rebuilds the same sources. Absent when there is none.
   */
  readonly ringFences?: readonly RingFence[];
}

/** Rand of one source in one financial year ring-fenced for one project (scenario key `ring_fenced`). Plain data. */
export interface RingFence {
  /** The project the money is for. */
  readonly projectId: string;
  /** The source the money is of (its purpose, carry-over and rules): `MIG`. */
  readonly sourceId: string;
  /** Financial year (2026 = 2026/27). */
  readonly financialYear: number;
  /** Rand, on top of the source's envelope, that only the project may spend (>= 0). */
  readonly amountRand: number;
}

/**
 * Factors on project costs (capex and every build year's cash flow), applied once to the planned
 * register. Plain data, so a Dataset carrying them crosses worker threads.
 */
export interface CostFactors {
  /** Factor on every project's cost (1.5 = 50% escalation); default 1. */
  readonly escalationFactor?: number;
  /** Factor per project id on top of the escalation (a stress draw's overruns); a project not listed keeps factor 1. */
  readonly factorByProjectId?: Readonly<Record<string, number>>;
}

/**
 * A baseline plan's decisions (`--baseline`): the start year of every project it lists, null when
 * it left the project unfunded. Plain data (no Map), so it crosses worker threads.
 */
export interface BaselineDecisions {
  /** The file the decisions were read from, for messages and reports. */
  readonly source: string;
  /** Model name the baseline plan was made for. */
  readonly modelName: string;
  /** Start financial year per project id, null for a project the baseline did not fund. */
  readonly startYearByProjectId: Readonly<Record<string, number | null>>;
  /**
   * How the baseline paid each funded project: its spending lines by year and source, capital
   * and running costs (plan.json `spending`, `operatingSpending`). Absent when the baseline file
   * does not give them; a plan then keeps the decisions but not necessarily the split.
   */
  readonly spendingByProjectId?: Readonly<Record<string, readonly BaselineSpendingLine[]>>;
  /**
   * The planning fields the baseline plan records for each project it lists (plan.json
   * `projects`), to tell which projects the planner edited since; absent when the file gives none.
   */
  readonly projectFieldsById?: Readonly<Record<string, BaselineProjectFields>>;
  /**
   * The input files of the baseline run with their SHA-256 (manifest.json next to plan.json), to
   * tell which inputs differ; absent without a manifest.
   */
  readonly inputFiles?: readonly SourceFile[];
  /** The needs the baseline planned (plan.json `inputs.needs`), to list the rows that changed; absent in a plan.json written before it. */
  readonly needs?: readonly BaselineNeed[];
  /** The envelope of every source and horizon year the baseline planned (plan.json `envelopeUse`), to list the amounts that changed; absent when the file gives none. */
  readonly envelopes?: readonly BaselineEnvelope[];
  /** Carry-over and purpose of each source the baseline planned (plan.json `inputs.fundingSources`); absent in a plan.json written before it. */
  readonly fundingSources?: readonly BaselineFundingSource[];
}

/** One need row as a baseline plan.json records it (plan.json `inputs.needs`). */
export interface BaselineNeed {
  /** Demarcation code. */
  readonly municipalityCode: string;
  /** Service id. */
  readonly service: string;
  /** Backlog in the service's need unit (ServiceNeed `backlogHouseholds`). */
  readonly backlogHouseholds: number;
  /** Existing treatment capacity, Ml/day, or null when not known. */
  readonly treatmentCapacityMlPerDay: number | null;
  /** Current demand or inflow, Ml/day, or null when not known. */
  readonly demandMlPerDay: number | null;
}

/** A source's envelope in one financial year as a baseline plan.json records it (`envelopeUse`). */
export interface BaselineEnvelope {
  /** Funding source id. */
  readonly sourceId: string;
  /** Financial year (2026 = 2026/27). */
  readonly financialYear: number;
  /** Envelope, rand (after the baseline's scenario). */
  readonly envelopeRand: number;
}

/** A source's settings as a baseline plan.json records them (plan.json `inputs.fundingSources`). */
export interface BaselineFundingSource {
  /** Funding source id. */
  readonly id: string;
  /** Whether unspent money carried to the next year. */
  readonly carryOver: boolean;
  /** Capital or operating. */
  readonly purpose: string;
}

/** The planning fields of a project that a baseline plan.json records (each absent when the file does not give it). */
export interface BaselineProjectFields {
  /** Demarcation code. */
  readonly municipalityCode?: string;
  /** Service id. */
  readonly service?: string;
  /** Project type. */
  readonly type?: string;
  /** Capital cost, rand. */
  readonly capexRand?: number;
  /** Backlog households served. */
  readonly householdsServed?: number;
  /** Capacity added, Ml/day. */
  readonly capacityAddedMlPerDay?: number;
}

/** One line of a baseline project's spending: rand from a source in a financial year. */
export interface BaselineSpendingLine {
  /** Financial year (2026 = 2026/27). */
  readonly financialYear: number;
  /** Funding source id. */
  readonly sourceId: string;
  /** Capital (the cash flow) or operating (running costs). */
  readonly purpose: 'capital' | 'operating';
  /** Rand. */
  readonly amountRand: number;
}

/**
 * `--lock-years N`: the first N financial years of the horizon are already budgeted (the MTEF
 * years). The projects the baseline starts in them keep exactly those starts, and no other
 * project may start in them.
 */
export interface BaselineLock {
  /** The baseline file, for conflict messages. */
  readonly source: string;
  /** N of --lock-years. */
  readonly lockYears: number;
  /** Last financial year that is locked (first year of the horizon + N - 1). */
  readonly lastLockedYear: number;
  /** The baseline's start year of each project it starts in a locked year. */
  readonly startYearByProjectId: Readonly<Record<string, number>>;
}
