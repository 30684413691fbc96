/**
 * Inputs as used: the needs, the project register, the envelopes and the policy settings after the
 * scenario was applied, so a reviewer can check the plan against the numbers it was given without
 * opening the model folder. Every text cell from the input is written as plain text.
 */
import type ExcelJS from 'exceljs';
import { formatFinancialYear } from '../../dataset/financial-year.js';
import { activePolicyRuleInstances, POLICY_RULES, policySettingRows } from '../../rules/registry.js';
import { FACILITY_ANCHOR, FACILITY_OPENING_CAP, FACILITY_ROLLOUT } from '../../rules/facility-rules.js';
import { SHORTFALLS_MET } from '../../rules/shortfalls-met.js';
import { ALLOCATION_COST_PER_HOUSEHOLD, ALLOCATION_COST_PER_ML_PER_DAY, BENEFIT_PER_ML_PER_DAY } from '../../rules/objective-settings.js';
import { centreCounts, facilityServicesOf } from '../../dataset/facilities.js';
import { NEED_UNITS, type NeedUnit, type PolicySettings, type Project, type ServiceDeclaration } from '../../dataset/types.js';
import { findService, needUnitWords } from '../../dataset/services.js';
import {
  CHARACTERS_PER_LANDSCAPE_PAGE,
  COUNT_FORMAT,
  RAND_MILLION_FORMAT,
  SCORE_FORMAT,
  applyPrintSetup,
  cellAddress,
  codeInWords,
  fitColumnWidths,
  fitIdentifierColumn,
  fitWrappedRowHeights,
  textWidthUnits,
  plainText,
  styleTotalRow,
  sumFormula,
  writeTableHeader,
  type ColumnSpec,
} from '../format.js';
import { SHEET_NAMES, type ReportContext } from './report-context.js';
import { ownerOf } from '../../dataset/owners.js';
import { moneyTotal, mtefLabel, mtefYears, roundRand } from '../summary-figures.js';

const yesNo = (flag: boolean): string => (flag ? 'yes' : 'no');

/** Header of the Input needs column holding backlogs counted in a need unit. */
const BACKLOG_HEADERS: Readonly<Record<NeedUnit, string>> = { households: 'Backlog households', people: 'Backlog people', ml_per_day: 'Backlog (Ml/day)' };

/**
 * The backlog columns of the Input needs sheet: one per need unit the model's services count in
 * (households, then people, then Ml/day), so a Thusong backlog of people is never in a column
 * headed households nor added into a households total. A model of water and sanitation has one.
 */
export function backlogColumnUnits(services: readonly Pick<ServiceDeclaration, 'needUnit'>[]): NeedUnit[] {
  const used = new Set(services.map((service) => service.needUnit));
  return NEED_UNITS.filter((unit) => used.has(unit));
}

/** Labels in a sentence: `water and sanitation`, `water, sanitation and stormwater`. */
const inWords = (labels: readonly string[]): string => (labels.length <= 1 ? labels.join('') : `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}`);

function addNeedsSheet(workbook: ExcelJS.Workbook, context: ReportContext): void {
  const { dataset } = context;
  const names = new Map(dataset.municipalities.map((municipality) => [municipality.code, municipality.name]));
  const services = dataset.config.services;
  // A need of a service the model does not declare cannot pass validation; households is the needs.csv default.
  const unitOf = (serviceId: string): NeedUnit => findService(services, serviceId)?.needUnit ?? 'households';
  const units = backlogColumnUnits([...services, ...dataset.needs.map((need) => ({ needUnit: unitOf(need.service) }))]);
  const sheet = workbook.addWorksheet(SHEET_NAMES.inputNeeds);
  const firstBacklogColumn = 4;
  const columns: ColumnSpec[] = [
    { header: 'Code', width: 10 },
    { header: 'Municipality', width: 22 },
    { header: 'Service', width: 12 },
    ...units.map((unit) => ({ header: BACKLOG_HEADERS[unit], width: 12, numberFormat: unit === 'ml_per_day' ? SCORE_FORMAT : COUNT_FORMAT })),
    { header: 'Treatment capacity (Ml/day)', width: 12, numberFormat: SCORE_FORMAT },
    { header: 'Demand (Ml/day)', width: 12, numberFormat: SCORE_FORMAT },
    { header: 'Illustrative', width: 10 },
  ];
  // With more than one unit, say which service counts in which (the services' need_unit in model.yaml).
  const unitsNote =
    units.length > 1
      ? ` Each backlog is in its service's unit (need_unit in model.yaml): ${units
          .map((unit) => `${needUnitWords(unit)} for ${inWords(services.filter((service) => service.needUnit === unit).map((service) => service.label))}`)
          .join('; ')}; each column has its own total.`
      : '';
  const headerRow = writeTableHeader(sheet, 'Input: service needs as used', `From needs.csv (after the scenario). Empty capacity or demand means not known.${unitsNote}`, columns);
  let rowNumber = headerRow + 1;
  for (const need of dataset.needs) {
    sheet.getRow(rowNumber).values = [
      plainText(need.municipalityCode),
      plainText(names.get(need.municipalityCode)),
      need.service,
      // The backlog in the column of its unit; the other backlog columns stay empty.
      ...units.map((unit) => (unit === unitOf(need.service) ? need.backlogHouseholds : '')),
      need.treatmentCapacityMlPerDay ?? '',
      need.demandMlPerDay ?? '',
      yesNo(need.illustrative),
    ];
    rowNumber += 1;
  }
  const totalRow = sheet.getRow(rowNumber);
  totalRow.getCell(1).value = 'Total';
  units.forEach((unit, index) => {
    const column = firstBacklogColumn + index;
    const backlogTotal = dataset.needs.filter((need) => unitOf(need.service) === unit).reduce((sum, need) => sum + need.backlogHouseholds, 0);
    totalRow.getCell(column).value = dataset.needs.length > 0 ? sumFormula(cellAddress(headerRow + 1, column), cellAddress(rowNumber - 1, column), backlogTotal) : 0;
  });
  styleTotalRow(totalRow, columns.length);
  if (dataset.needs.length > 0) sheet.autoFilter = { from: cellAddress(headerRow, 1), to: cellAddress(rowNumber - 1, columns.length) };
  fitColumnWidths(sheet, headerRow, 8, 40);
  applyPrintSetup(sheet);
}

/** A count as the project sheets write it in text, `18,809`. */
const countText = (value: number): string => Math.round(value).toLocaleString('en-GB');

/**
 * The Households served cell of a register row: households_served as given for a project; for a
 * centre of a facility service (a Thusong centre), what the plan counts for it instead (the
 * backlog of a facility service is people, see householdsServedByService): the people within its
 * reach (`30,309 people in reach`), or none for a centre without an anchor department, with the
 * people it would reach (`0 people (no anchor; 8,000 in reach)`). As text the figure stays out of
 * any households sum. Households given for a centre are counted too, so they are added
 * (`+ 500 households`). Short, so a centre's row takes two lines of its narrow column.
 */
export function registerServedCell(project: Project, policy: PolicySettings): number | string {
  if (project.facilityType === null) return project.householdsServed;
  const households = project.householdsServed > 0 ? ` + ${countText(project.householdsServed)} households` : '';
  if (centreCounts(project.anchorDepartments, policy)) return `${countText(project.populationWithinReach)} people in reach${households}`;
  return `0 people (no anchor; ${countText(project.populationWithinReach)} in reach)${households}`;
}

/** The sentence under the register's title saying what a centre's row counts, or '' without centres. */
function centreRowsNote(dataset: ReportContext['dataset']): string {
  const facilityServices = facilityServicesOf(dataset.config.services);
  const centreServices = facilityServices.filter((service) => dataset.projects.some((project) => project.service === service.id && project.facilityType !== null));
  if (centreServices.length === 0) return '';
  const labels = centreServices.map((service) => service.label).join(', ');
  const anchor = dataset.config.policy.facilityAnchorRequired === 0 ? '' : '; a centre without an anchor department counts no one';
  return ` A centre (${labels}) serves people, not households: its Households served cell shows what the plan counts for it, the people within its reach (population_within_reach)${anchor}.`;
}

/** The longest run of a text without a space: what a wrapped cell cannot break. */
const longestWord = (text: string): string => text.split(/\s+/).reduce((longest, word) => (textWidthUnits(word) > textWidthUnits(longest) ? word : longest), '');

/** The widest a sheet prints one landscape page wide, in width units (pageWidthsNeeded allows a twentieth over the page). */
const ONE_PAGE_WIDTH = Math.floor(CHARACTERS_PER_LANDSCAPE_PAGE * 1.05);

/** Narrowest the Input projects Type column gets: `groundwater` and `desalination`, its longest words, fit. */
const MIN_TYPE_WIDTH = 12;

function addProjectsSheet(workbook: ExcelJS.Workbook, context: ReportContext): void {
  const { dataset } = context;
  const sheet = workbook.addWorksheet(SHEET_NAMES.inputProjects);
  const columns: ColumnSpec[] = [
    { header: 'Project id', width: 14 },
    { header: 'Code', width: 10 },
    { header: 'Owner sphere', width: 10 },
    { header: 'Owner', width: 16 },
    { header: 'Service', width: 12 },
    { header: 'Type', width: 16 },
    { header: 'Capex (R million)', width: 12, numberFormat: RAND_MILLION_FORMAT },
    { header: 'Cash flow per build year (R million)', width: 20 },
    { header: 'Households served', width: 12, numberFormat: COUNT_FORMAT },
    { header: 'Capacity added (Ml/day)', width: 12, numberFormat: SCORE_FORMAT },
    { header: 'Earliest start', width: 10 },
    { header: 'Latest start', width: 10 },
    { header: 'Prerequisites', width: 16 },
    { header: 'Exclusive group', width: 12 },
    { header: 'Funding sources', width: 14 },
    { header: 'Status', width: 11 },
    { header: 'Benefit override (points)', width: 12 },
    { header: 'Illustrative', width: 10 },
  ];
  // The descriptions are on the Funded projects and Deferred projects sheets (every project is on
  // one of them); leaving them out here keeps the register one page wide and one line a project.
  const headerRow = writeTableHeader(
    sheet,
    'Input: project register as used',
    `From projects.csv (after the scenario). Type is project_type with spaces for its underscores. Each project's description is on the ${SHEET_NAMES.fundedProjects} or ${SHEET_NAMES.deferredProjects} sheet.${centreRowsNote(dataset)}`,
    columns,
  );
  let rowNumber = headerRow + 1;
  // Who owns each project (projects.csv owner_sphere and owner_name; a municipal project by default).
  const owners = dataset.projects.map((project) => ownerOf(project, dataset.municipalities));
  for (const [index, project] of dataset.projects.entries()) {
    sheet.getRow(rowNumber).values = [
      plainText(project.id),
      plainText(project.municipalityCode),
      owners[index].sphere,
      plainText(owners[index].name),
      project.service,
      // In words (`thusong hub`), as the One Plan writes it: a code such as
      // wastewater_treatment_upgrade has no place to wrap and would break mid-word in its column.
      plainText(codeInWords(project.type)),
      project.capexRand,
      // A space after each separator lets a long list wrap between its figures, never inside one.
      project.cashFlowRandByBuildYear.map((rand) => (rand / 1_000_000).toFixed(1)).join('; '),
      // A centre counts people within reach, not the households_served column (empty for centres).
      registerServedCell(project, dataset.config.policy),
      project.capacityAddedMlPerDay,
      formatFinancialYear(project.earliestStartYear),
      formatFinancialYear(project.latestStartYear),
      plainText(project.prerequisiteIds.join('; ')),
      plainText(project.exclusiveGroup),
      plainText(project.fundingSourceIds.join('; ')),
      project.status,
      project.benefitOverride ?? '',
      yesNo(project.illustrative),
    ];
    if (project.facilityType !== null) sheet.getRow(rowNumber).getCell(9).alignment = { horizontal: 'right', vertical: 'top', wrapText: true };
    rowNumber += 1;
  }
  if (dataset.projects.length > 0) sheet.autoFilter = { from: cellAddress(headerRow, 1), to: cellAddress(rowNumber - 1, columns.length) };
  // Fixed widths that add up to one landscape page (176 beside the id); the long cells (owner,
  // type, cash flow, households served, prerequisites, group, sources) wrap between words, each
  // column at least as wide as the longest word it holds (`groundwater`, `Department`,
  // `committed`, the bold header `Illustrative`), so no word is broken in print; ids in
  // Prerequisites and Exclusive group wrap after a hyphen.
  // Households served has 12 (from the owner's 16): a centre's `20,000 people in reach` takes two lines there.
  const widths = [12, 7, 9, 14, 9, 18, 9, 12, 12, 9, 8, 8, 12, 10, 12, 9, 8, 10];
  widths.forEach((width, index) => (sheet.getColumn(index + 1).width = width));
  // A long project id widens its column (ids are never wrapped), and so does an owner's long
  // word (`Umhlabuyalingana`); the type gives the room back, down to 12, which holds its longest
  // word. Beside the longest ids of the default model (26) the sheet is 197 wide. Past what one
  // page holds the owner gives the rest back (its long word then wraps), so the sheet stays one page wide.
  const idWidth = fitIdentifierColumn(sheet, 1, headerRow + 1, rowNumber - 1);
  let ownerWidth = Math.max(14, ...owners.map((owner) => Math.ceil(textWidthUnits(longestWord(owner.name)) + 1)));
  const typeWidth = Math.max(MIN_TYPE_WIDTH, 18 - (idWidth - 12) - (ownerWidth - 14));
  const totalWidth = widths.reduce((sum, width) => sum + width, 0) - 12 - 14 - 18 + idWidth + ownerWidth + typeWidth;
  if (totalWidth > ONE_PAGE_WIDTH) ownerWidth = Math.max(14, ownerWidth - (totalWidth - ONE_PAGE_WIDTH));
  sheet.getColumn(4).width = ownerWidth;
  sheet.getColumn(6).width = typeWidth;
  fitWrappedRowHeights(sheet, headerRow + 1, rowNumber - 1, [4, 6, 8, 9, 13, 14, 15]);
  applyPrintSetup(sheet);
}

function addEnvelopesSheet(workbook: ExcelJS.Workbook, context: ReportContext): void {
  const { dataset, plan } = context;
  const years = plan.financialYears;
  const sheet = workbook.addWorksheet(SHEET_NAMES.inputEnvelopes);
  const columns: ColumnSpec[] = [
    { header: 'Source', width: 10 },
    { header: 'Name', width: 36 },
    { header: 'Carry-over', width: 10 },
    ...years.map((year) => ({ header: `${formatFinancialYear(year)} (R million)`, width: 10, numberFormat: RAND_MILLION_FORMAT })),
    { header: `${mtefLabel(years)} (R million)`, width: 12, numberFormat: RAND_MILLION_FORMAT },
    { header: 'Total (R million)', width: 12, numberFormat: RAND_MILLION_FORMAT },
  ];
  const headerRow = writeTableHeader(sheet, 'Input: funding envelopes as used', 'From funding.csv (after the scenario), for the years of the horizon; MTEF = the first three years.', columns);
  const firstYearColumn = 4;
  const mtefCount = mtefYears(years).length;
  const mtefColumn = firstYearColumn + years.length;
  const totalColumn = mtefColumn + 1;
  let rowNumber = headerRow + 1;
  for (const source of dataset.fundingSources) {
    const row = sheet.getRow(rowNumber);
    row.getCell(1).value = plainText(source.id);
    row.getCell(2).value = plainText(`${source.name}${source.purpose === 'operating' ? ' (operating: running costs only)' : ''}`);
    // Long grant names wrap in their column rather than run under Carry-over (and be cut there in print).
    row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
    row.getCell(3).value = yesNo(source.carryOver);
    let total = 0;
    years.forEach((year, index) => {
      const rand = source.envelopeRandByYear[year] ?? 0;
      total += rand;
      row.getCell(firstYearColumn + index).value = rand;
    });
    const mtefRand = years.slice(0, mtefCount).reduce((sum, year) => sum + (source.envelopeRandByYear[year] ?? 0), 0);
    row.getCell(mtefColumn).value = mtefCount > 0 ? sumFormula(cellAddress(rowNumber, firstYearColumn), cellAddress(rowNumber, firstYearColumn + mtefCount - 1), roundRand(mtefRand)) : 0;
    row.getCell(totalColumn).value = sumFormula(cellAddress(rowNumber, firstYearColumn), cellAddress(rowNumber, mtefColumn - 1), roundRand(total));
    rowNumber += 1;
  }
  const totalRow = sheet.getRow(rowNumber);
  // One definition of a total everywhere: this one adds capital and operating envelopes, and says so.
  const hasOperating = dataset.fundingSources.some((source) => source.purpose === 'operating');
  totalRow.getCell(1).value = hasOperating ? 'Total, capital and operating' : 'Total';
  if (dataset.fundingSources.length > 0) {
    for (let column = firstYearColumn; column <= totalColumn; column += 1) {
      const yearsAdded = column === totalColumn ? years : column === mtefColumn ? years.slice(0, mtefCount) : [years[column - firstYearColumn]];
      const total = moneyTotal(dataset.fundingSources.map((source) => moneyTotal(yearsAdded.map((year) => source.envelopeRandByYear[year] ?? 0))));
      totalRow.getCell(column).value = sumFormula(cellAddress(headerRow + 1, column), cellAddress(rowNumber - 1, column), total);
    }
  }
  styleTotalRow(totalRow, columns.length);
  fitColumnWidths(sheet, headerRow, 10, 36);
  // The total row's label runs into the empty Name cell beside it, so it does not widen Source.
  sheet.getColumn(1).width = Math.max(10, ...dataset.fundingSources.map((source) => textWidthUnits(source.id) + 2));
  fitWrappedRowHeights(sheet, headerRow + 1, rowNumber - 1, [2]);
  for (let column = firstYearColumn; column < mtefColumn; column += 1) sheet.getColumn(column).width = 10;
  sheet.getColumn(mtefColumn).width = 12;
  sheet.getColumn(totalColumn).width = 12;
  applyPrintSetup(sheet);
}

/** Settings read by the facility rules, which apply to facility services (services with blocks) only. */
const FACILITY_SERVICE_SETTINGS: ReadonlySet<string> = new Set([FACILITY_ROLLOUT.key, FACILITY_OPENING_CAP.key]);
/** Settings only the allocation formulation reads. */
const ALLOCATION_ONLY_SETTINGS: ReadonlySet<string> = new Set([ALLOCATION_COST_PER_HOUSEHOLD.key, ALLOCATION_COST_PER_ML_PER_DAY.key]);
/** Why a rule that is switched on has no rows in a model, per rule key (anything else: the generic words). */
const NOTHING_TO_APPLY_TO: Readonly<Record<string, string>> = {
  [FACILITY_ANCHOR.key]: 'no centres in the register: does not apply',
  [SHORTFALLS_MET.key]: 'no master plan shortfalls: does not apply',
};

/**
 * The policy settings as the Input policy sheet lists them: a per-service setting of a facility
 * rule only for the facility services (a roll-out target means nothing for water); a rule that is
 * off shows its value and "(off)", or "off" where the service has no value; a rule switched on
 * that has nothing to apply to in this model says so; a setting the plan's formulation does not
 * read (the allocation's unit costs in a portfolio plan) is marked not used. Whether a rule is on
 * is read from the rule records themselves (activeInstances), as the formulations read it.
 */
function policyRowsAsUsed(dataset: ReportContext['dataset'], kind: ReportContext['plan']['kind']): [string, string | number, string][] {
  const { config } = dataset;
  const facilityServices = new Set(facilityServicesOf(config.services).map((service) => service.id));
  const ruleOfSetting = new Map(POLICY_RULES.flatMap((rule) => (rule.setting === null || rule.switchOff === undefined ? [] : [[rule.setting.key, rule] as const])));
  const active = new Set(activePolicyRuleInstances(dataset).map((instance) => instance.keyPath));
  return policySettingRows(config.policy, config.services).flatMap((row): [string, string | number, string][] => {
    const keyPath = row.yamlKey.replace(/^policy\./, '');
    const settingKey = keyPath.split('.')[0];
    const serviceId = keyPath.split('.')[1];
    if (serviceId !== undefined && FACILITY_SERVICE_SETTINGS.has(settingKey) && !facilityServices.has(serviceId)) return [];
    const rule = ruleOfSetting.get(settingKey);
    let value: string | number = row.value ?? '';
    if (rule !== undefined && !active.has(keyPath)) {
      const off = row.value === null || row.value === rule.offValue;
      value = row.value === null ? 'off' : off ? `${row.value} (off)` : `${row.value} (${NOTHING_TO_APPLY_TO[rule.key] ?? 'nothing in this model for it to apply to'})`;
    } else if (kind === 'portfolio' && ALLOCATION_ONLY_SETTINGS.has(settingKey)) {
      value = `${row.value ?? ''} (allocation only: not used)`;
    }
    // benefit_per_ml_per_day means one of two things; the sheet says which one this run used.
    if (settingKey === BENEFIT_PER_ML_PER_DAY.key && kind === 'portfolio') {
      const meaning =
        dataset.capacityBalances !== undefined
          ? 'Benefit points per Ml/day of master plan shortfall closed, in each year in service (this run used the master plan; without one, per Ml/day of capacity added)'
          : 'Benefit points per Ml/day of capacity added (this run has no master plan; with one, per Ml/day of shortfall closed in each year in service)';
      return [[row.yamlKey, value, meaning]];
    }
    return [[row.yamlKey, value, row.meaning]];
  });
}

/** Widest the Input policy Setting column gets for a long key; a longer key wraps (at a space, if it has one). */
const MAX_SETTING_WIDTH = 52;

function addPolicySheet(workbook: ExcelJS.Workbook, context: ReportContext): void {
  const { dataset, plan } = context;
  const sheet = workbook.addWorksheet(SHEET_NAMES.inputPolicy);
  const columns: ColumnSpec[] = [
    { header: 'Setting', width: 44 },
    { header: 'Value', width: 20 },
    { header: 'Meaning', width: 70 },
  ];
  const headerRow = writeTableHeader(sheet, 'Input: policy and index settings as used', `Scenario: ${plan.scenarioName}. Overrides applied are listed below the settings.`, columns);
  const { config } = dataset;
  const rows: [string, string | number, string][] = [
    ['base_financial_year', formatFinancialYear(config.baseFinancialYear), 'First financial year of the horizon'],
    ['horizon_years', config.horizonYears, 'Number of financial years planned'],
    ['index.normalisation', config.index.normalisation, 'How indicator values are scaled before weighting'],
    ['index.need_threshold', config.index.needThreshold, 'Need index at or above this counts as high need'],
    ['index.growth_threshold', config.index.growthThreshold, 'Growth index at or above this counts as high growth potential'],
    // Every policy setting of the rule registry that means something for this model and plan, a row
    // per service for a per-service setting; a rule that is off says so (policyRowsAsUsed).
    ...policyRowsAsUsed(dataset, plan.kind),
    ...config.indicators.map((indicator): [string, number, string] => [
      `indicator weight: ${indicator.id}`,
      indicator.weight,
      `${indicator.label}; ${indicator.theme} index, ${indicator.direction.replace(/_/g, ' ')}`,
    ]),
  ];
  let rowNumber = headerRow + 1;
  for (const [setting, value, meaning] of rows) {
    sheet.getRow(rowNumber).values = [plainText(setting), typeof value === 'number' ? value : plainText(value), meaning];
    rowNumber += 1;
  }
  rowNumber += 1;
  sheet.getCell(cellAddress(rowNumber, 1)).value = 'Scenario overrides applied (in order)';
  sheet.getCell(cellAddress(rowNumber, 1)).font = { name: 'Calibri', bold: true };
  rowNumber += 1;
  const overrides = plan.overridesApplied.length > 0 ? plan.overridesApplied : ['None: the model was used as it is.'];
  for (const override of overrides) {
    sheet.getCell(cellAddress(rowNumber, 1)).value = plainText(override);
    rowNumber += 1;
  }
  // The Setting column holds its longest key whole (a key has no space to wrap at:
  // policy.allocation_cost_per_household_rand.sanitation); at most 52, the three columns (142)
  // still print at full size across a landscape page.
  sheet.getColumn(1).width = Math.min(MAX_SETTING_WIDTH, Math.max(44, ...rows.map(([setting]) => Math.ceil(textWidthUnits(longestWord(setting)) + 1.5))));
  // Long meanings and values (`25000 (allocation only: not used)`) wrap inside their columns
  // rather than running into the next one or off the printed page.
  fitWrappedRowHeights(sheet, headerRow + 1, headerRow + rows.length, [1, 2, 3]);
  applyPrintSetup(sheet);
}

/** Add the four "Input …" sheets. */
export function addInputSheets(workbook: ExcelJS.Workbook, context: ReportContext): void {
  addNeedsSheet(workbook, context);
  addProjectsSheet(workbook, context);
  addEnvelopesSheet(workbook, context);
  addPolicySheet(workbook, context);
}
