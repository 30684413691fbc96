import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from '../cli/in-process.js';

const packageRoot = path.resolve('.');
const cli = path.join(packageRoot, 'bin', 'infraplan.js');

/**
 * Run the built CLI in a child process and capture everything it says. Asynchronous so the test
 * worker stays responsive to vitest while the child runs. The first case runs so, for the exit
 * code and output a shell sees.
 */
function runCliProcess(...argumentsList: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...argumentsList], { cwd: packageRoot, encoding: 'utf8' }, (error, stdout, stderr) => {
      const status = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
      resolve({ status, stdout, stderr });
    });
  });
}

/**
 * The same command line in this process (tests/cli/in-process.ts): the messages and exit codes
 * without a second of module loading per case. Calls queue one after another.
 */
async function runCli(...argumentsList: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const { code, stdout, stderr } = await runInProcess(argumentsList);
  return { status: code, stdout, stderr };
}

beforeAll(() => {
  // The CLI runs from dist/, which tests/global-setup.ts has built when it was stale.
  expect(existsSync(path.join(packageRoot, 'dist', 'cli', 'validate.js'))).toBe(true);
});

describe('infraplan validate', () => {
  it('prints a one-screen summary and exits 0 for a valid model (a real process)', async () => {
    const { status, stdout, stderr } = await runCliProcess('validate', 'tests/fixtures/tiny');
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout).toContain('Tiny test model (two West Coast and one Cape Winelands municipality) [tiny]');
    expect(stdout).toContain('2026/27–2029/30 (4 financial years)');
    expect(stdout).toContain('3 in 2 districts');
    expect(stdout).toContain('9: 7 candidate, 1 committed, 1 excluded');
    expect(stdout).toMatch(/RBIG\s+Regional Bulk Infrastructure Grant\s+R130\.0 million/);
    expect(stdout).toMatch(/MIG\s+Municipal Infrastructure Grant\s+R100\.0 million/);
    expect(stdout).toMatch(/total\s+R230\.0 million/);
    expect(stdout).toContain('projects (9 of 9 rows)');
    expect(stdout.split('\n').length).toBeLessThan(25);
  });

  it('reads a workbook given directly', async () => {
    const { status, stdout } = await runCli('validate', 'tests/fixtures/tiny-xlsx/model.xlsx');
    expect(status).toBe(0);
    expect(stdout).toContain('valid: no problems found');
  });

  it('prints every problem as file, row, column: message and exits 1 without a stack trace', async () => {
    const { status, stdout, stderr } = await runCli('validate', 'tests/fixtures/broken/several-problems');
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('5 problems in the input');
    expect(stderr).toContain('tests/fixtures/broken/several-problems/projects.csv, row 3, column capex_rand: expected a number > 0, found "R60m"');
    expect(stderr).toContain('tests/fixtures/broken/several-problems/funding.csv, row 7, column carry_over:');
    expect(stderr).toContain('tests/fixtures/broken/several-problems/projects.csv, row 2, column prerequisites: prerequisites form a cycle');
    expect(stderr).not.toMatch(/^\s{4}at /m);
  });

  it('shows the stack only with --debug', async () => {
    const { status, stderr } = await runCli('validate', 'tests/fixtures/broken/bad-enum', '--debug');
    expect(status).toBe(1);
    expect(stderr).toMatch(/^\s{4}at /m);
  });

  it('reports unreadable files without a stack trace', async () => {
    const fixtures = ['corrupt-xlsx', 'not-utf8', 'empty-file', 'missing-file'];
    const runs = await Promise.all(fixtures.map((fixture) => runCli('validate', `tests/fixtures/broken/${fixture}`)));
    for (const [index, fixture] of fixtures.entries()) {
      const { status, stderr } = runs[index];
      expect(status, fixture).toBe(1);
      expect(stderr, fixture).toContain(`tests/fixtures/broken/${fixture}/`);
      expect(stderr, fixture).not.toMatch(/^\s{4}at /m);
      expect(stderr, fixture).not.toContain('crashed');
    }
  });

  it('prints {valid, problems} as JSON with --json and exits 1 for an invalid model', async () => {
    const { status, stdout } = await runCli('validate', 'tests/fixtures/broken/duplicate-ids', '--json');
    expect(status).toBe(1);
    const report = JSON.parse(stdout) as { valid: boolean; problems: { file: string; row: number; column: string; message: string }[] };
    expect(report.valid).toBe(false);
    expect(report.problems).toEqual([
      {
        file: 'tests/fixtures/broken/duplicate-ids/projects.csv',
        row: 6,
        column: 'project_id',
        message: 'project WC012-W-01 already appears in row 5; ids must be unique',
      },
    ]);
  });

  it('prints valid JSON with the summary and exits 0 for a valid model', async () => {
    const { status, stdout } = await runCli('validate', 'tests/fixtures/tiny', '--json');
    expect(status).toBe(0);
    const report = JSON.parse(stdout) as { valid: boolean; problems: unknown[]; summary: { municipalityCount: number } };
    expect(report.valid).toBe(true);
    expect(report.problems).toEqual([]);
    expect(report.summary.municipalityCount).toBe(3);
  });

  it('says clearly when the model path does not exist', async () => {
    const { status, stderr } = await runCli('validate', 'no/such/model');
    expect(status).toBe(1);
    expect(stderr).toContain('no/such/model: model not found');
  });
});

describe('hostile and broken input through the CLI (issue 9): exit 1, the root problem, no stack trace', () => {
  /** Each case: the arguments, and words the one-problem message must hold. */
  const cases: readonly { readonly name: string; readonly argv: readonly string[]; readonly says: string; readonly problems: string }[] = [
    { name: 'huge numbers', argv: ['validate', 'tests/fixtures/broken/huge-numbers'], says: '(R10 trillion), found 1e308', problems: '5 problems' },
    { name: '--set into Object.prototype', argv: ['solve', 'tests/fixtures/tiny', '--set', '__proto__.scenarioPath=/etc/passwd'], says: "'__proto__' is never a key", problems: '1 problem' },
    { name: 'a typed --set value', argv: ['solve', 'tests/fixtures/tiny', '--set', 'policy.need_weight=abc'], says: 'expected a number, found "abc"', problems: '1 problem' },
    { name: 'a billion-laughs scenario', argv: ['solve', 'tests/fixtures/tiny', '--scenario', 'tests/fixtures/broken/scenarios/billion-laughs.yaml'], says: 'aliases (*name) expand to too much data', problems: '1 problem' },
    { name: 'deeply nested model.yaml', argv: ['validate', 'tests/fixtures/broken/yaml-deep'], says: 'nested too deeply', problems: '1 problem' },
    { name: 'a duplicated header', argv: ['validate', 'tests/fixtures/broken/duplicated-header'], says: 'column appears twice in the header', problems: '1 problem' },
    { name: 'a stray cell at XFD1', argv: ['validate', 'tests/fixtures/broken/stray-header-cell-xlsx'], says: 'delete the stray cell XFD1', problems: '1 problem' },
    { name: 'no growth indicator', argv: ['validate', 'tests/fixtures/broken/no-growth-indicator'], says: 'no indicator has theme growth', problems: '1 problem' },
    { name: 'a non-UTF-8 scenario', argv: ['solve', 'tests/fixtures/tiny', '--scenario', 'tests/fixtures/broken/scenarios/not-utf8.yaml'], says: 'file is not UTF-8 text', problems: '1 problem' },
  ];

  it('one clear message per class', async () => {
    const runs = await Promise.all(cases.map((entry) => runCli(...entry.argv)));
    cases.forEach((entry, index) => {
      const { status, stdout, stderr } = runs[index];
      expect(status, entry.name).toBe(1);
      expect(stdout, entry.name).toBe('');
      expect(stderr, entry.name).toContain(`error: ${entry.problems} in the input`);
      expect(stderr, entry.name).toContain(entry.says);
      expect(stderr, entry.name).not.toMatch(/^\s{4}at /m);
      expect(stderr, entry.name).not.toContain('crashed');
      expect(stderr.length, entry.name).toBeLessThan(2000);
    });
  });
});
