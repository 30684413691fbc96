/**
 * A planner's backlog row that replaces the master plan's generated backlog phases (the planner's
 * row wins over every generated project of its municipality, service and asset type) is a warning
 * on its row when it serves fewer households than the phases it replaces, with how to keep them;
 * and the served-beyond-backlog check no longer counts the replaced phases beside it. A new user's
 * review (u2, finding 8) added one 900-household row to the default model and lost, without a word
 * in validate, the two funded phases serving all 4,255 households of WC022's water backlog.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateRun } from '../../src/pipeline/validate-run.js';

const ADDED_ROW =
  'WC022-W-NEW-1,WC022,water,backlog_eradication,Witzenberg: Tulbagh yard connections (planner addition),45000000,50;50,900,0.00,2027/28,2031/32,,,MIG;WSIG;PROV;OWN,candidate,,municipal,Witzenberg,,,,,,yes,planner,';

const scratch = mkdtempSync(path.join(tmpdir(), 'infraplan-replacement-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A copy of the default model with the planner's row added; `plannerIds` are generated rows set to origin planner. */
function modelWithAddedRow(name: string, plannerIds: readonly string[] = []): string {
  const folder = path.join(scratch, name);
  cpSync(path.resolve('models/western-cape'), folder, { recursive: true });
  const file = path.join(folder, 'projects.csv');
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  const originColumn = lines[0].split(',').indexOf('origin');
  const edited = lines.map((line) => {
    const cells = line.split(',');
    if (!plannerIds.includes(cells[0])) return line;
    cells[originColumn] = 'planner';
    return cells.join(',');
  });
  writeFileSync(file, [...edited, ADDED_ROW].join('\n') + '\n');
  return folder;
}

describe("a planner's backlog row replacing generated phases", () => {
  it('is a warning on its row naming the phases and the households left, not a served-beyond-backlog warning', async () => {
    const report = await validateRun(modelWithAddedRow('added'));
    expect(report.valid).toBe(true);
    const messages = report.warnings.map((warning) => warning.message);
    const replacement = report.warnings.find((warning) => warning.message.startsWith('WC022-W-NEW-1 replaces'));
    expect(replacement?.row).toBe(335);
    expect(replacement?.column).toBe('project_type');
    expect(replacement?.message).toBe(
      "WC022-W-NEW-1 replaces the master plan's WC022-W-BL-1, WC022-W-BL-2 (WC022 water backlog), serving 3,355 fewer households of the backlog than them; to plan them beside your row, set origin to planner on those rows in projects.csv",
    );
    expect(messages.some((message) => message.includes('could be funded together') && message.includes('WC022-W-NEW-1'))).toBe(false);
  }, 60_000);

  it('following the advice keeps the phases beside it: no replacement, and the overlap is named instead', async () => {
    const report = await validateRun(modelWithAddedRow('kept', ['WC022-W-BL-1', 'WC022-W-BL-2']));
    expect(report.valid).toBe(true);
    const messages = report.warnings.map((warning) => warning.message);
    expect(messages.some((message) => message.includes('replaces the master plan'))).toBe(false);
    expect(messages).toContain(
      "projects WC022-W-BL-1, WC022-W-BL-2, WC022-W-NEW-1 could be funded together and serve 5,155 households, more than the 4,255 of WC022's water backlog; if they serve the same households, give each only those it adds (reports count at most the backlog as served)",
    );
  }, 60_000);
});
