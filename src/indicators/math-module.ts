/**
 * mathjs (its number-only build), loaded on first use. Loading it takes about 0.6 s, which is most
 * of the CLI's start-up; `--help`, option errors and the commands that compute no index or
 * statistic should not wait for it. mathjs ships CommonJS, so a synchronous require keeps the
 * statistical functions synchronous.
 */
import { createRequire } from 'node:module';

type MathNumber = typeof import('mathjs/number');

const requireFromHere = createRequire(import.meta.url);
let mathjs: MathNumber | undefined;

/** The mathjs number-only module. */
export function loadMathjs(): MathNumber {
  mathjs ??= requireFromHere('mathjs/number') as MathNumber;
  return mathjs;
}
