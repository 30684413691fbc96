/**
 * The data of `compare`: key figures side by side, spending by municipality across scenarios, and
 * the projects whose funding differs between scenarios with each plan's reason.
 */
import type { Dataset, Service } from '../dataset/types.js';
import type { DeferralReason, PortfolioPlan, PlanService } from '../plan/types.js';
import { planFigures, type PlanFigures } from './plan-figures.js';
import { hasSolution } from '../solve/engine.js';
import { formatFinancialYear } from '../dataset/financial-year.js';
import {
  BENEFIT_PER_HOUSEHOLD,
  BENEFIT_PER_ML_PER_DAY,
  BENEFIT_PER_PERSON_WITHIN_REACH,
  DISCOUNT_RATE,
  GROWTH_WEIGHT,
  NEED_WEIGHT,
  OBJECTIVE_MEASURE,
} from '../rules/objective-settings.js';
import { policyRulesOfPlan, type DeferralRule } from './policy-deferral-rule.js';
import { differenceSummaries, noiseWarnings, statusInWords, type DifferenceSummary, type NoiseWarning } from './comparison-summary.js';

/** Spending of one municipality in every scenario. */
export interface MunicipalSpending {
  /** Demarcation code. */
  readonly municipalityCode: string;
  /** Name. */
  readonly municipalityName: string;
  /** Planned spending over the horizon per scenario (same order as `scenarios`), rand. */
  readonly spendingRandByScenario: readonly number[];
}

/** What one scenario's plan does with a project. */
export interface ProjectOutcome {
  /** Whether the plan funds it. */
  readonly funded: boolean;
  /** Start financial year when funded. */
  readonly startYear: number | null;
  /** Why not, when not funded (null when the plan has no solution). */
  readonly deferralReason: DeferralReason | null;
  /** The plan's sentence on why not. */
  readonly deferralDetail: string | null;
  /** For a `policy` reason, the rule that keeps it out and its parameter (`the minimum sanitation share of 30%`); null otherwise or when the rule records cannot name it. */
  readonly policyRule: DeferralRule | null;
}

/** A project funded in at least one scenario and not in at least one other, or funded in all with different start years. */
export interface ProjectDifference {
  /** Project id. */
  readonly projectId: string;
  /** Demarcation code. */
  readonly municipalityCode: string;
  /** Service. */
  readonly service: Service;
  /** Register capex, rand. */
  readonly capexRand: number;
  /** Outcome per scenario (same order as `scenarios`). */
  readonly outcomes: readonly ProjectOutcome[];
}

/** Planned spending per row key (a year, source, district or service) in every scenario. */
export interface ScenarioTable {
  /** What a row is (`Financial year`, `Funding source`, ...). */
  readonly rowHeader: string;
  /** Row keys in display order. */
  readonly keys: readonly string[];
  /** Label per row key. */
  readonly labels: Readonly<Record<string, string>>;
  /** Rand per row key, per scenario (same order as `scenarios`). */
  readonly randByKey: Readonly<Record<string, readonly number[]>>;
}

/** A scenario's key figures with capital and operating money apart, as the comparison shows them. */
export interface ComparedFigures extends PlanFigures {
  /** Capital envelopes over the horizon, rand. */
  readonly capitalEnvelopeRand: number;
  /** Operating envelopes over the horizon (they pay running costs only), rand. */
  readonly operatingEnvelopeRand: number;
  /** Capital spending of the funded projects, rand. */
  readonly capitalSpendingRand: number;
  /** Running costs of funded centres paid from operating sources, rand. */
  readonly runningCostsRand: number;
  /** The plan's benefit as the solver counts it (its objective), points; null without a plan. */
  readonly objectiveBenefitPoints: number | null;
  /** The solver's proven bound on the best possible benefit under this scenario, points; null when unknown. */
  readonly bestBoundBenefitPoints: number | null;
  /** The status with the proven gap in words: `proven within 0.75% of the best possible`. */
  readonly statusWords: string;
}

/** A setting that weighs benefit points and has different values in the compared scenarios. */
export interface BenefitSettingDifference {
  /** The key as a scenario writes it (`policy.benefit_per_household`, `index_weights.water_backlog_share`, `normalisation`). */
  readonly key: string;
  /** Its value in each scenario (same order as `scenarios`); null where the scenario's model has no such indicator. */
  readonly valueByScenario: readonly (number | string | null)[];
}

/** Everything `compare` reports. */
export interface ScenarioComparison {
  /** The model's services (of the first plan), in declared order. */
  readonly services: readonly PlanService[];
  /** Key figures per scenario, in the order the scenarios were given. */
  readonly scenarios: readonly ComparedFigures[];
  /** Ids of the operating sources (running costs only), in the order of `bySource`. */
  readonly operatingSourceIds: readonly string[];
  /** Overrides applied per scenario (same order). */
  readonly overridesByScenario: readonly (readonly string[])[];
  /** Municipalities in the order of the first plan. */
  readonly municipalities: readonly MunicipalSpending[];
  /** Projects whose funding differs, or funded everywhere with a start year that moved, in register order. */
  readonly differences: readonly ProjectDifference[];
  /** Planned capital spending by financial year (labels `2026/27`), with `mtefYears` the first three. */
  readonly byYear: ScenarioTable;
  /** The MTEF years (the first three of the horizon). */
  readonly mtefYears: readonly number[];
  /** Capital spending by capital source, then running costs by operating source (`operatingSourceIds`). */
  readonly bySource: ScenarioTable;
  /** Planned spending by district. */
  readonly byDistrict: ScenarioTable;
  /** Planned spending by service. */
  readonly byService: ScenarioTable;
  /**
   * The settings that weigh benefit points and differ between the scenarios (empty when every
   * scenario weighs benefit alike): then one scenario's points do not measure the same thing as
   * another's, and only households, capacity and money compare.
   */
  readonly benefitSettingDifferences: readonly BenefitSettingDifference[];
  /**
   * True when one scenario was given and compare solved the baseline (the model as given, with
   * the command line's settings) beside it, as the first scenario, so there is something to compare.
   */
  readonly baselineAdded: boolean;
  /** Every later scenario with a plan against the first: what it defers, funds and moves, and why (comparison-summary.ts). */
  readonly summaries: readonly DifferenceSummary[];
  /** Pairs of plans whose benefit differs by less than the margins they are proven within. */
  readonly noiseWarnings: readonly NoiseWarning[];
  /** With --baseline: which baseline, its lock years and the decisions each scenario changed against it (baselineLineOf of analysis-run.ts); absent without. */
  readonly baselineLine?: string;
}

/** Spending of every plan grouped by a key of the project and spending line; running costs too when `withRunningCosts`. */
function scenarioTable(
  plans: readonly PortfolioPlan[],
  rowHeader: string,
  keyOf: (project: PortfolioPlan['projects'][number], line: PortfolioPlan['projects'][number]['spending'][number]) => string,
  orderedKeys: readonly string[],
  labels: Readonly<Record<string, string>>,
  withRunningCosts = false,
): ScenarioTable {
  const randByKey: Record<string, number[]> = Object.fromEntries(orderedKeys.map((key) => [key, plans.map(() => 0)]));
  plans.forEach((plan, index) => {
    if (!hasSolution(plan)) return;
    for (const project of plan.projects) {
      if (!project.funded) continue;
      for (const line of withRunningCosts ? [...project.spending, ...project.operatingSpending] : project.spending) {
        const key = keyOf(project, line);
        randByKey[key] ??= plans.map(() => 0);
        randByKey[key][index] += line.amountRand;
      }
    }
  });
  const keys = [...orderedKeys, ...Object.keys(randByKey).filter((key) => !orderedKeys.includes(key)).sort()];
  // Rounded to the cent here, where the comparison's numbers are made.
  for (const key of keys) randByKey[key] = randByKey[key].map((rand) => Math.round(rand * 100) / 100);
  return { rowHeader, keys, labels: Object.fromEntries(keys.map((key) => [key, labels[key] ?? key])), randByKey };
}

/**
 * A plan's figures with capital and operating money apart. The plan's dataset caps households at
 * each municipality's backlog and counts people within reach of counting centres (as the run
 * workbook does, planFigures) and tells operating sources by their purpose.
 */
function comparedFigures(plan: PortfolioPlan, dataset: Dataset, operating: ReadonlySet<string>): ComparedFigures {
  const figures = planFigures(plan, dataset);
  const solved = hasSolution(plan);
  const envelopeOf = (wanted: boolean): number => plan.envelopeUse.filter((use) => operating.has(use.sourceId) === wanted).reduce((sum, use) => sum + use.envelopeRand, 0);
  const funded = solved ? plan.projects.filter((project) => project.funded) : [];
  return {
    ...figures,
    capitalEnvelopeRand: envelopeOf(false),
    operatingEnvelopeRand: envelopeOf(true),
    capitalSpendingRand: funded.reduce((sum, project) => sum + project.spending.reduce((inner, line) => inner + line.amountRand, 0), 0),
    runningCostsRand: funded.reduce((sum, project) => sum + project.operatingSpending.reduce((inner, line) => inner + line.amountRand, 0), 0),
    objectiveBenefitPoints: solved ? plan.objectiveBenefitPoints : null,
    bestBoundBenefitPoints: solved ? plan.bestBoundBenefitPoints : null,
    statusWords: statusInWords(plan.status, plan.gap),
  };
}

/**
 * The policy settings that turn a funded project into benefit points (docs/formulations.md): what
 * the objective counts, the need and growth weights, the points per household, per Ml/day and per
 * person within reach, and the discount on later starts.
 */
const BENEFIT_POLICY_SETTINGS = [OBJECTIVE_MEASURE, NEED_WEIGHT, GROWTH_WEIGHT, BENEFIT_PER_HOUSEHOLD, BENEFIT_PER_ML_PER_DAY, BENEFIT_PER_PERSON_WITHIN_REACH, DISCOUNT_RATE] as const;

/**
 * Every benefit-weighing setting whose value is not the same in all the scenarios' datasets: the
 * policy settings above, and the index settings (indicator weights, normalisation) that make the
 * need and growth indices each project's points are weighted by.
 */
export function benefitSettingDifferences(datasets: readonly Dataset[]): BenefitSettingDifference[] {
  const candidates: BenefitSettingDifference[] = [
    ...BENEFIT_POLICY_SETTINGS.map((setting) => ({ key: `policy.${setting.key}`, valueByScenario: datasets.map((dataset) => dataset.config.policy[setting.field]) })),
    { key: 'normalisation', valueByScenario: datasets.map((dataset) => dataset.config.index.normalisation) },
    ...[...new Set(datasets.flatMap((dataset) => dataset.config.indicators.map((indicator) => indicator.id)))].map((id) => ({
      key: `index_weights.${id}`,
      valueByScenario: datasets.map((dataset) => dataset.config.indicators.find((indicator) => indicator.id === id)?.weight ?? null),
    })),
  ];
  return candidates.filter((candidate) => new Set(candidate.valueByScenario).size > 1);
}

/**
 * The sentence that says the scenarios' benefit points do not compare, naming each differing
 * setting with its value per scenario, or null when every scenario weighs benefit alike. The
 * benefit chart, the Key figures sheet and the console all print this one sentence.
 */
export function benefitNotComparableWords(comparison: Pick<ScenarioComparison, 'scenarios' | 'benefitSettingDifferences'>, withValues = true): string | null {
  const differences = comparison.benefitSettingDifferences;
  if (differences.length === 0) return null;
  const names = comparison.scenarios.map((figures) => figures.scenarioName);
  // Without values (for a chart with many scenarios or settings) the keys alone, the sheet and console give the values.
  const settings = differences.map((difference) =>
    withValues ? `${difference.key} ${difference.valueByScenario.map((value, index) => `${value ?? 'none'} in ${names[index]}`).join(', ')}` : difference.key,
  );
  return `Benefit points are not comparable across these scenarios: they weigh benefit differently (${settings.join('; ')}). Compare households served, capacity and spending, not points.`;
}

/**
 * One scenario's figures as the comparison states them (compareScenarios with its dataset), for a
 * line as soon as that scenario's plan is done, before the other plans are.
 */
export function scenarioFigures(plan: PortfolioPlan, dataset: Dataset): ComparedFigures {
  const operating = new Set(dataset.fundingSources.filter((source) => source.purpose === 'operating').map((source) => source.id));
  return comparedFigures(plan, dataset, operating);
}

/**
 * Compare plans of the same model under different scenarios. `datasets` holds each plan's model
 * with its scenario applied (one per plan, same order): its backlogs cap the households served,
 * its centres count the people within reach, and its sources' purpose tells operating money apart.
 */
export function compareScenarios(plans: readonly PortfolioPlan[], datasets: readonly Dataset[], options: { readonly baselineAdded?: boolean } = {}): ScenarioComparison {
  if (plans.length === 0) throw new Error('compareScenarios needs at least one plan');
  if (datasets.length !== plans.length) throw new Error(`compareScenarios needs one dataset per plan (${plans.length} plans, ${datasets.length} datasets)`);
  const operating = new Set(datasets.flatMap((dataset) => dataset.fundingSources.filter((source) => source.purpose === 'operating').map((source) => source.id)));
  const municipalityOrder = new Map<string, string>();
  for (const plan of plans) {
    for (const municipality of plan.municipalities) {
      if (!municipalityOrder.has(municipality.municipalityCode)) municipalityOrder.set(municipality.municipalityCode, municipality.municipalityName);
    }
  }
  const municipalities = [...municipalityOrder].map(([municipalityCode, municipalityName]) => ({
    municipalityCode,
    municipalityName,
    spendingRandByScenario: plans.map((plan) =>
      hasSolution(plan) ? (plan.municipalities.find((row) => row.municipalityCode === municipalityCode)?.spendingRand ?? 0) : 0,
    ),
  }));
  const projectOrder = new Map<string, PortfolioPlan['projects'][number]>();
  for (const plan of plans) for (const project of plan.projects) if (!projectOrder.has(project.id)) projectOrder.set(project.id, project);
  // The rule behind each policy deferral, as each plan records it (the model gives the words their service and lock).
  const policyRules = plans.map((plan, index) =>
    hasSolution(plan) && plan.projects.some((project) => project.deferralReason === 'policy') ? policyRulesOfPlan(plan, datasets[index]) : new Map<string, DeferralRule>(),
  );
  const projectsById = plans.map((plan) => new Map(plan.projects.map((project) => [project.id, project])));
  const differences: ProjectDifference[] = [];
  for (const [projectId, first] of projectOrder) {
    const outcomes = plans.map((plan, index): ProjectOutcome => {
      const project = projectsById[index].get(projectId);
      if (!project || !hasSolution(plan)) return { funded: false, startYear: null, deferralReason: null, deferralDetail: hasSolution(plan) ? 'not in this plan' : `no plan (${plan.status})`, policyRule: null };
      return { funded: project.funded, startYear: project.startYear, deferralReason: project.deferralReason, deferralDetail: project.deferralDetail, policyRule: policyRules[index].get(projectId) ?? null };
    });
    // Only plans that exist can disagree: a scenario without a plan funds nothing, and listing every
    // project funded elsewhere as a difference would bury the real ones.
    const planned = outcomes.filter((_, index) => hasSolution(plans[index]));
    const fundedOutcomes = planned.filter((outcome) => outcome.funded);
    const startMoved = fundedOutcomes.length === planned.length && new Set(fundedOutcomes.map((outcome) => outcome.startYear)).size > 1;
    if ((fundedOutcomes.length > 0 && fundedOutcomes.length < planned.length) || startMoved) {
      differences.push({ projectId, municipalityCode: first.municipalityCode, service: first.service, capexRand: first.capexRand, outcomes });
    }
  }
  const years = plans[0].financialYears;
  const yearKeys = years.map(String);
  // Capital sources first, then the operating ones: the table shows the two blocks apart.
  const allSourceKeys = [...new Set(plans.flatMap((plan) => plan.envelopeUse.map((use) => use.sourceId)))];
  const sourceKeys = [...allSourceKeys.filter((id) => !operating.has(id)), ...allSourceKeys.filter((id) => operating.has(id))];
  const districtKeys = [...new Set(plans.flatMap((plan) => plan.municipalities.map((municipality) => municipality.districtCode)))];
  const serviceKeys = plans[0].services.map((service) => service.id);
  const scenarios = plans.map((plan, index) => comparedFigures(plan, datasets[index], operating));
  const settingDifferences = benefitSettingDifferences(datasets);
  return {
    byYear: scenarioTable(plans, 'Financial year', (_, line) => String(line.financialYear), yearKeys, Object.fromEntries(years.map((year) => [String(year), formatFinancialYear(year)]))),
    mtefYears: years.slice(0, 3),
    bySource: scenarioTable(plans, 'Funding source', (_, line) => line.sourceId, sourceKeys, Object.fromEntries([...operating].map((id) => [id, `${id} (operating)`])), true),
    operatingSourceIds: sourceKeys.filter((id) => operating.has(id)),
    // Named as the run workbook names them (`DC1 West Coast`): an official reads names, not codes.
    byDistrict: scenarioTable(plans, 'District', (project) => project.districtCode, districtKeys, Object.fromEntries(datasets.flatMap((dataset) => dataset.municipalities).map((municipality) => [municipality.districtCode, `${municipality.districtCode} ${municipality.districtName}`]))),
    byService: scenarioTable(plans, 'Service', (project) => project.service, serviceKeys, Object.fromEntries(plans[0].services.map((service) => [service.id, service.label]))),
    services: plans[0].services,
    scenarios,
    overridesByScenario: plans.map((plan) => plan.overridesApplied),
    municipalities,
    differences,
    benefitSettingDifferences: settingDifferences,
    baselineAdded: options.baselineAdded ?? false,
    summaries: differenceSummaries(scenarios, differences, plans[0].services),
    noiseWarnings: noiseWarnings(scenarios, settingDifferences.length === 0),
  };
}
