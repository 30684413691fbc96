/**
 * Scenario layers: one validated set of overrides with where it came from. A scenario file, each
 * file in its `extends` chain and the command line each make one layer; resolve-scenario.ts stacks
 * them with the nearer layer winning.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { isMap, isPair, isScalar, isSeq, type LineCounter, type Node } from 'yaml';
import type { z } from 'zod';
import { readInputText } from '../dataset/input-file.js';
import { findPackageRoot } from '../dataset/package-root.js';
import { InvalidInputError, shortenText, type DataProblem } from '../errors/problems.js';
import { suggestColumn } from '../dataset/schemas.js';
import { parseYamlText } from '../dataset/yaml-input.js';
import { describeValueIssue } from '../dataset/zod-messages.js';
import { delaySchema, engineOverrideSchema, envelopeOverrideSchema, ringFenceSchema, scenarioFileSchema, type ScenarioFile } from './scenario-schema.js';
import { POLICY_KEYS } from '../rules/registry.js';
import { MASTERPLAN_KEYS } from '../dataset/masterplan-settings.js';

/** A key path inside a scenario, e.g. `['envelopes', 2, 'change_percent']`. */
export type KeyPath = readonly (string | number)[];

/** One layer of overrides. */
export interface ScenarioLayer {
  /** Where the layer came from, as shown to the user: a file path, or `command line`. */
  readonly label: string;
  /** The validated settings. */
  readonly settings: ScenarioFile;
  /** 1-based line of a key path in the file, or null when unknown (always null for the command line). */
  readonly locate: (keyPath: KeyPath) => number | null;
}

/** Render a key path the way errors and override lines show it: `envelopes[2].change_percent`. */
export function formatKeyPath(keyPath: KeyPath): string {
  let text = '';
  for (const segment of keyPath) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? segment : `.${segment}`;
  }
  return text;
}

/** Make a problem located in a layer. */
export function layerProblem(layer: ScenarioLayer, keyPath: KeyPath, message: string): DataProblem {
  return { file: layer.label, row: layer.locate(keyPath), column: keyPath.length ? formatKeyPath(keyPath) : null, message };
}

/** Every key a scenario may hold at each level (list items by their list's key), for typo suggestions. */
const SCENARIO_KEYS: Readonly<Record<string, readonly string[]>> = {
  '': Object.keys(scenarioFileSchema.shape),
  policy: POLICY_KEYS,
  ...MASTERPLAN_KEYS,
  engine: Object.keys(engineOverrideSchema.shape),
  envelopes: Object.keys(envelopeOverrideSchema.shape),
  delays: Object.keys(delaySchema.shape),
  ring_fenced: Object.keys(ringFenceSchema.shape),
};

/**
 * An example of each top-level list whose entries are mappings, for "expected a list": the generic
 * `[A, B]` misled for `delays: {RBIG: one}` (new-user review u1, 16), where each entry is a mapping.
 */
const LIST_EXAMPLES: Readonly<Record<string, string>> = {
  delays: '[{source: RBIG, delay_years: 1}]',
  envelopes: '[{source: MIG, change_percent: -20}]',
  ring_fenced: "[{project: WC011-S-WWTW-1, source: MIG, years: '2028/29', amount_rand: 2100000}]",
};

/** "expected a list" with the list's own example, for a top-level list of mappings; null for any other issue. */
function listIssueWords(issue: z.core.$ZodIssue, issuePath: KeyPath): string | null {
  if (issue.code !== 'invalid_type' || issue.expected !== 'array' || issue.input === undefined || issuePath.length !== 1) return null;
  const example = LIST_EXAMPLES[String(issuePath[0])];
  return example === undefined ? null : describeValueIssue(issue).replace('a list, e.g. [A, B]', `a list, e.g. ${example}`);
}

/** Unknown keys of one mapping listed one problem each; beyond, one problem counts the rest. */
const UNKNOWN_KEYS_LISTED_ONE_BY_ONE = 20;
/** Longest key quoted in a message (issue 9 review, finding 11: an over-long key was quoted whole). */
const MAX_KEY_CHARACTERS_QUOTED = 60;

/** Turn zod issues into problems, one per unknown key (up to a count) so each can be found in the file. */
export function issuesToProblems(
  issues: readonly z.core.$ZodIssue[],
  file: string,
  locate: (keyPath: KeyPath) => number | null,
): DataProblem[] {
  const problems: DataProblem[] = [];
  for (const issue of issues) {
    const issuePath = issue.path.map((segment) => (typeof segment === 'number' ? segment : String(segment)));
    if (issue.code === 'unrecognized_keys') {
      // A few unknown keys are listed one by one, so each can be found; the rest of a flood as one line.
      const listed = issue.keys.slice(0, UNKNOWN_KEYS_LISTED_ONE_BY_ONE);
      const rest = issue.keys.length - listed.length;
      if (rest > 0) {
        problems.push({
          file,
          row: locate([...issuePath, issue.keys[listed.length]]),
          column: issuePath.length ? formatKeyPath(issuePath) : null,
          message: `${rest.toLocaleString('en-GB')} more unknown keys (${issue.keys.slice(listed.length, listed.length + 3).map((key) => `'${shortenText(key, MAX_KEY_CHARACTERS_QUOTED)}'`).join(', ')}, …) (see docs/scenarios.md for the keys a scenario may set)`,
        });
      }
      for (const key of listed) {
        const keyPath = [...issuePath, key];
        problems.push({
          file,
          row: locate(keyPath),
          column: shortenText(formatKeyPath(keyPath), MAX_KEY_CHARACTERS_QUOTED),
          message: `unknown key '${shortenText(key, MAX_KEY_CHARACTERS_QUOTED)}'${suggestColumn(key.slice(0, MAX_KEY_CHARACTERS_QUOTED), SCENARIO_KEYS[issuePath.filter((segment) => typeof segment === 'string').join('.')] ?? [])} (see docs/scenarios.md for the keys a scenario may set)`,
        });
      }
      continue;
    }
    problems.push({
      file,
      row: locate(issuePath),
      column: issuePath.length ? formatKeyPath(issuePath) : null,
      message: listIssueWords(issue, issuePath) ?? describeValueIssue(issue),
    });
  }
  // zod reports in schema order; a reader fixes a file top to bottom.
  const rowOf = (problem: DataProblem): number => problem.row ?? Number.MAX_SAFE_INTEGER;
  return problems.sort((first, second) => rowOf(first) - rowOf(second));
}

/**
 * Line lookup over a parsed YAML document: the deepest node of the path that exists. Each map's
 * keys are indexed the first time the map is looked into, so locating one problem per key of a
 * map of n keys costs n lookups, not n searches of n keys (issue 9 review, finding 8: 200 000
 * unknown keys took minutes).
 */
function makeLocator(contents: Node | null, lineCounter: LineCounter): (keyPath: KeyPath) => number | null {
  const indexes = new WeakMap<object, Map<string, { key: Node; value: unknown }>>();
  const indexOf = (map: { items: unknown[] }): Map<string, { key: Node; value: unknown }> => {
    let index = indexes.get(map);
    if (index === undefined) {
      index = new Map();
      for (const item of map.items) {
        // The first pair of a key wins, as the linear search did.
        if (isPair(item) && isScalar(item.key) && !index.has(String(item.key.value))) index.set(String(item.key.value), { key: item.key as Node, value: item.value });
      }
      indexes.set(map, index);
    }
    return index;
  };
  return (keyPath) => {
    let node: unknown = contents;
    let offset: number | null = (contents as Node | null)?.range?.[0] ?? null;
    for (const segment of keyPath) {
      if (isMap(node)) {
        const pair = indexOf(node).get(String(segment));
        if (!pair) break;
        offset = pair.key.range?.[0] ?? offset;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
        node = node.items[segment];
        offset = (node as Node).range?.[0] ?? offset;
      } else {
        break;
      }
    }
    return offset === null ? null : lineCounter.linePos(offset).line;
  };
}

/**
 * Top-level keys whose mistake makes the model's checks of the rest of the file meaningless: a
 * wrong horizon moves every year check, a wrong `extends` changes which file is below this one.
 */
const KEYS_THE_MODEL_CHECKS_NEED = new Set(['horizon_years', 'extends']);
/** Rounds of leaving out wrong keys before the model's checks give up on a file. */
const MAX_PRUNING_ROUNDS = 5;

/** One scenario file read: the layer of its valid keys (null when none can be trusted) and its shape problems. */
export interface ParsedScenarioText {
  /** The file's settings, leaving out every key with a shape problem; null when the rest cannot be checked. */
  readonly layer: ScenarioLayer | null;
  /** Shape problems (YAML, types, ranges, unknown keys), each with file, line and key. */
  readonly problems: readonly DataProblem[];
}

/**
 * Where to cut a wrong value out of a scenario so that the rest can still be checked against the
 * model: the key under a list's name is the list itself (removing one entry would renumber the
 * others' key paths), otherwise the key at most two levels down (`policy.min_service_share`).
 * Null when the problem is the file as a whole.
 */
function prunePathsOf(issue: z.core.$ZodIssue): (string | number)[][] | null {
  const issuePath = issue.path.map((segment) => (typeof segment === 'number' ? segment : String(segment)));
  const paths = issue.code === 'unrecognized_keys' ? issue.keys.map((key) => [...issuePath, key]) : [issuePath];
  const cut: (string | number)[][] = [];
  for (const keyPath of paths) {
    const firstIndex = keyPath.findIndex((segment) => typeof segment === 'number');
    const end = Math.min(firstIndex === -1 ? keyPath.length : firstIndex, 2);
    if (end === 0) return null;
    cut.push(keyPath.slice(0, end));
  }
  return cut;
}

/**
 * Parse and validate the text of one scenario file, collecting every shape problem; the keys
 * without one are kept in the layer, so that the model's checks (unknown services, sources,
 * projects) can report their problems in the same run (new-user review u2, 17: `change_percent:
 * -15%` hid an unknown service two keys below until it was fixed).
 */
export function parseScenarioTextCollecting(text: string, label: string): ParsedScenarioText {
  const { yaml, problems } = parseYamlText(text, label, { allErrors: true });
  if (yaml === null) return { layer: null, problems };
  const locate = makeLocator(yaml.document.contents as Node | null, yaml.lineCounter);
  // An empty file is a valid scenario that changes nothing.
  const raw: unknown = yaml.data ?? {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { layer: null, problems: [{ file: label, row: 1, column: null, message: 'a scenario file must be a mapping of keys to values' }] };
  }
  let parsed = scenarioFileSchema.safeParse(raw, { reportInput: true });
  if (parsed.success) return { layer: { label, settings: parsed.data, locate }, problems: [] };
  const shapeProblems = issuesToProblems(parsed.error.issues, label, locate);
  const kept = structuredClone(raw) as Record<string, unknown>;
  for (let round = 0; round < MAX_PRUNING_ROUNDS && !parsed.success; round += 1) {
    for (const issue of parsed.error.issues) {
      const cuts = prunePathsOf(issue);
      if (cuts === null || cuts.some((cut) => KEYS_THE_MODEL_CHECKS_NEED.has(String(cut[0])))) return { layer: null, problems: shapeProblems };
      for (const cut of cuts) {
        let holder: unknown = kept;
        for (const segment of cut.slice(0, -1)) holder = holder !== null && typeof holder === 'object' ? (holder as Record<string, unknown>)[String(segment)] : undefined;
        if (holder !== null && typeof holder === 'object') delete (holder as Record<string, unknown>)[String(cut[cut.length - 1])];
      }
    }
    parsed = scenarioFileSchema.safeParse(kept, { reportInput: true });
  }
  return { layer: parsed.success ? { label, settings: parsed.data, locate } : null, problems: shapeProblems };
}

/** Parse and validate the text of one scenario file. Throws InvalidInputError naming file, line and key of every shape problem. */
export function parseScenarioText(text: string, label: string): ScenarioLayer {
  const { layer, problems } = parseScenarioTextCollecting(text, label);
  if (problems.length > 0 || layer === null) throw new InvalidInputError(problems);
  return layer;
}

/** Folder of the scenarios shipped with infraplan. */
const SHIPPED_SCENARIOS_FOLDER = 'scenarios';

/**
 * The scenario file a command-line argument names. A path that exists is used as written. Otherwise
 * one of the shipped scenarios, as the README and the help examples name them, from any folder (as
 * models are found by bare name): `budget-cut-20`, `budget-cut-20.yaml` or `scenarios/budget-cut-20.yaml`
 * is the package's `scenarios/budget-cut-20.yaml`. Anything else is returned unchanged, so the
 * error names the path the user gave.
 */
export function resolveScenarioPath(argument: string): string {
  if (existsSync(argument)) return argument;
  return shippedScenarioPath(argument) ?? argument;
}

/**
 * The shipped scenario a name means (`budget-cut-20`, `budget-cut-20.yaml` or
 * `scenarios/budget-cut-20.yaml`), or null when the name is a longer path or no shipped scenario
 * has it.
 */
function shippedScenarioPath(name: string): string | null {
  const parts = path.normalize(name).split(/[\\/]/).filter((part) => part !== '' && part !== '.');
  const nameParts = parts.length === 2 && parts[0] === SHIPPED_SCENARIOS_FOLDER ? parts.slice(1) : parts;
  if (nameParts.length !== 1) return null;
  const fileName = /\.ya?ml$/i.test(nameParts[0]) ? nameParts[0] : `${nameParts[0]}.yaml`;
  const shipped = path.join(findPackageRoot(), SHIPPED_SCENARIOS_FOLDER, fileName);
  return existsSync(shipped) ? shipped : null;
}

/** The names of the shipped scenarios (`baseline, basic-needs-first, budget-cut-20, ...`), for a "no such file" message. */
export function shippedScenarioNames(): string[] {
  try {
    return readdirSync(path.join(findPackageRoot(), SHIPPED_SCENARIOS_FOLDER))
      .filter((file) => /\.ya?ml$/i.test(file))
      .map((file) => file.replace(/\.ya?ml$/i, ''))
      .sort();
  } catch {
    return [];
  }
}

/** `; the scenarios shipped with infraplan, by name: baseline, budget-cut-20, ...` or nothing when none is found. */
function shippedNamesWords(): string {
  const names = shippedScenarioNames();
  return names.length === 0 ? '' : `; the scenarios shipped with infraplan, usable by name from any folder: ${names.join(', ')}`;
}

/**
 * Read a scenario file and every file it extends, farthest ancestor first. Paths in `extends` are
 * relative to the file that names them; labels keep the user's own relative form, so the override
 * lines read `scenarios/baseline.yaml` rather than an absolute path.
 */
export async function readScenarioChain(scenarioPath: string): Promise<ScenarioLayer[]> {
  const { layers, problems } = await readScenarioChainCollecting(scenarioPath);
  if (problems.length > 0) throw new InvalidInputError(problems);
  return layers;
}

/**
 * readScenarioChain, returning the shape problems of every file instead of throwing at the first
 * file that has one, with the layers of the keys that passed (resolveScenario checks those against
 * the model and reports both at once). A file whose remaining keys cannot be trusted ends the chain
 * there. Unreadable files and cycles still throw: nothing below them can be read.
 */
export async function readScenarioChainCollecting(scenarioPath: string): Promise<{ layers: ScenarioLayer[]; problems: DataProblem[] }> {
  const chain: ScenarioLayer[] = [];
  const shapeProblems: DataProblem[] = [];
  const visited: string[] = [];
  let label = path.normalize(resolveScenarioPath(scenarioPath));
  // The file read; the label differs only for a shipped scenario an `extends` names by name.
  let filePath = label;
  let referrer: { layer: ScenarioLayer } | null = null;
  for (;;) {
    const absolute = path.resolve(filePath);
    if (visited.includes(absolute)) {
      const cycle = [...chain.map((layer) => layer.label), label].join(' -> ');
      throw new InvalidInputError([
        layerProblem(referrer!.layer, ['extends'], `the extends chain has a cycle: ${cycle}`),
      ]);
    }
    visited.push(absolute);
    // Through the same gate as model files: a regular file, at most 10 MB, UTF-8.
    const read = await readInputText(absolute, label, 'yaml', { missingMessage: 'no such file' });
    if (read.text === null) {
      const [problem] = read.problems;
      const missing = read.bytes === null && !existsSync(absolute);
      if (referrer && read.bytes === null) {
        throw new InvalidInputError([
          layerProblem(referrer.layer, ['extends'], `cannot read the extended scenario ${label}: ${problem.message}${missing ? `, and no shipped scenario has that name${shippedNamesWords()}` : ''}`),
        ]);
      }
      if (read.bytes === null) throw new InvalidInputError([{ ...problem, message: `cannot read the scenario file: ${problem.message}${missing ? shippedNamesWords() : ''}` }]);
      throw new InvalidInputError(read.problems);
    }
    const parsedText = parseScenarioTextCollecting(read.text, label);
    shapeProblems.push(...parsedText.problems);
    if (parsedText.layer === null) throw new InvalidInputError(shapeProblems);
    const layer = parsedText.layer;
    chain.push(layer);
    const parent = layer.settings.extends;
    if (parent === undefined) break;
    // Relative to the extending file; an absolute path stays as written. A name no file next to it
    // has is a shipped scenario's, as --scenario finds one (new-user review u1, 16), and its label
    // says so, so the overrides list names the file that was used.
    const besideIt = path.isAbsolute(parent) ? path.normalize(parent) : path.normalize(path.join(path.dirname(filePath), parent));
    const shipped = existsSync(besideIt) ? null : shippedScenarioPath(parent);
    label = shipped === null ? besideIt : `the shipped scenario ${SHIPPED_SCENARIOS_FOLDER}/${path.basename(shipped)}`;
    filePath = shipped ?? besideIt;
    referrer = { layer };
  }
  return { layers: chain.reverse(), problems: shapeProblems };
}
