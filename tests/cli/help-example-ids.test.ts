/**
 * The help's worked examples run on the embedded default model unless they name another: every
 * project id an example names must be a project of that model (a reviewer copied
 * `explain --project WC011-S-01` from the help and got "not in the model": it was a tiny-fixture id).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli-process.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const CLI_FOLDER = path.join(ROOT, 'src', 'cli');

/** The command lines of every `.example('$0 …', …)` in the CLI's sources. */
function exampleCommandLines(): { file: string; commandLine: string }[] {
  const found: { file: string; commandLine: string }[] = [];
  for (const file of readdirSync(CLI_FOLDER).filter((name) => name.endsWith('.ts'))) {
    const text = readFileSync(path.join(CLI_FOLDER, file), 'utf8');
    for (const match of text.matchAll(/\.example\(\s*'(\$0 [^']*)'/g)) found.push({ file, commandLine: match[1] });
  }
  return found;
}

describe('help examples', () => {
  it('name only projects of the default model when they run on it', () => {
    const projectsText = readFileSync(path.join(ROOT, 'models', 'western-cape', 'projects.csv'), 'utf8');
    // The id is the first column and never quoted; only later cells (descriptions) hold commas.
    const ids = new Set(projectsText.split(/\r?\n/).slice(1).map((line) => line.split(',')[0]));
    const examples = exampleCommandLines();
    expect(examples.length).toBeGreaterThan(10);
    const checked = examples.filter(({ commandLine }) => /--project /.test(commandLine) && !/tests\/fixtures|models\//.test(commandLine));
    expect(checked.length).toBeGreaterThan(0);
    for (const { file, commandLine } of checked) {
      for (const match of commandLine.matchAll(/--project (\S+)/g)) expect(ids.has(match[1]), `${file}: ${commandLine}`).toBe(true);
    }
  });

  it('prints each example command line whole, on a line of its own, its description above it as a comment (new-user review u1, 12)', async () => {
    const examples = exampleCommandLines();
    for (const command of ['run', 'explain', 'export-lp', 'sweep', 'compare', 'collect']) {
      const fromFile = examples.filter(({ file }) => file === `${command}.ts`);
      expect(fromFile.length, command).toBeGreaterThan(0);
      const { code, stdout } = await runCli([command, '--help']);
      expect(code, command).toBe(0);
      const lines = stdout.split('\n').map((line) => line.trim());
      for (const { commandLine } of fromFile) {
        const printed = commandLine.replace(/^\$0/, 'infraplan');
        const at = lines.indexOf(printed);
        expect(at, `${command} --help: ${printed}`).toBeGreaterThan(0);
        expect(lines[at - 1], `${command} --help: the line above ${printed}`).toMatch(/^# \S/);
      }
    }
  }, 60_000);
});
