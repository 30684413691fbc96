/**
 * JSON as infraplan writes it for people and other programs: indented, and with every money field
 * (a key with `Rand` as one of its words) rounded to the cent. Solver arithmetic leaves noise such as
 * 755100000.0000002 against an envelope of 755100000, which reads as an overspend to anyone who
 * checks; the plan itself keeps full precision (the checker's tolerances cover the noise).
 */

/**
 * A money key: `Rand` as a word of a camelCase name (`spentRand`, `envelopeRandByYear`), not
 * `Random`, and not a rate per rand (`objectivePerRand` is benefit per rand, about 1e-5).
 */
const MONEY_KEY = /Rand(?![a-z])/;
const RATE_KEY = /Per(Rand|Million|\d)/;
const isMoneyKey = (key: string): boolean => MONEY_KEY.test(key) && !RATE_KEY.test(key);

const toCents = (value: number): number => Math.round(value * 100) / 100;

/** Round a number, or the numbers of an array or record, to cents. */
function roundMoney(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? toCents(value) : value;
  if (Array.isArray(value)) return value.map((item) => (typeof item === 'number' && Number.isFinite(item) ? toCents(item) : item));
  if (value !== null && typeof value === 'object' && Object.values(value).every((item) => typeof item === 'number')) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toCents(item as number)]));
  }
  return value;
}

/** `value` as indented JSON with money fields in whole cents, ending in a newline. */
export function toJsonText(value: unknown): string {
  return `${JSON.stringify(value, (key, item: unknown) => (isMoneyKey(key) ? roundMoney(item) : item), 2)}\n`;
}
