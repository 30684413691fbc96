/**
 * Types of the bulk master plan stage: what it reads (bulk assets, the demand assumptions of
 * model.yaml, and a small structural view of the Dataset) and what it produces (the MasterPlan).
 *
 * The stage is a pure function between loading and the program. Services are data: every service
 * id is a plain string, and what a service's demand is made of (consumption per person, or a return
 * flow of another service's consumption) is a setting, never a code path.
 *
 * Financial years are the calendar year they start in (2026 = 2026/27), as everywhere in infraplan.
 * Every series of yearly values (`...ByYear`) is aligned with `MasterPlan.years`.
 */

/** The bulk asset types of the master plan, in report order (source to tap, then wastewater). */
export const ASSET_TYPES = [
  'raw_water_source',
  'water_treatment_works',
  'bulk_water_pipeline',
  'reservoir_storage',
  'wastewater_treatment_works',
  'bulk_sewer',
] as const;

/**
 * A bulk asset type: `raw_water_source` (a source or bulk supply yield), `water_treatment_works`,
 * `bulk_water_pipeline`, `reservoir_storage`, `wastewater_treatment_works` or `bulk_sewer`.
 */
export type AssetType = (typeof ASSET_TYPES)[number];

/** The unit of an asset's capacity: `Ml/day` for flows, `Ml` for reservoir storage. */
export type CapacityUnit = 'Ml/day' | 'Ml';

/** Which flow a service's demand is: water drawn by consumers, or wastewater returned by them. */
export type DemandBasis = 'consumption' | 'return_flow';

/** One existing bulk asset of a municipality (a row of the planned `assets.csv`). */
export interface BulkAsset {
  /** Unique id, e.g. `WC044-WTW-01`. */
  readonly id: string;
  /** Demarcation code of the municipality it serves. */
  readonly municipalityCode: string;
  /** Service id, e.g. `water`; must have demand settings in `DemandAssumptions.services`. */
  readonly service: string;
  /** The asset type; decides which design demand the capacity is compared with. */
  readonly assetType: AssetType;
  /** Capacity in `capacityUnit`: Ml/day for works, sources, pipelines and sewers; Ml for reservoirs. */
  readonly capacity: number;
  /** Unit of `capacity`; must be the one the asset type uses (`Ml` for reservoir_storage, else `Ml/day`). */
  readonly capacityUnit: CapacityUnit;
  /** Calendar year built, or null when not known. Reported only; no useful life is assumed from it. */
  readonly yearBuilt: number | null;
  /**
   * Remaining useful life in years from the base year, or null when not known. When known, the
   * asset's capacity counts in the financial years base … base + remainingLifeYears − 1 only.
   */
  readonly remainingLifeYears: number | null;
  /** Length in km, required for pipelines and sewers whose cost curve is per km; null otherwise. */
  readonly lengthKm: number | null;
  /**
   * For reservoirs: the source arrangement that sets the storage hours (a key of
   * `DemandAssumptions.storageHoursBySourceArrangement`), or null for the default arrangement.
   */
  readonly sourceArrangement: string | null;
  /** True when the asset's figures were generated, not published. */
  readonly illustrative: boolean;
  /** The input row it came from (an assets row, or the needs row whose treatment capacity it stands for), so a problem names it; absent when built in code. */
  readonly source?: InputRowSource;
}

/** An input table row: the table and its spreadsheet row number (the header is row 1). */
export interface InputRowSource {
  /** The table (its file is `<table>.csv`, or the sheet of model.xlsx). */
  readonly table: 'municipalities' | 'needs' | 'assets' | 'projections';
  /** Spreadsheet row number. */
  readonly row: number;
}

/** A municipality as the stage reads it: the Census figures of `Dataset.municipalities`. */
export interface MasterPlanMunicipality {
  /** Demarcation code, e.g. `WC044`. */
  readonly code: string;
  /** Name, e.g. `George`. */
  readonly name: string;
  /** MIIF category (`A` metro … `B4`); selects the funding sources of generated projects. */
  readonly miifCategory: string;
  /** Persons, Census 2011. */
  readonly population2011: number;
  /** Persons, Census 2022. */
  readonly population2022: number;
  /** Households, Census 2011. */
  readonly households2011: number;
  /** Households, Census 2022. */
  readonly households2022: number;
  /** True when the row's figures were generated, not published. */
  readonly illustrative: boolean;
  /** Spreadsheet row it was read from (the header is row 1), so a problem names it; absent when built in code. */
  readonly sourceRow?: number;
}

/** The backlog of one service in one municipality, as in `Dataset.needs`. */
export interface MasterPlanNeed {
  /** Demarcation code of the municipality. */
  readonly municipalityCode: string;
  /** Service id. */
  readonly service: string;
  /** Households below the basic service level today. */
  readonly backlogHouseholds: number;
  /**
   * Households per service level id (keys of the service's `serviceLevels`), for a unit demand
   * weighted by the Census service levels; absent or null to use the backlog split (see
   * `ConsumptionSettings`).
   */
  readonly householdsByServiceLevel?: Readonly<Record<string, number>> | null;
  /** True when the row's figures were generated, not published. */
  readonly illustrative: boolean;
  /** Spreadsheet row it was read from (the header is row 1), so a problem names it; absent when built in code. */
  readonly sourceRow?: number;
}

/** Register status, as in `Dataset.projects`. */
export type RegisterStatus = 'candidate' | 'committed' | 'excluded';

/**
 * A row of the planner's project register, structurally the `Project` of `src/dataset/types.ts`
 * (with the service as a plain id), so `dataset.projects` can be passed as it is.
 */
export interface RegisterProject {
  /** Unique id, e.g. `WC011-W-01`. */
  readonly id: string;
  /** Demarcation code of the municipality. */
  readonly municipalityCode: string;
  /** Service id. */
  readonly service: string;
  /** Project type, e.g. `water_treatment_upgrade`; mapped to an asset type by `registerProjectTypes`. */
  readonly type: string;
  /** One line for the reader. */
  readonly description: string;
  /** Capital cost in rand. */
  readonly capexRand: number;
  /** Spending in rand per build year, starting with the start year; sums to capexRand. */
  readonly cashFlowRandByBuildYear: readonly number[];
  /** Backlog households brought to the basic level. */
  readonly householdsServed: number;
  /** Capacity added in Ml/day (for a reservoir: the daily flow its storage balances). */
  readonly capacityAddedMlPerDay: number;
  /** Earliest start, financial year. */
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
  readonly status: RegisterStatus;
  /** Explicit benefit score replacing the derived benefit, or null. */
  readonly benefitOverride: number | null;
  /** True when generated, not published. */
  readonly illustrative: boolean;
}

/** One row of an explicit population projection (the `table` growth method): the dataset's projections.csv row. */
import type { ProjectionRow } from '../dataset/types.js';
export type { ProjectionRow };

/** Everything the stage reads from a model besides the assumptions. */
export interface MasterPlanInput<P extends RegisterProject = RegisterProject> {
  /** First financial year of the planning horizon (model.yaml `base_financial_year`). */
  readonly baseFinancialYear: number;
  /** Number of financial years planned (model.yaml `horizon_years`). */
  readonly horizonYears: number;
  /** Municipalities in model order; the plan keeps this order. */
  readonly municipalities: readonly MasterPlanMunicipality[];
  /** Backlogs per municipality and service. */
  readonly needs: readonly MasterPlanNeed[];
  /** Existing bulk assets. */
  readonly assets: readonly BulkAsset[];
  /** The planner's register; committed rows add capacity from completion, all rows take part in the merge. */
  readonly register: readonly P[];
  /** Explicit projection rows, read when `growth.method` is `table`; otherwise ignored. */
  readonly projectionRows?: readonly ProjectionRow[];
  /**
   * The declared label of each service id (model.yaml `services:`, e.g. `thusong` → `Thusong
   * service centres`), for the notes an official reads; default none (a note then names the id).
   */
  readonly serviceLabels?: Readonly<Record<string, string>>;
  /**
   * Ids of facility services (model.yaml services with blocks, e.g. `thusong`): their need is met by
   * centres (the roll-out), never by a bulk backlog programme, so a backlog without master plan
   * backlog settings is not worth a note for them; default none.
   */
  readonly facilityServiceIds?: readonly string[];
}

/** Growth from the Census 2011 and 2022 counts at their compound rate. */
export interface CensusCompoundGrowth {
  /** The method. */
  readonly method: 'census_compound';
  /**
   * Percentage points added to every municipality's compound growth rate (a scenario's "high
   * growth" lever); default 0.
   */
  readonly additionalGrowthPercentPerYear: number;
  /**
   * Years between the Census nights of October 2011 and February 2022; default 10.33, the interval
   * Stats SA uses for its published growth rates.
   */
  readonly censusIntervalYears: number;
  /**
   * The financial year at whose end the Census 2022 counts stand; default 2021 (the Census night
   * of 2–3 February 2022 falls in 2021/22), so financial year y is y − 2021 years later.
   */
  readonly censusFinancialYear: number;
}

/** Growth from an explicit projection table (`MasterPlanInput.projectionRows`), e.g. from a WSDP. */
export interface TableGrowth {
  /** The method. */
  readonly method: 'table';
}

/**
 * How population and households are projected; default Census 2011–2022 compound rate (DWAF
 * 2004: "growth as projected in the municipality's Water Services Development Plan" — a table
 * taken from the WSDP is the `table` method).
 */
export type GrowthProjection = CensusCompoundGrowth | TableGrowth;

/** A service level with its unit demand. */
export interface ServiceLevel {
  /** Id, e.g. `house_connection`. */
  readonly id: string;
  /** Litres per person per day at this level. */
  readonly litresPerPersonPerDay: number;
}

/** Demand settings of a service whose demand is water drawn by consumers. */
export interface ConsumptionSettings {
  /** The basis. */
  readonly basis: 'consumption';
  /**
   * Unit demand by service level, litres per person per day. Default: `house_connection` 130,
   * `yard_tap` 80, `standpipe` 25 (Palmer Development Group 1996, per DOMAIN.md; 25 l is also the
   * basic water service of Government Gazette 41100, 8 September 2017).
   */
  readonly serviceLevels: readonly ServiceLevel[];
  /** Level of households above the backlog when a need has no service-level split; default `house_connection`. */
  readonly servedServiceLevelId: string;
  /** Level of backlog households (the basic level the plan must at least provide); default `standpipe` (25 l). */
  readonly backlogServiceLevelId: string;
  /** Unit demand per municipality code, l/person/day, replacing the Census-based default; default none. */
  readonly unitDemandLitresPerPersonPerDayByMunicipality: Readonly<Record<string, number>>;
  /**
   * Non-revenue water as a share of system input, 0..1; default 0.346 (No Drop 2015: 34.6%
   * nationally in 2012/13). Gross demand = AADD / (1 − share); 1/11 reproduces DWAF's 1.1 × AADD.
   */
  readonly nonRevenueWaterShare: number;
  /** Losses at the treatment works as a share of output, 0..1; default 0.1 (DWAF 2004: 10%). */
  readonly treatmentLossShare: number;
  /** Summer peak factor on gross demand; default 1.35, the middle of DWAF 2004's 1.2–1.5. */
  readonly summerPeakFactor: number;
  /** Hours a day works and pumps run, 1..24; default 20 (DWAF 2004). */
  readonly pumpingHoursPerDay: number;
}

/** Demand settings of a service whose demand is wastewater returned from another service's consumption. */
export interface ReturnFlowSettings {
  /** The basis. */
  readonly basis: 'return_flow';
  /** The consumption service whose water use returns, e.g. `water`. */
  readonly sourceService: string;
  /** Share of water use (AADD) that returns as wastewater, 0..1; default 0.75 (DOMAIN.md: 70–90%; the generator's 0.75). */
  readonly returnShare: number;
  /**
   * Peak factor of bulk sewers on average inflow; default 1. DOMAIN.md gives no figure (the Red
   * Book section K has peak and infiltration factors); 1 keeps the generator's sizing.
   */
  readonly sewerPeakFactor: number;
}

/** Funding sources of a kind of generated project. */
export interface FundingRule {
  /** Source ids, in order. */
  readonly sourceIds: readonly string[];
  /** Source ids for municipalities of a MIIF category, replacing `sourceIds` (metros `A` receive no RBIG, MIG or WSIG). */
  readonly sourceIdsByMiifCategory: Readonly<Record<string, readonly string[]>>;
}

/** Backlog eradication programmes of a service. */
export interface BacklogSettings {
  /** Register type of the programmes; default `backlog_eradication`. */
  readonly projectType: string;
  /** Words for the description, e.g. `water backlog eradication (yard connections)`. */
  readonly description: string;
  /** Capital cost per household brought to the basic level, rand; default water 22 000, sanitation 38 000 (the generator's MIG-norm assumptions). */
  readonly unitCostRandPerHousehold: number;
  /** Share of the backlog served by phase 1, 0..1; default 0.4. */
  readonly phaseOneShare: number;
  /** Backlogs below this many households get a single phase; default 500. */
  readonly singlePhaseBelowHouseholds: number;
  /** Cash flow percent per build year of phase 1 and phase 2 (a single phase uses phase 1's); default 50;50 and 30;40;30. */
  readonly cashFlowPercentByPhase: readonly (readonly number[])[];
  /** Years after the base year that phase 2 may start at the earliest; default 2. */
  readonly phaseTwoStartOffsetYears: number;
  /** Years between earliest and latest start; default 4. */
  readonly startWindowYears: number;
  /** Funding sources. */
  readonly funding: FundingRule;
}

/** Demand and backlog settings of one service. */
export interface ServiceSettings {
  /** Service id, e.g. `water`. */
  readonly service: string;
  /** Letter(s) used in generated project ids, e.g. `W` (`WC044-W-WTW-1`). */
  readonly idPrefix: string;
  /** How the service's demand is formed. */
  readonly demand: ConsumptionSettings | ReturnFlowSettings;
  /** Backlog programmes, or null to generate none. */
  readonly backlog: BacklogSettings | null;
}

/**
 * A cost curve `C = (fixedRand + a × Q^b) × L`: Q the size in the asset type's unit (Ml/day, or Ml
 * for storage), L the length in km when `perKm`, else 1. DOMAIN.md: no published unit-cost table
 * was found, so curves set in the model are the honest default.
 */
export interface CostCurve {
  /** Coefficient a, rand per unit of Q^b (per km when `perKm`). */
  readonly coefficientRand: number;
  /** Exponent b (1 = cost proportional to size; below 1 = economies of scale). */
  readonly exponent: number;
  /** Fixed part, rand (per km when `perKm`); default 0. */
  readonly fixedRand: number;
  /** True when the cost is per km of the asset's length. */
  readonly perKm: boolean;
}

/** One way of providing an asset type's capacity (several options form an exclusive group). */
export interface UpgradeOption {
  /** Register type of the generated project, e.g. `water_treatment_upgrade`. */
  readonly projectType: string;
  /** Short code used in ids when there are several options, e.g. `groundwater`. */
  readonly code: string;
  /** Words for the description, e.g. `water treatment works extension`. */
  readonly description: string;
  /** Cost curve. */
  readonly costCurve: CostCurve;
  /** Share of capex per build year, percent, summing to 100; its length is the build time in years. */
  readonly cashFlowPercent: readonly number[];
}

/** Planning settings of one asset type. */
export interface AssetTypeSettings {
  /**
   * Years an upgrade must carry the asset from its shortfall year; default 10 for every type
   * (DWAF 2004: 10 years for pipelines; 5–10 years for treatment works and other works — the upper end).
   */
  readonly designHorizonYears: number;
  /**
   * Years from a project's start to its capacity being needed: earliest start = shortfall year −
   * lead time. Default 5 for treatment works and sources (DOMAIN.md: about 5–6 years for large
   * works, Macassar WWTW), 3 for pipelines, sewers and reservoirs (infraplan assumption: a year of
   * design before the generator's two-year build).
   */
  readonly leadTimeYears: number;
  /** Years between earliest and latest start of a generated project; default 4 (the generator's windows). */
  readonly startWindowYears: number;
  /** Sizes are rounded up to a whole number of modules, in the type's unit; default 0.5 (the generator's module). */
  readonly moduleSize: number;
  /** Shares of an upgrade built in successive phases, summing to 1; default 0.6;0.4 for treatment works, 1 otherwise. */
  readonly phaseShares: readonly number[];
  /** Asset types whose first generated project must be complete before this type's projects start (default: pipelines and reservoirs after the treatment works, sewers after the wastewater works). */
  readonly prerequisiteAssetTypes: readonly AssetType[];
  /** Register project types that count as this asset type (for committed capacity and the merge). */
  readonly registerProjectTypes: readonly string[];
  /** The ways of providing capacity; more than one become mutually exclusive alternatives (then `phaseShares` must be `[1]`). */
  readonly options: readonly UpgradeOption[];
  /** Funding sources of generated projects. */
  readonly funding: FundingRule;
}

/**
 * The demand assumptions of the master plan (the planned model.yaml `masterplan:` block). Each is a
 * setting a scenario can change; defaults and sources are in `DEFAULT_DEMAND_ASSUMPTIONS` and
 * docs/masterplan.md.
 */
export interface DemandAssumptions {
  /** Population and household projection; default Census 2011–2022 compound rate. */
  readonly growth: GrowthProjection;
  /** Demand and backlog settings per service id. */
  readonly services: readonly ServiceSettings[];
  /**
   * Reservoir storage in hours of AADD per source arrangement; default `single_pumped_source` 48,
   * `multiple_sources` 36, `gravity_source` 24 (DWAF 2004).
   */
  readonly storageHoursBySourceArrangement: Readonly<Record<string, number>>;
  /** Arrangement of reservoirs that name none; default `single_pumped_source` (48 hours, the generator's). */
  readonly defaultSourceArrangement: string;
  /** Settings per asset type. */
  readonly assetTypes: Readonly<Record<AssetType, AssetTypeSettings>>;
  /** Capital costs are rounded to this many rand (at least one unit); default 100 000. */
  readonly capexRoundingRand: number;
  /** True when the assumptions are planning norms rather than the municipality's own figures; marks every generated cost illustrative. Default true. */
  readonly illustrative: boolean;
}

/** Population and households of one municipality per year. */
export interface MunicipalityProjection {
  /** Demarcation code. */
  readonly municipalityCode: string;
  /** How the figures were projected. */
  readonly method: GrowthProjection['method'];
  /** Compound population growth, percent per year (census method; null for a table). */
  readonly populationGrowthPercentPerYear: number | null;
  /** Persons at the end of each financial year of `MasterPlan.years`. */
  readonly populationByYear: readonly number[];
  /** Households at the end of each financial year. */
  readonly householdsByYear: readonly number[];
  /** True when the municipality's figures are illustrative. */
  readonly illustrative: boolean;
}

/** Demand of one service in one municipality per year. */
export interface ServiceDemand {
  /** Demarcation code. */
  readonly municipalityCode: string;
  /** Service id. */
  readonly service: string;
  /** The basis of the demand. */
  readonly basis: DemandBasis;
  /** Unit demand, l/person/day (consumption services; null for a return flow). */
  readonly unitDemandLitresPerPersonPerDay: number | null;
  /**
   * Annual average daily demand, Ml/day: consumers' water use (AADD) for a consumption service,
   * average wastewater inflow for a return flow.
   */
  readonly averageMlPerDayByYear: readonly number[];
  /** Gross demand (system input including non-revenue water), Ml/day; equals the average for a return flow. */
  readonly grossMlPerDayByYear: readonly number[];
  /** True when any figure it comes from is illustrative. */
  readonly illustrative: boolean;
}

/** One asset's own capacity per year. */
export interface AssetCapacity {
  /** Asset id. */
  readonly assetId: string;
  /** Capacity per year (zero after its remaining life), in the balance's unit. */
  readonly capacityByYear: readonly number[];
}

/** A committed register project counted as capacity. */
export interface CommittedAddition {
  /** Project id. */
  readonly projectId: string;
  /** First financial year in service: latest start + build years (the latest possible completion, so no shortfall is hidden). */
  readonly inServiceYear: number;
  /** Capacity added, in the balance's unit (storage converted from the register's Ml/day). */
  readonly capacity: number;
}

/** One phase of an upgrade. */
export interface UpgradePhase {
  /** Capacity, in the balance's unit (a whole number of modules). */
  readonly size: number;
  /** First year the capacity before this phase falls short of design demand. */
  readonly shortfallYear: number;
}

/** An upgrade the asset needs to carry it through one design horizon. */
export interface UpgradeNeed {
  /** First year design demand exceeds capacity (including earlier upgrades). */
  readonly shortfallYear: number;
  /** Last year the upgrade must carry: shortfall year + design horizon − 1. */
  readonly designYear: number;
  /** Largest gap between design demand and capacity over shortfall year … design year, in the unit. */
  readonly capacityNeeded: number;
  /** Phases (their sizes add up to `capacityNeeded` rounded up to whole modules). */
  readonly phases: readonly UpgradePhase[];
}

/** Demand against capacity of one asset type of one service in one municipality. */
export interface AssetBalance {
  /** Demarcation code. */
  readonly municipalityCode: string;
  /** Service id. */
  readonly service: string;
  /** Asset type. Demand is known per municipality, not per scheme, so assets of one type are added up. */
  readonly assetType: AssetType;
  /** Unit of capacities and demands. */
  readonly capacityUnit: CapacityUnit;
  /** The assets of this type, with their own capacity per year. */
  readonly assets: readonly AssetCapacity[];
  /** Committed register projects counted from their in-service year. */
  readonly committedAdditions: readonly CommittedAddition[];
  /** Storage hours used (reservoirs only; null otherwise). */
  readonly storageHours: number | null;
  /** Existing plus committed capacity per year. */
  readonly capacityByYear: readonly number[];
  /** Design demand per year (see docs/masterplan.md for the formula of each type). */
  readonly designDemandByYear: readonly number[];
  /** Unmet design demand per year without new projects: max(0, design − capacity). */
  readonly shortfallByYear: readonly number[];
  /** First year design demand exceeds existing plus committed capacity, or null within `MasterPlan.years`. */
  readonly shortfallYear: number | null;
  /** Upgrades needed, in order; each starts where the previous one's design horizon runs out. */
  readonly upgrades: readonly UpgradeNeed[];
  /** True when any figure it comes from is illustrative. */
  readonly illustrative: boolean;
}

/** Whether a generated project adds capacity or serves backlog households. */
export type GeneratedKind = 'capacity_upgrade' | 'backlog_eradication';

/** A project the master plan generated, ready to become a register row (`origin = masterplan`). */
export interface GeneratedProject extends RegisterProject {
  /** Always `masterplan`. */
  readonly origin: 'masterplan';
  /** Capacity upgrade or backlog programme. */
  readonly kind: GeneratedKind;
  /** Asset type upgraded, or null for a backlog programme. */
  readonly assetType: AssetType | null;
  /** Capacity added in the asset type's unit (Ml for storage); 0 for a backlog programme. */
  readonly capacityAdded: number;
  /** Unit of `capacityAdded`. */
  readonly capacityUnit: CapacityUnit;
  /** Share of capex per build year, percent. */
  readonly cashFlowPercent: readonly number[];
  /** Phase number, 1-based, counted over the asset type's (or the backlog's) projects. */
  readonly phase: number;
  /** The shortfall year the project answers, or null for a backlog programme. */
  readonly shortfallYear: number | null;
  /** Years by which the earliest start should have been before the base year (0 = not late). */
  readonly lateByYears: number;
}

/** Key of the merge: the register rows of one municipality, service and asset type (or backlog). */
export interface MergeKey {
  /** Demarcation code. */
  readonly municipalityCode: string;
  /** Service id. */
  readonly service: string;
  /** Asset type, or `backlog` for backlog programmes. */
  readonly target: AssetType | 'backlog';
}

/** One replacement made by the merge. */
export interface MergeReplacement {
  /** What was replaced. */
  readonly key: MergeKey;
  /** The planner's rows that won (candidate or excluded rows of that key, or the copies in `exclusiveGroup`). */
  readonly plannerProjectIds: readonly string[];
  /** The generated projects dropped. */
  readonly generatedProjectIds: readonly string[];
  /**
   * The exclusive group whose copied alternatives alone were dropped (the planner's rows are
   * copies of them; the group's other alternatives stay); absent when the planner's rows replace
   * every generated project of the key.
   */
  readonly exclusiveGroup?: string;
}

/** A row of the merged register. */
export type MergedRow<P extends RegisterProject> =
  | { readonly origin: 'planner'; readonly project: P }
  | { readonly origin: 'masterplan'; readonly project: GeneratedProject };

/** The register after the planner's rows were merged with the generated ones. */
export interface MergeResult<P extends RegisterProject> {
  /** The planner's rows in register order, then the kept generated projects in plan order. */
  readonly rows: readonly MergedRow<P>[];
  /** Replacements, in plan order. */
  readonly replacements: readonly MergeReplacement[];
  /** Generated ids renamed because the planner's register already used them: old id → new id. */
  readonly renamedIds: Readonly<Record<string, string>>;
  /** Prerequisites of kept generated projects that pointed at a dropped one, rewritten to the first non-excluded planner row that replaced it (or removed). */
  readonly rewrittenPrerequisites: readonly { readonly projectId: string; readonly from: string; readonly to: string | null }[];
}

/** The bulk master plan. */
export interface MasterPlan<P extends RegisterProject = RegisterProject> {
  /** First financial year of the planning horizon. */
  readonly baseFinancialYear: number;
  /** Last financial year of the planning horizon. */
  readonly lastHorizonYear: number;
  /** The projection's financial years: the horizon and out to the longest lead time plus design horizon. */
  readonly years: readonly number[];
  /** Population and households per municipality, in model order. */
  readonly projections: readonly MunicipalityProjection[];
  /** Demand per municipality and service. */
  readonly demands: readonly ServiceDemand[];
  /** Demand against capacity per municipality, service and asset type. */
  readonly balances: readonly AssetBalance[];
  /** Generated candidate projects (capacity upgrades and backlog programmes), in plan order. */
  readonly candidateProjects: readonly GeneratedProject[];
  /** The register with the planner's rows merged in. */
  readonly merge: MergeResult<P>;
  /** Remarks worth showing the planner (e.g. a shortfall too late for any project to start within the plan). */
  readonly notes: readonly string[];
}

/** One problem in the stage's input, named by what it is about. */
export interface MasterPlanProblem {
  /** What the problem is about, e.g. `asset WC044-WTW-01` or `masterplan.services.water`. */
  readonly subject: string;
  /** The field or setting, e.g. `length_km`, or null. */
  readonly key: string | null;
  /** One sentence saying what is wrong. */
  readonly message: string;
  /** The input row the subject came from, when known (the error then names its file and row). */
  readonly source?: InputRowSource;
}
