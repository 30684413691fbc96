/**
 * Deterministic generator of the embedded planning models from real Stats SA Census 2022 data.
 *
 *   npx tsx scripts/generate-models.ts [output-root] [--census <folder>]
 *   npm run generate-models
 *
 * Writes `<output-root>/western-cape/` (the 24 non-metropolitan Western Cape municipalities, the
 * default model) and `<output-root>/south-africa/` (all 213 municipalities). output-root defaults
 * to the repository's models/ folder; --census defaults to the repository copy data/census2022/.
 *
 * Each folder is written by the one model writer (src/dataset/write-model.ts): built under a
 * temporary name beside it and renamed into place, replacing the previous folder whole.
 *
 * Real figures (municipalities.csv, indicators.csv, the backlog column of needs.csv) are copied or
 * computed from the Census tables. Capacity and demand, the project register and the funding
 * envelopes are illustrative, built from the planning norms and unit costs in
 * scripts/generate-models/assumptions.ts. The output is byte-for-byte reproducible: no clock, fixed
 * number formatting, municipalities in Stats SA file order, and the only randomness is pure-rand's
 * xoroshiro128+ seeded with GENERATOR_SEED (20231010) combined with each municipality code.
 * docs/data-sources.md documents the provenance of every column.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeModelTables } from '../src/dataset/write-model.js';
import { MODEL_DEFINITIONS, buildModel } from './generate-models/build-model.js';
import { CensusInputError, readCensus } from './generate-models/census.js';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Generate every model into `<outputRoot>/<name>/` from the Census folder; resolves to the folders written. */
export async function generateModels(outputRoot: string, censusDirectory: string = path.join(repositoryRoot, 'data', 'census2022')): Promise<string[]> {
  const census = readCensus(censusDirectory);
  const folders: string[] = [];
  for (const definition of MODEL_DEFINITIONS) {
    const model = buildModel(definition, census);
    folders.push(await writeModelTables(model.tables, path.join(outputRoot, model.name), { format: 'csv', replace: true }));
  }
  return folders;
}

/** Command-line entry: parse arguments, generate, print the folders; exit 1 on bad input. */
async function main(): Promise<void> {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { census: { type: 'string' } } });
  if (positionals.length > 1) {
    console.error('usage: npx tsx scripts/generate-models.ts [output-root] [--census <folder>]');
    process.exit(1);
  }
  const outputRoot = path.resolve(positionals[0] ?? path.join(repositoryRoot, 'models'));
  try {
    for (const folder of await generateModels(outputRoot, values.census === undefined ? undefined : path.resolve(values.census))) {
      console.log(`wrote ${path.relative(process.cwd(), folder) || folder}`);
    }
  } catch (error) {
    if (error instanceof CensusInputError) {
      console.error(`error: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) void main();
