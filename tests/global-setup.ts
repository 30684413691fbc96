/**
 * Runs once before the test files (vitest globalSetup): builds dist/ with tsc when it is missing or
 * older than a source file. The command-line tests run the built CLI (bin/infraplan.js) and the
 * worker tests the compiled workers, as users do; `npm test` has just built dist/, so there this
 * costs one look at the files' times, and a lone `npx vitest run <file>` still tests current code.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
/** The file of the build that the CLI starts from; its time stands for the whole build. */
const BUILT_ENTRY = path.join(ROOT, 'dist', 'cli', 'main.js');

/** Newest modification time of the TypeScript files under a folder, in milliseconds. */
function newestSourceMilliseconds(folder: string): number {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceMilliseconds(full));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

/** True when dist/ is missing or some source or the build configuration changed after it was built. */
function buildIsStale(): boolean {
  if (!existsSync(BUILT_ENTRY)) return true;
  const builtAt = statSync(BUILT_ENTRY).mtimeMs;
  return newestSourceMilliseconds(path.join(ROOT, 'src')) > builtAt || statSync(path.join(ROOT, 'tsconfig.json')).mtimeMs > builtAt;
}

/**
 * One temporary folder for the whole run, removed at the end: the tests (and the CLI processes they
 * start, which inherit the environment) make their scratch folders under `os.tmpdir()`, and without
 * this each run left a few hundred of them in /tmp.
 */
function useRunTemporaryFolder(): () => void {
  const runFolder = mkdtempSync(path.join(os.tmpdir(), 'infraplan-tests-'));
  // mkdtemp makes it private (0700); the read-only database test runs the CLI as another user
  // (`setpriv` to nobody when the tests run as root), which must be able to reach its files.
  chmodSync(runFolder, 0o755);
  process.env.TMPDIR = runFolder;
  process.env.TMP = runFolder;
  process.env.TEMP = runFolder;
  return () => rmSync(runFolder, { recursive: true, force: true, maxRetries: 3 });
}

/** Build dist/ when stale; returns the teardown that removes the run's temporary folder. */
export default function setup(): () => void {
  const removeRunTemporaryFolder = useRunTemporaryFolder();
  if (!buildIsStale()) return removeRunTemporaryFolder;
  try {
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'pipe' });
  } catch {
    // tsc still emits when some file has a type error; `npm test` and `npm run typecheck` report those.
  }
  if (!existsSync(BUILT_ENTRY)) throw new Error(`tsc did not produce ${path.relative(ROOT, BUILT_ENTRY)}; run npx tsc -p tsconfig.json to see why`);
  return removeRunTemporaryFolder;
}
