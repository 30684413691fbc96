/**
 * Converts one OR-Library capital-budgeting problem into an infraplan model folder:
 *
 *   npx tsx scripts/orlib-to-model.ts <file> <problem-number> <out-dir> [--force] [--known-optimum <value>]
 *   npm run orlib-to-model -- <file> <problem-number> <out-dir> ...
 *
 * Only the command line lives here: the parser, the mapping (docs/benchmarks.md) and the
 * known optima are in src/benchmarks/or-library.ts, and the folder is written by the one model
 * writer (src/dataset/write-model.ts), so `npm run bench` and the tests use the same conversion.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { convertOrLibProblem } from '../src/benchmarks/or-library.js';
import { formatProblem, InvalidInputError } from '../src/errors/problems.js';
import { ModelFolderExistsError, ModelFolderHoldsOtherFilesError } from '../src/dataset/write-model.js';

const USAGE = 'usage: npx tsx scripts/orlib-to-model.ts <file> <problem-number> <out-dir> [--force] [--known-optimum <value>]';

/** True for the errors node:util's parseArgs throws for unknown or malformed options. */
function isArgumentError(error: unknown): error is TypeError {
  return error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS');
}

/** Command-line entry: resolves to the exit code (0 ok, 1 bad input, 2 crash). */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { force: { type: 'boolean', default: false }, 'known-optimum': { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
    });
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (positionals.length !== 3) {
      process.stderr.write(`error: expected 3 arguments, found ${positionals.length}\n${USAGE}\n`);
      return 1;
    }
    const [sourcePath, problemText, folder] = positionals;
    const problemNumber = Number(problemText);
    if (!/^\d+$/.test(problemText) || problemNumber < 1) {
      process.stderr.write(`error: problem number must be a whole number >= 1 (1 = the first problem of the file), found ${JSON.stringify(problemText)}\n`);
      return 1;
    }
    const knownText = values['known-optimum'];
    const knownOptimum = knownText === undefined ? undefined : Number(knownText);
    if (knownOptimum !== undefined && !(Number.isFinite(knownOptimum) && knownOptimum > 0)) {
      process.stderr.write(`error: --known-optimum must be a number > 0, found ${JSON.stringify(knownText)}\n`);
      return 1;
    }
    if (!existsSync(sourcePath)) {
      process.stderr.write(`error: ${sourcePath}: file not found\n`);
      return 1;
    }
    const description = await convertOrLibProblem(sourcePath, problemNumber, folder, { force: values.force, ...(knownOptimum !== undefined ? { knownOptimum } : {}) });
    const optimum = description.knownOptimum === null ? 'unknown' : String(description.knownOptimum);
    process.stdout.write(`wrote ${folder} (model ${description.name}, known optimum ${optimum})\n`);
    return 0;
  } catch (error) {
    if (error instanceof InvalidInputError) {
      process.stderr.write(`error: ${error.problems.map(formatProblem).join('\n  ')}\n`);
      return 1;
    }
    if (error instanceof ModelFolderExistsError || error instanceof ModelFolderHoldsOtherFilesError || isArgumentError(error)) {
      process.stderr.write(`error: ${error.message}\n${USAGE}\n`);
      return 1;
    }
    process.stderr.write(`orlib-to-model crashed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
