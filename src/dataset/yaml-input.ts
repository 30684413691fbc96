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

/** Tags a value may carry explicitly (`!!str 1`); anything else (`!!binary`, `!!set`, `!custom`) is refused. */
const PLAIN_TAGS: ReadonlySet<string> = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((name) => `tag:yaml.org,2002:${name}`));

/** Something in a file's structure that no infraplan file holds, with where it is. */
interface StructureProblem {
  readonly offset: number | null;
  readonly message: string;
  /** The forbidden key, when that is the problem (reported as the problem's column). */
  readonly forbiddenKey?: string;
}

/** Keep the problem that comes first in the file. */
function earlier(current: StructureProblem | null, found: StructureProblem): StructureProblem {
  if (current === null) return found;
  if (found.offset !== null && (current.offset === null || found.offset < current.offset)) return found;
  return current;
}

/** The tag as written: `!!binary` for the YAML tags, the tag itself otherwise. */
function tagWords(tag: string): string {
  return tag.startsWith('tag:yaml.org,2002:') ? `!!${tag.slice('tag:yaml.org,2002:'.length)}` : tag;
}

/**
 * Depth of the deepest map or list and where it is, and the first key or value no infraplan file
 * may hold, walked without recursion (a recursive walk is what a deeply nested file is built to
 * break): a forbidden key, a key given twice in one mapping (checked here with one set per map: the
 * yaml package's own check compares every key with every other, minutes for 200 000 keys), a list or
 * map used as a key (`? [a, b]`, which JavaScript objects cannot hold), or a tag such as `!!binary`.
 */
function inspectNodes(root: unknown): { depth: number; offset: number | null; structure: StructureProblem | null } {
  let deepest = { depth: 0, offset: null as number | null };
  let structure: StructureProblem | null = null;
  const stack: { node: unknown; depth: number }[] = [{ node: root, depth: 1 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    const tag = (node as { tag?: unknown } | null)?.tag;
    if (typeof tag === 'string' && !PLAIN_TAGS.has(tag)) {
      structure = earlier(structure, { offset: (node as YamlNode).range?.[0] ?? null, message: `the tag ${tagWords(tag)} is not used in infraplan files; write the value plainly (a number, a word, a list or a mapping)` });
    }
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth > deepest.depth) deepest = { depth, offset: (node as YamlNode).range?.[0] ?? null };
    if (depth > MAX_YAML_DEPTH) break;
    const keys = isMap(node) ? new Set<string>() : null;
    for (const item of node.items) {
      if (isPair(item)) {
        const offset = (item.key as YamlNode | null)?.range?.[0] ?? null;
        if (isScalar(item.key)) {
          const key = String(item.key.value);
          if (FORBIDDEN_KEYS.has(key)) structure = earlier(structure, { offset, message: `'${key}' is never a key in an infraplan file`, forbiddenKey: key });
          if (keys!.has(key)) structure = earlier(structure, { offset, message: `not valid YAML: the key '${shortKey(key)}' appears twice in the same mapping` });
          keys!.add(key);
        } else if (isMap(item.key) || isSeq(item.key)) {
          structure = earlier(structure, { offset, message: 'a key must be a plain name, not a list or a mapping (`? [a, b]`); write one key per line' });
        }
        stack.push({ node: item.key, depth: depth + 1 });
        stack.push({ node: item.value, depth: depth + 1 });
      } else {
        stack.push({ node: item, depth: depth + 1 });
      }
    }
  }
  return { ...deepest, structure };
}

/** A key as quoted in a message: at most 60 characters. */
function shortKey(key: string): string {
  return key.length <= 60 ? key : `${key.slice(0, 59)}…`;
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

/** Plain words for the yaml package's errors that would otherwise reach the user as its own advice. */
const YAML_ERROR_WORDS: Readonly<Record<string, string>> = {
  MULTIPLE_DOCS: "the file holds more than one YAML document (a line '---' or '...' starts another); an infraplan file is one document: remove the separator line",
};

/**
 * A mis-indented key in words, where the YAML library says "All mapping items must start at the
 * same column (column 1)", which reads as if column 1 were wrong (new-user review u2, 2): the column
 * the key starts at and the indentation of the key above it, e.g. `column 8: the key 'sanitation'
 * is indented 7 spaces, the line above it (line 4) 8; the keys of one mapping must start at the same
 * column`. Null when the lines do not show it (a key that is not on its own line).
 */
function badIndentationWords(text: string, lineNumber: number): string | null {
  const lines = text.split(/\r?\n/);
  const line = lines[lineNumber - 1];
  if (line === undefined) return null;
  const indentOf = (value: string): number => /^ */.exec(value)![0].length;
  const keyMatch = /^ *(?:- +)?([^\s:#][^:#]*?)\s*:(?:\s|$)/.exec(line);
  let above = lineNumber - 2;
  while (above >= 0 && (lines[above].trim() === '' || lines[above].trim().startsWith('#'))) above -= 1;
  if (keyMatch === null || above < 0) return null;
  const indent = indentOf(line);
  const aboveIndent = indentOf(lines[above]);
  const spaces = (count: number): string => `${count} space${count === 1 ? '' : 's'}`;
  return (
    `column ${indent + 1}: the key '${shortKey(keyMatch[1])}' is indented ${spaces(indent)}, the line above it (line ${above + 1}) ${spaces(aboveIndent)}; ` +
    'the keys of one mapping must start at the same column (indent it as far as the keys it belongs with)'
  );
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
    // uniqueKeys off: the duplicate check of inspectNodes is linear, the package's is quadratic.
    document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  } catch (error) {
    // The parser guards its own recursion, but a stack overflow anywhere inside it is still this file's doing.
    return { yaml: null, problems: [{ file, row: null, column: null, message: `not readable as YAML: ${errorReason((error as Error).message)}` }] };
  }
  if (document.errors.length > 0) {
    // Deep nesting can be reported more than once, and with syntax errors of the text the parser
    // gave up on, depending on how deep the stack already was when it gave up (a full test run
    // saw two problems where a lone run saw one): its first report alone is the problem.
    const exhaustion = document.errors.find((error) => error.code === 'RESOURCE_EXHAUSTION');
    const reported = exhaustion === undefined ? document.errors : [exhaustion];
    const errors = options.allErrors ? reported : reported.slice(0, 1);
    return {
      yaml: null,
      problems: errors.map((error) => {
        const reason =
          error.code === 'RESOURCE_EXHAUSTION' ? `nested too deeply to read (at most ${MAX_YAML_DEPTH} levels of maps and lists)` : (YAML_ERROR_WORDS[error.code] ?? errorReason(error.message));
        // The column too, for a plain syntax error: it is often one character (a missing space after a colon, a tab).
        const position = error.linePos?.[0] ?? (error.pos[0] === undefined ? undefined : lineCounter.linePos(error.pos[0]));
        const plain = error.code !== 'RESOURCE_EXHAUSTION' && YAML_ERROR_WORDS[error.code] === undefined;
        if (error.code === 'BAD_INDENT' && position !== undefined) {
          const indentation = badIndentationWords(text, position.line);
          if (indentation !== null) return { file, row: position.line, column: null, message: `not valid YAML: ${indentation}` };
        }
        const at = position === undefined || !plain ? '' : ` (column ${position.col})`;
        return { file, row: position?.line ?? null, column: null, message: `not valid YAML: ${reason}${at}` };
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
  if (inspected.structure !== null) {
    const { offset, message } = inspected.structure;
    return { yaml: null, problems: [{ file, row: lineOf(offset), column: inspected.structure.forbiddenKey ?? null, message }] };
  }
  const unresolvedTag = document.warnings.find((warning) => warning.code === 'TAG_RESOLVE_FAILED');
  if (unresolvedTag !== undefined) {
    return { yaml: null, problems: [{ file, row: unresolvedTag.linePos?.[0]?.line ?? lineOf(unresolvedTag.pos[0]), column: null, message: `${errorReason(unresolvedTag.message).replace(/^Unresolved tag: /, 'the tag ')} is not used in infraplan files; write the value plainly` }] };
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
