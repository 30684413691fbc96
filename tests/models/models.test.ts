/**
 * The generated models: Census figures copied faithfully, a deterministic generator, and a
 * register and funding table with the promised properties. Reads the CSVs with csv-parse directly
 * so the checks do not depend on the dataset loader.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import highsPackage, { type Highs } from 'highs';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateModels } from '../../scripts/generate-models.js';
import { readCensus } from '../../scripts/generate-models/census.js';
import { loadModel } from '../../src/dataset/load-model.js';
import type { Project } from '../../src/dataset/types.js';
import { plannedDataset } from '../../src/pipeline/plan-run.js';
import { unfundedYearsWarning } from '../../src/plan/plan-model.js';
import { ARITHMETIC, expectClose } from '../tolerance.js';

// The package's types describe a CommonJS module while Node's ESM build exports the loader itself.
const loadHighs = (
  typeof highsPackage === 'function' ? highsPackage : (highsPackage as unknown as { default: () => Promise<Highs> }).default
) as () => Promise<Highs>;

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const censusDirectory = path.join(repositoryRoot, 'data', 'census2022');
const modelsDirectory = path.join(repositoryRoot, 'models');
const MODEL_NAMES = ['western-cape', 'south-africa'] as const;

type Row = Record<string, string>;

/** Read a CSV file as records keyed by header. */
function readCsv(file: string): Row[] {
  return parse(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true }) as Row[];
}

/** One table of a committed model. */
function modelTable(model: string, table: string): Row[] {
  return readCsv(path.join(modelsDirectory, model, `${table}.csv`));
}

/** Rows keyed by a column. */
function byKey(rows: readonly Row[], column: string): Map<string, Row> {
  return new Map(rows.map((row) => [row[column], row]));
}

/** 2026/27 → 2026. */
function startYear(label: string): number {
  return Number(label.slice(0, 4));
}

const censusPersons = byKey(readCsv(path.join(censusDirectory, 'person-indicators-muni.csv')), 'muni_code');
const censusHousing = byKey(readCsv(path.join(censusDirectory, 'housing-info-muni.csv')), 'muni_code');

describe('western-cape model agrees with the Census 2022 source', () => {
  const municipalities = byKey(modelTable('western-cape', 'municipalities'), 'municipality_code');
  const needs = modelTable('western-cape', 'needs');
  const indicators = byKey(modelTable('western-cape', 'indicators'), 'municipality_code');
  const backlog = (code: string, service: string): number =>
    Number(needs.find((row) => row.municipality_code === code && row.service === service)?.backlog_households);

  it('holds the 24 non-metropolitan Western Cape municipalities in five districts, without Cape Town', () => {
    expect(municipalities.size).toBe(24);
    expect(municipalities.has('CPT')).toBe(false);
    expect(new Set([...municipalities.values()].map((row) => `${row.district_code} ${row.district_name}`))).toEqual(
      new Set(['DC1 West Coast', 'DC2 Cape Winelands', 'DC3 Overberg', 'DC4 Garden Route', 'DC5 Central Karoo']),
    );
  });

  it.each(['WC011', 'WC023', 'WC044', 'WC053'])('%s: population, households, growth and backlogs equal the Census tables', (code) => {
    const person = censusPersons.get(code)!;
    const housing = censusHousing.get(code)!;
    const row = municipalities.get(code)!;
    expect(row.municipality_name).toBe(person.name);
    expect(Number(row.population_2011)).toBe(Number(person.total_pop_2011));
    expect(Number(row.population_2022)).toBe(Number(person.total_pop_2022));
    expect(Number(row.households_2011)).toBe(Number(housing.households_2011));
    expect(Number(row.households_2022)).toBe(Number(housing.households_2022));
    expect(Number(row.growth_rate_percent_per_year)).toBe(Number(person.growth_rate_2011_to_2022));
    expect(row.miif_category).toBe(person.miif_category);
    expect(backlog(code, 'water')).toBe(Number(housing.other_water_2022));
    expect(backlog(code, 'sanitation')).toBe(Number(housing.other_toilet_2022) + Number(housing.no_toilet_2022));
    expect(Number(indicators.get(code)!.transfer_dependence_percent)).toBe(Number(person.government_transfers_subsidies_percent));
  });

  it('matches hand-read Census figures for George (WC044) and Matzikama (WC011)', () => {
    expect(municipalities.get('WC044')).toMatchObject({ municipality_name: 'George', population_2022: '294929', households_2022: '85931', miif_category: 'B1' });
    expect(backlog('WC011', 'water')).toBe(1619);
    // Matzikama: households 18 835 (2011) → 19 101 (2022): 100 × ln(19101 / 18835) / 10.33 = 0.1358 % per year.
    expectClose(Number(indicators.get('WC011')!.household_growth_percent_per_year), 0.14, ARITHMETIC);
    // Water backlog share 1 619 / 19 101 = 0.08476.
    expectClose(Number(indicators.get('WC011')!.water_backlog_share), 0.0848, ARITHMETIC);
  });

  it('marks Census tables real and generated tables illustrative', () => {
    expect(modelTable('western-cape', 'municipalities').every((row) => row.illustrative === 'no')).toBe(true);
    expect(modelTable('western-cape', 'indicators').every((row) => row.illustrative === 'no')).toBe(true);
    expect(needs.every((row) => row.illustrative === 'yes')).toBe(true);
    expect(modelTable('western-cape', 'funding').every((row) => row.illustrative === 'yes')).toBe(true);
  });
});

describe('south-africa model', () => {
  it('holds all 213 municipalities with the eight metros as category A', () => {
    const municipalities = modelTable('south-africa', 'municipalities');
    expect(municipalities).toHaveLength(213);
    const metros = municipalities.filter((row) => row.miif_category === 'A').map((row) => row.municipality_code);
    expect(metros.sort()).toEqual(['BUF', 'CPT', 'EKU', 'ETH', 'JHB', 'MAN', 'NMA', 'TSH']);
    const capeTown = municipalities.find((row) => row.municipality_code === 'CPT')!;
    expect(capeTown).toMatchObject({ population_2022: '4772846', households_2022: '1452845', district_name: 'City of Cape Town' });
  });
});

describe('the generator is deterministic', () => {
  let firstRoot = '';
  let secondRoot = '';
  beforeAll(async () => {
    firstRoot = mkdtempSync(path.join(tmpdir(), 'infraplan-models-a-'));
    secondRoot = mkdtempSync(path.join(tmpdir(), 'infraplan-models-b-'));
    await generateModels(firstRoot, censusDirectory);
    await generateModels(secondRoot, censusDirectory);
  });
  afterAll(() => {
    rmSync(firstRoot, { recursive: true, force: true });
    rmSync(secondRoot, { recursive: true, force: true });
  });

  it.each(MODEL_NAMES)('%s: two runs write identical bytes, equal to the committed model', (model) => {
    const files = readdirSync(path.join(firstRoot, model)).sort();
    // Both models have master plan assets; only the model with the Thusong roll-out has existing centres (facilities.csv).
    expect(files).toEqual(['assets.csv', ...(model === 'western-cape' ? ['facilities.csv'] : []), 'funding.csv', 'indicators.csv', 'model.yaml', 'municipalities.csv', 'needs.csv', 'projects.csv']);
    for (const file of files) {
      const first = readFileSync(path.join(firstRoot, model, file));
      expect(first.equals(readFileSync(path.join(secondRoot, model, file))), `${model}/${file} differs between runs`).toBe(true);
      expect(first.equals(readFileSync(path.join(modelsDirectory, model, file))), `${model}/${file} differs from the committed model; rerun npm run generate-models`).toBe(true);
    }
  });
});

describe.each(MODEL_NAMES)('%s register and funding', (model) => {
  const projects = modelTable(model, 'projects');
  // The bulk master plan's rows (water and sanitation); Thusong centres are register rows of their own (thusong.ts).
  const bulkProjects = projects.filter((row) => row.service === 'water' || row.service === 'sanitation');
  const funding = modelTable(model, 'funding');
  const municipalities = modelTable(model, 'municipalities');
  const needs = modelTable(model, 'needs');
  const config = parseYaml(readFileSync(path.join(modelsDirectory, model, 'model.yaml'), 'utf8')) as {
    base_financial_year: string;
    horizon_years: number;
    policy: { basic_package_floor_share: number };
    indicators: { id: string }[];
  };
  const firstYear = startYear(config.base_financial_year);
  const lastYear = firstYear + config.horizon_years - 1;

  it('marks every project row illustrative and leaves the benefit to be derived', () => {
    expect(projects.every((row) => row.illustrative === 'yes' && row.benefit_override === '')).toBe(true);
  });

  it('gives every growing municipality capacity upgrades and a declining one none (its works are never short)', () => {
    const capacityTypes = new Set(['water_treatment_upgrade', 'wastewater_treatment_upgrade', 'bulk_pipeline', 'reservoir', 'bulk_sewer', 'groundwater_scheme', 'desalination_plant', 'dam_raising']);
    for (const municipality of municipalities) {
      const code = municipality.municipality_code;
      const upgrades = projects.filter((row) => row.municipality_code === code && row.status === 'candidate' && capacityTypes.has(row.project_type));
      // Growth of 0.5% a year or more outgrows the design demand each asset's capacity was set against within the horizon.
      if (Number(municipality.growth_rate_percent_per_year) >= 0.5) expect(upgrades.length, code).toBeGreaterThan(0);
      if (Number(municipality.growth_rate_percent_per_year) < 0) expect(upgrades, code).toEqual([]);
    }
  });

  it("marks the committed works phases as planner rows and every other row as the master plan's", () => {
    const positions = new Map(municipalities.map((row, index) => [row.municipality_code, index]));
    const committed = bulkProjects.filter((row) => row.status === 'committed');
    expect(committed.length).toBeGreaterThan(municipalities.length / 5);
    for (const row of committed) {
      // Every third municipality in model order has a treatment works phase under construction.
      expect(positions.get(row.municipality_code)! % 3, row.project_id).toBe(0);
      expect(['water_treatment_upgrade', 'wastewater_treatment_upgrade']).toContain(row.project_type);
      expect(row.origin, row.project_id).toBe('planner');
      expect(row.earliest_start_year).toBe(config.base_financial_year);
      expect(row.latest_start_year).toBe(config.base_financial_year);
    }
    expect(bulkProjects.filter((row) => row.status !== 'committed').every((row) => row.origin === 'masterplan')).toBe(true);
    // The exclusive groups are the raw-water source alternatives of one municipality and upgrade.
    const groups = new Map<string, Row[]>();
    for (const row of bulkProjects.filter((candidate) => candidate.exclusive_group !== '')) groups.set(row.exclusive_group, [...(groups.get(row.exclusive_group) ?? []), row]);
    expect(groups.size).toBeGreaterThan(0);
    for (const [group, rows] of groups) {
      expect(new Set(rows.map((row) => row.municipality_code)).size, group).toBe(1);
      for (const row of rows) expect(['groundwater_scheme', 'desalination_plant', 'dam_raising'], row.project_id).toContain(row.project_type);
    }
  });

  it('keeps candidate windows at most 5 years wide, inside the horizon, with prerequisites that can finish first', () => {
    const byId = byKey(bulkProjects, 'project_id');
    for (const row of bulkProjects) {
      const earliest = startYear(row.earliest_start_year);
      const latest = startYear(row.latest_start_year);
      const buildYears = row.cashflow_percent.split(';').length;
      expect(row.cashflow_percent.split(';').reduce((sum, share) => sum + Number(share), 0), row.project_id).toBe(100);
      expect(latest, row.project_id).toBeGreaterThanOrEqual(earliest);
      expect(latest - earliest + 1, row.project_id).toBeLessThanOrEqual(5);
      expect(earliest, row.project_id).toBeGreaterThanOrEqual(firstYear);
      expect(latest + buildYears - 1, row.project_id).toBeLessThanOrEqual(lastYear);
      for (const prerequisiteId of row.prerequisites === '' ? [] : row.prerequisites.split(';')) {
        const prerequisite = byId.get(prerequisiteId)!;
        expect(prerequisite.municipality_code).toBe(row.municipality_code);
        const earliestCompletion = startYear(prerequisite.earliest_start_year) + prerequisite.cashflow_percent.split(';').length - 1;
        expect(earliestCompletion, `${row.project_id} needs ${prerequisiteId}`).toBeLessThan(latest);
      }
    }
  });

  it('costs water treatment at R26 million per Ml/day and backlog programmes per household', () => {
    for (const row of projects.filter((candidate) => candidate.project_type === 'water_treatment_upgrade')) {
      // The generator rounds capex to R100 000 (roundCapex), so it is within R50 000 of the unit cost times the capacity.
      expect(Math.abs(Number(row.capex_rand) - 26_000_000 * Number(row.capacity_added_ml_per_day)), row.project_id).toBeLessThanOrEqual(50_000);
    }
    for (const row of projects.filter((candidate) => candidate.project_type === 'backlog_eradication')) {
      const randPerHousehold = row.service === 'water' ? 22_000 : 38_000;
      expect(Math.abs(Number(row.capex_rand) - randPerHousehold * Number(row.households_served)), row.project_id).toBeLessThanOrEqual(50_000);
    }
  });

  it('lets every municipality with a backlog reach the basic-package floor with its programmes', () => {
    for (const municipality of municipalities) {
      const code = municipality.municipality_code;
      const backlogHouseholds = needs.filter((row) => row.municipality_code === code).reduce((sum, row) => sum + Number(row.backlog_households), 0);
      const servable = projects
        .filter((row) => row.municipality_code === code && row.status !== 'excluded')
        .reduce((sum, row) => sum + Number(row.households_served), 0);
      expect(servable, code).toBe(backlogHouseholds);
    }
  });

  it('leaves the plan to choose: the register asks for two to six times the capital money', () => {
    const registerCapexRand = projects.filter((row) => row.status !== 'excluded').reduce((sum, row) => sum + Number(row.capex_rand), 0);
    const envelopeRand = funding.filter((row) => row.purpose === 'capital').reduce((sum, row) => sum + Number(row.envelope_rand), 0);
    const ratio = registerCapexRand / envelopeRand;
    expect(ratio).toBeGreaterThanOrEqual(2);
    expect(ratio).toBeLessThanOrEqual(6);
  });

  it('sizes no capital envelope above what the projects needed within the plan would spend from it that year', () => {
    // What a project would spend in a year: its cash flow averaged over the start years it may use
    // (every one equally likely), all of it counted against each of its sources. An upgrade needed
    // only after the horizon earns nothing within it, and of an exclusive group only one option can
    // be funded (the one spending most that year is counted). The former envelopes (the register's
    // total grown 5% a year) gave western-cape's RBIG R702 million in 2026/27 against R584 million of
    // such spending, and R1,088 million in 2035/36 against R756 million; most of the latter lapsed.
    const neededAfterHorizon = (row: Row): boolean => {
      const needed = /needed from (\d{4})\//.exec(row.description);
      return needed !== null && Number(needed[1]) > lastYear;
    };
    const averageInYear = (row: Row, year: number): number => {
      const shares = row.cashflow_percent.split(';').map(Number);
      const starts: number[] = [];
      for (let start = Math.max(firstYear, startYear(row.earliest_start_year)); start <= Math.min(startYear(row.latest_start_year), lastYear - shares.length + 1); start += 1) starts.push(start);
      if (starts.length === 0) return 0;
      return starts.reduce((sum, start) => sum + ((shares[year - start] ?? 0) * Number(row.capex_rand)) / 100, 0) / starts.length;
    };
    const capitalRows = funding.filter((row) => row.purpose === 'capital');
    expect(capitalRows.length).toBeGreaterThan(0);
    for (const envelope of capitalRows) {
      const year = startYear(envelope.financial_year);
      const byGroup = new Map<string, number>();
      for (const row of projects) {
        if (row.status === 'excluded' || neededAfterHorizon(row) || !row.funding_sources.split(';').includes(envelope.source_id)) continue;
        const key = row.exclusive_group === '' ? row.project_id : row.exclusive_group;
        byGroup.set(key, Math.max(byGroup.get(key) ?? 0, averageInYear(row, year)));
      }
      const wouldSpendRand = [...byGroup.values()].reduce((sum, amount) => sum + amount, 0);
      expect(Number(envelope.envelope_rand), `${envelope.source_id} ${envelope.financial_year}`).toBeLessThanOrEqual(wouldSpendRand);
    }
  });

  it('gives each source one carry-over rule: yes for PROV, OWN and MOPS, no for conditional grants, over 2026/27 to 2035/36', () => {
    const carryOver = new Map<string, Set<string>>();
    for (const row of funding) carryOver.set(row.source_id, (carryOver.get(row.source_id) ?? new Set()).add(row.carry_over));
    // Municipal own funds for operations (MOPS) are budgeted by the municipality, like OWN.
    for (const [source, values] of carryOver) expect([...values], source).toEqual([source === 'PROV' || source === 'OWN' || source === 'MOPS' ? 'yes' : 'no']);
    const years = [...new Set(funding.map((row) => row.financial_year))];
    expect(years[0]).toBe('2026/27');
    expect(years[years.length - 1]).toBe('2035/36');
    expect(years).toHaveLength(10);
  });

  it('fits the committed projects into the envelopes (HiGHS feasibility of their spending by source and year)', async () => {
    // Spending variables per committed project, eligible source and build year, in R million.
    const committed = projects.filter((row) => row.status === 'committed');
    const envelopeMillion = new Map(funding.map((row) => [`${row.source_id}|${startYear(row.financial_year)}`, Number(row.envelope_rand) / 1e6]));
    const carries = new Set(funding.filter((row) => row.carry_over === 'yes').map((row) => row.source_id));
    const sources = [...new Set(funding.map((row) => row.source_id))];
    const usesBySourceYear = new Map<string, string[]>();
    const constraints: string[] = [];
    const variables: string[] = [];
    committed.forEach((row, projectIndex) => {
      const start = startYear(row.earliest_start_year);
      row.cashflow_percent.split(';').forEach((share, offset) => {
        const terms = row.funding_sources.split(';').map((source) => {
          const name = `s_${projectIndex}_${sources.indexOf(source)}_${offset}`;
          variables.push(name);
          const key = `${source}|${start + offset}`;
          usesBySourceYear.set(key, [...(usesBySourceYear.get(key) ?? []), name]);
          return name;
        });
        constraints.push(` c${constraints.length}: ${terms.join(' + ')} = ${((Number(row.capex_rand) * Number(share)) / 100 / 1e6).toFixed(6)}`);
      });
    });
    sources.forEach((source, sourceIndex) => {
      for (let year = firstYear; year <= lastYear; year += 1) {
        const terms = [...(usesBySourceYear.get(`${source}|${year}`) ?? [])];
        if (carries.has(source)) {
          terms.push(`k_${sourceIndex}_${year}`);
          variables.push(`k_${sourceIndex}_${year}`);
          if (year > firstYear) terms.push(`- k_${sourceIndex}_${year - 1}`);
        }
        if (terms.length === 0) continue;
        constraints.push(` c${constraints.length}: ${terms.join(' + ').replace(/\+ -/g, '-')} <= ${(envelopeMillion.get(`${source}|${year}`) ?? 0).toFixed(6)}`);
      }
    });
    const lp = ['Minimize', ` obj: ${variables.join(' + ')}`, 'Subject To', ...constraints, 'End'].join('\n');
    const highs = await loadHighs();
    const result = highs.solve(lp);
    expect(committed.length).toBeGreaterThan(0);
    expect(result.Status).toBe('Optimal');
  });

  it('declares every indicator column in model.yaml', () => {
    const header = Object.keys(modelTable(model, 'indicators')[0]).filter((column) => column !== 'municipality_code' && column !== 'illustrative');
    expect(config.indicators.map((indicator) => indicator.id)).toEqual(header);
    expect(config.policy.basic_package_floor_share).toBeGreaterThan(0);
  });
});

describe.each(MODEL_NAMES)('%s plans with the master plan stage', (model) => {
  it("regenerates projects.csv's register from the stage, with a capacity balance per municipality and asset type", async () => {
    const dataset = await loadModel(path.join(modelsDirectory, model));
    expect(dataset.config.masterplan?.use_generated_register).toBe(true);
    const { dataset: planned, notes } = plannedDataset(dataset);
    // The stage's register is the one written out: the same rows (the merge puts the planner's first), with the same figures.
    const figures = (projects: readonly Project[]) =>
      projects.map((project) => [project.id, project.origin, project.capexRand, project.earliestStartYear, project.latestStartYear, project.householdsServed, project.capacityAddedMlPerDay, project.fundingSourceIds.join(';'), project.prerequisiteIds.join(';'), project.status].join('|')).sort();
    expect(figures(planned.projects)).toEqual(figures(dataset.projects));
    const plannerRowCount = dataset.projects.filter((project) => project.origin === 'planner').length;
    expect(notes[0]).toBe(`master plan: ${dataset.projects.length - plannerRowCount} generated projects planned beside the ${plannerRowCount} planner projects of projects.csv (${dataset.projects.length} in all)`);
    expect(planned.capacityBalances).toHaveLength(dataset.municipalities.length * 6);
  });
});

describe('south-africa: no capital in the last year, where no capacity work could be in service within the plan', () => {
  it('gives every capital source nil in 2035/36, and only capacity upgrades (finishing in it) could spend then', async () => {
    const dataset = await loadModel(path.join(modelsDirectory, 'south-africa'));
    const lastYear = dataset.config.baseFinancialYear + dataset.config.horizonYears - 1;
    expect(dataset.fundingSources.every((source) => source.envelopeRandByYear[lastYear] === 0)).toBe(true);
    const spendingInLastYear = dataset.projects.filter((project) => project.latestStartYear + project.cashFlowRandByBuildYear.length - 1 >= lastYear);
    expect(spendingInLastYear.length).toBeGreaterThan(0);
    expect(spendingInLastYear.every((project) => project.origin === 'masterplan' && project.householdsServed === 0 && project.capacityAddedMlPerDay > 0)).toBe(true);
    // A year funding.csv states as nil is not the horizon outrunning the funding table: no warning.
    expect(unfundedYearsWarning(dataset)).toEqual([]);
    const withoutLastYear = { ...dataset, fundingSources: dataset.fundingSources.map((source) => ({ ...source, envelopeRandByYear: Object.fromEntries(Object.entries(source.envelopeRandByYear).filter(([year]) => Number(year) !== lastYear)) })) };
    expect(unfundedYearsWarning(withoutLastYear)).toEqual(['no funding source has money in 2035/36: nothing can be spent in that year (is the horizon longer than funding.csv?)']);
  });
});

describe('bad Census input', () => {
  it('names the file, row and column of a damaged cell', () => {
    const copy = mkdtempSync(path.join(tmpdir(), 'infraplan-census-'));
    try {
      cpSync(censusDirectory, copy, { recursive: true });
      const file = path.join(copy, 'housing-info-muni.csv');
      const lines = readFileSync(file, 'utf8').split('\n');
      const header = lines[0].split(',');
      const cells = lines[2].split(',');
      cells[header.indexOf('households_2022')] = 'n/a';
      lines[2] = cells.join(',');
      writeFileSync(file, lines.join('\n'));
      expect(() => readCensus(copy)).toThrow(`${file}, row 3, column households_2022: "n/a" is not a number`);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
