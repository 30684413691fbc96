/**
 * A reader that closes the pipe early (`infraplan masterplan --json | head -c 50`) must end the
 * command quietly: no Node stack trace and exit 0, as other command-line tools do (new-user review
 * u1, finding 1). The default model's master plan as JSON is about 1.4 MB, far more than a pipe
 * holds, so the child is still writing when the reader goes.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const REPOSITORY = path.resolve(import.meta.dirname, '..', '..');
const CLI = path.join(REPOSITORY, 'bin', 'infraplan.js');

describe('a closed output pipe', () => {
  it('stops printing quietly when the reader goes after the first bytes', async () => {
    const child = spawn(process.execPath, [CLI, 'masterplan', '--json'], { cwd: REPOSITORY, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let firstBytes = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.stdout.setEncoding('utf8').once('data', (chunk: string) => {
      firstBytes = chunk.slice(0, 50);
      // As `head -c 50` does: read what it needs and close its end of the pipe.
      child.stdout.destroy();
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', (exitCode) => resolve(exitCode)));
    expect(firstBytes).toContain('"model"');
    expect(stderr).not.toMatch(/EPIPE|node:events|Unhandled|at .*\.js:\d+/);
    expect(code).toBe(0);
  }, 60_000);
});
