/**
 * Reads the Stats SA Census 2022 municipal tables kept in data/census2022/ and joins them into one
 * record per municipality. Every number is checked on the way in, so a damaged copy of the data
 * fails with the file, row and column rather than producing a model with NaN in it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';

/** Raised for a problem in the Census input files; the message names file, row and column. */
export class CensusInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CensusInputError';
  }
}

/** The Census 2022 files the generator reads, relative to the Census folder. */
export const CENSUS_FILES = {
  persons: 'person-indicators-muni.csv',
  housing: 'housing-info-muni.csv',
  ages: 'age-distribution-muni.csv',
  districts: 'person-indicators-district.csv',
} as const;

/** One municipality with the Census 2022 (and 2011) figures the models use. */
export interface CensusMunicipality {
  /** Province code, e.g. `WC`. */
  readonly provinceCode: string;
  /** District code (`DC1`); a metro carries its own code (`CPT`). */
  readonly districtCode: string;
  /** District name from person-indicators-district.csv (a metro's own name). */
  readonly districtName: string;
  /** Demarcation code, e.g. `WC011`. */
  readonly code: string;
  /** Municipality name. */
  readonly name: string;
  /** Area in km². */
  readonly areaKm2: number;
  /** Stats SA MIIF category as published: `METRO`, `B1` … `B4`. */
  readonly miifCategoryPublished: string;
  /** Share of households whose main income is government transfers, percent. */
  readonly governmentTransfersPercent: number;
  /** Persons, Census 2011. */
  readonly population2011: number;
  /** Persons, Census 2022. */
  readonly population2022: number;
  /** Population growth 2011–2022 as published, percent per year (exponential). */
  readonly growthRatePercentPerYear: number;
  /** Persons aged 5 to 24 attending an educational institution, 2022. */
  readonly schoolAttendanceAges5To24: number;
  /** Persons aged 5 to 14, 2022. */
  readonly populationAges5To14: number;
  /** Persons aged 15 to 34, 2022. */
  readonly populationAges15To34: number;
  /** Households, Census 2011. */
  readonly households2011: number;
  /** Households, Census 2022. */
  readonly households2022: number;
  /** Households in informal dwellings, 2022. */
  readonly informalDwellingHouseholds: number;
  /** Households not on piped water from a water-services scheme (`other_water_2022`). */
  readonly otherWaterHouseholds: number;
  /** Households with a toilet other than a flush toilet (`other_toilet_2022`). */
  readonly otherToiletHouseholds: number;
  /** Households with no toilet (`no_toilet_2022`). */
  readonly noToiletHouseholds: number;
}

type CsvRecord = Record<string, string>;

/** A parsed CSV file with its name kept for error messages. */
interface CensusTable {
  readonly file: string;
  readonly records: readonly CsvRecord[];
}

/** Read one Census CSV; a missing file or malformed CSV becomes a CensusInputError naming the file. */
function readTable(censusDirectory: string, fileName: string): CensusTable {
  const file = path.join(censusDirectory, fileName);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new CensusInputError(`${file}: cannot read the file; copy it from the Stats SA Census 2022 tables (see data/census2022/README.md)`);
  }
  try {
    return { file, records: parse(text, { columns: true, skip_empty_lines: true }) as CsvRecord[] };
  } catch (error) {
    throw new CensusInputError(`${file}: not a valid CSV file (${(error as Error).message})`);
  }
}

/** A required text cell; rowIndex is 0-based over data rows, reported as the spreadsheet row (header is row 1). */
function textCell(table: CensusTable, rowIndex: number, column: string): string {
  const value = table.records[rowIndex][column];
  if (value === undefined) throw new CensusInputError(`${table.file}, row ${rowIndex + 2}, column ${column}: the column is missing`);
  if (value.trim() === '') throw new CensusInputError(`${table.file}, row ${rowIndex + 2}, column ${column}: the cell is empty`);
  return value.trim();
}

/** A required numeric cell, with the same location rules as textCell. */
function numberCell(table: CensusTable, rowIndex: number, column: string): number {
  const text = textCell(table, rowIndex, column);
  const value = Number(text);
  if (!Number.isFinite(value)) throw new CensusInputError(`${table.file}, row ${rowIndex + 2}, column ${column}: ${JSON.stringify(text)} is not a number`);
  return value;
}

/** Index a table's rows by a key column, reporting duplicates. */
function indexRows(table: CensusTable, keyColumn: string): Map<string, number> {
  const rowsByKey = new Map<string, number>();
  table.records.forEach((_, rowIndex) => {
    const key = textCell(table, rowIndex, keyColumn);
    if (rowsByKey.has(key)) throw new CensusInputError(`${table.file}, row ${rowIndex + 2}, column ${keyColumn}: ${key} appears twice`);
    rowsByKey.set(key, rowIndex);
  });
  return rowsByKey;
}

/**
 * Read and join the Census tables of a folder: person indicators, housing and age distribution per
 * municipality, and district names. Returns the municipalities in the order of
 * person-indicators-muni.csv (Stats SA's province, district, municipality order).
 */
export function readCensus(censusDirectory: string): CensusMunicipality[] {
  const persons = readTable(censusDirectory, CENSUS_FILES.persons);
  const housing = readTable(censusDirectory, CENSUS_FILES.housing);
  const ages = readTable(censusDirectory, CENSUS_FILES.ages);
  const districts = readTable(censusDirectory, CENSUS_FILES.districts);
  const housingRows = indexRows(housing, 'muni_code');
  const ageRows = indexRows(ages, 'muni_code');
  const districtRows = indexRows(districts, 'dc_code');
  const municipalities: CensusMunicipality[] = [];
  persons.records.forEach((_, personRow) => {
    const code = textCell(persons, personRow, 'muni_code');
    const districtCode = textCell(persons, personRow, 'dc_code');
    const housingRow = housingRows.get(code);
    const ageRow = ageRows.get(code);
    const districtRow = districtRows.get(districtCode);
    const where = `${persons.file}, row ${personRow + 2}, column`;
    if (housingRow === undefined) throw new CensusInputError(`${where} muni_code: ${code} has no row in ${housing.file}`);
    if (ageRow === undefined) throw new CensusInputError(`${where} muni_code: ${code} has no row in ${ages.file}`);
    if (districtRow === undefined) throw new CensusInputError(`${where} dc_code: district ${districtCode} has no row in ${districts.file}`);
    municipalities.push({
      provinceCode: textCell(persons, personRow, 'prov_code'),
      districtCode,
      districtName: textCell(districts, districtRow, 'name'),
      code,
      name: textCell(persons, personRow, 'name'),
      areaKm2: numberCell(persons, personRow, 'area_km2'),
      miifCategoryPublished: textCell(persons, personRow, 'miif_category'),
      governmentTransfersPercent: numberCell(persons, personRow, 'government_transfers_subsidies_percent'),
      population2011: numberCell(persons, personRow, 'total_pop_2011'),
      population2022: numberCell(persons, personRow, 'total_pop_2022'),
      growthRatePercentPerYear: numberCell(persons, personRow, 'growth_rate_2011_to_2022'),
      schoolAttendanceAges5To24: numberCell(persons, personRow, 'school_attendance_ages_5_to_24_2022'),
      populationAges5To14: numberCell(ages, ageRow, 'age_5_to_14_2022'),
      populationAges15To34: numberCell(ages, ageRow, 'age_15_to_34_2022'),
      households2011: numberCell(housing, housingRow, 'households_2011'),
      households2022: numberCell(housing, housingRow, 'households_2022'),
      informalDwellingHouseholds: numberCell(housing, housingRow, 'informal_dwelling_2022'),
      otherWaterHouseholds: numberCell(housing, housingRow, 'other_water_2022'),
      otherToiletHouseholds: numberCell(housing, housingRow, 'other_toilet_2022'),
      noToiletHouseholds: numberCell(housing, housingRow, 'no_toilet_2022'),
    });
  });
  return municipalities;
}
