/** Helpers shared by the scenario tests: temporary scenario files and "nothing else changed". */
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { InvalidInputError, type DataProblem } from '../../src/errors/problems.js';

/** Write scenario files (name -> YAML text) into a fresh temporary folder and return the folder. */
export async function writeScenarioFiles(files: Record<string, string>): Promise<string> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'infraplan-scenario-'));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(folder, name)), { recursive: true });
    await writeFile(path.join(folder, name), text, 'utf8');
  }
  return folder;
}

type PathSegment = string | number;

function getAt(value: unknown, keyPath: readonly PathSegment[]): unknown {
  return keyPath.reduce<unknown>((node, key) => (node as Record<PathSegment, unknown> | undefined)?.[key], value);
}

function setAt(value: unknown, keyPath: readonly PathSegment[], replacement: unknown): void {
  const parent = getAt(value, keyPath.slice(0, -1)) as Record<PathSegment, unknown>;
  const last = keyPath[keyPath.length - 1];
  if (replacement === undefined) delete parent[last];
  else parent[last] = structuredClone(replacement);
}

/**
 * Assert that `resolved` differs from `original` only at the given paths: copy the original
 * values back into a clone of `resolved` at those paths and deep-compare the rest. Also asserts
 * each named path really did change, so the test cannot pass by changing nothing.
 */
export function expectOnlyChanged(original: unknown, resolved: unknown, changedPaths: readonly (readonly PathSegment[])[]): void {
  for (const keyPath of changedPaths) {
    expect(getAt(resolved, keyPath), `expected ${keyPath.join('.')} to change`).not.toEqual(getAt(original, keyPath));
  }
  const restored = structuredClone(resolved);
  for (const keyPath of changedPaths) setAt(restored, keyPath, getAt(original, keyPath));
  expect(restored).toEqual(original);
}

/** Run `action`, expect an InvalidInputError, and return its problems. */
export async function problemsOf(action: () => unknown): Promise<readonly DataProblem[]> {
  try {
    await action();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return (error as InvalidInputError).problems;
  }
  throw new Error('expected an InvalidInputError, but nothing was thrown');
}
