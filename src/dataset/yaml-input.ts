/**
 * YAML as infraplan reads it (model.yaml, scenario files, `--set` values): parsed with the limits a
 * hostile or broken file needs, so that "billion laughs" aliases, thousands of nested maps or an
 * exhausted stack become a located problem (exit 1) rather than a crash.
 */
import { LineCounter, isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import { MAX_YAML_ALIASES, MAX_YAML_DEPTH } from './limits.js';
import type { DataProblem } from '../errors/problems.js';

/** A parsed YAML file: its document (for line lookups), the line counter, and its plain data. */
export interface ParsedYaml {
  /** The document, for finding the line of a key. */
  readonly document: Document.Parsed;
  /** Maps offsets in the text to lines. */
  readonly lineCounter: LineCounter;
  /** The file as plain data (maps become objects, aliases expanded), undefined for an empty file. */
  readonly data: unknown;
}

/** The first line of a YAML error message, without the position yaml appends. */
function errorReason(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

/**
 * Names that are never keys in any infraplan file: as object keys they reach Object.prototype.
 * Refused here, once, for every YAML file and `--set` value, whatever the schema would say.
 */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Depth of the deepest map or list and where it is, and the first forbidden key, walked without
 * recursion (a recursive walk is what a deeply nested file is built to break).
 */
function inspectNodes(root: unknown): { depth: number; offset: number | null; forbidden: { key: string; offset: number | null } | null } {
  let deepest = { depth: 0, offset: null as number | null };
  let forbidden: { key: string; offset: number | null } | null = null;
  const stack: { node: unknown; depth: number }[] = [{ node: root, depth: 1 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth > deepest.depth) deepest = { depth, offset: (node as YamlNode).range?.[0] ?? null };
    if (depth > MAX_YAML_DEPTH) break;
    for (const item of node.items) {
      if (isPair(item)) {
        if (isScalar(item.key) && FORBIDDEN_KEYS.has(String(item.key.value))) {
          // The first in the file, whatever order the walk finds them in.
          const offset = item.key.range?.[0] ?? null;
          if (forbidden === null || (offset !== null && (forbidden.offset === null || offset < forbidden.offset))) forbidden = { key: String(item.key.value), offset };
        }
        stack.push({ node: item.key, depth: depth + 1 });
        stack.push({ node: item.value, depth: depth + 1 });
      } else {
        stack.push({ node: item, depth: depth + 1 });
      }
    }
  }
  return { ...deepest, forbidden };
}

/** True when the document holds at least one alias (`*name`); only then can expansion blow up. */
function hasAlias(root: unknown): boolean {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isAlias(node)) return true;
    if (isMap(node)) for (const pair of node.items) stack.push(pair.key, pair.value);
    else if (isSeq(node)) for (const item of node.items) stack.push(item);
  }
  return false;
}

/**
 * Parse YAML text under the limits. `allErrors` reports every syntax error (scenario files); by
 * default only the first, since later ones usually echo it. Problems name the file and line.
 */
export function parseYamlText(text: string, file: string, options: { readonly allErrors?: boolean } = {}): { yaml: ParsedYaml | null; problems: DataProblem[] } {
  const lineCounter = new LineCounter();
  const lineOf = (offset: number | null | undefined): number | null => (offset === null || offset === undefined ? null : lineCounter.linePos(offset).line);
  let document: Document.Parsed;
  try {
    document = parseDocument(text, { lineCounter, prettyErrors: false });
  } catch (error) {
    // The parser guards its own recursion, but a stack overflow anywhere inside it is still this file's doing.
    return { yaml: null, problems: [{ file, row: null, column: null, message: `not readable as YAML: ${errorReason((error as Error).message)}` }] };
  }
  if (document.errors.length > 0) {
    const errors = options.allErrors ? document.errors : document.errors.slice(0, 1);
    return {
      yaml: null,
      problems: errors.map((error) => {
        const reason = error.code === 'RESOURCE_EXHAUSTION' ? `nested too deeply to read (at most ${MAX_YAML_DEPTH} levels of maps and lists)` : errorReason(error.message);
        return { file, row: error.linePos?.[0]?.line ?? lineOf(error.pos[0]), column: null, message: `not valid YAML: ${reason}` };
      }),
    };
  }
  const inspected = inspectNodes(document.contents);
  if (inspected.depth > MAX_YAML_DEPTH) {
    return {
      yaml: null,
      problems: [{ file, row: lineOf(inspected.offset), column: null, message: `maps and lists are nested more than ${MAX_YAML_DEPTH} levels deep; no infraplan file needs more than a few` }],
    };
  }
  if (inspected.forbidden !== null) {
    const { key, offset } = inspected.forbidden;
    return { yaml: null, problems: [{ file, row: lineOf(offset), column: key, message: `'${key}' is never a key in an infraplan file` }] };
  }
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (error) {
    if (hasAlias(document.contents)) {
      return {
        yaml: null,
        problems: [{ file, row: null, column: null, message: `aliases (*name) expand to too much data (each alias may be used about ${MAX_YAML_ALIASES} times); write the values out instead` }],
      };
    }
    return { yaml: null, problems: [{ file, row: null, column: null, message: `not readable as YAML: ${errorReason((error as Error).message)}` }] };
  }
  return { yaml: { document, lineCounter, data }, problems: [] };
}

/** Parse one small YAML value (a `--set` value); null when it is not valid YAML or too large. */
export function parseYamlValue(text: string): { value: unknown } | null {
  const { yaml } = parseYamlText(text, 'command line');
  return yaml === null ? null : { value: yaml.data };
}
