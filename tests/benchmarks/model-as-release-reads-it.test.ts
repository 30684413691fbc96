/**
 * The bench hands an older release the current model as that release can read it: a column its own
 * shipped model lacks (generated_fingerprint before v0.1.0's successor) is left out of its copy, and
 * every row and every other value stay as they were (bench/issue14-cli-cases.ts).
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { modelAsReleaseReadsIt } from '../../bench/issue14-cli-cases.js';

function folderWith(root: string, name: string, files: Record<string, string>): string {
  const folder = path.join(root, name);
  mkdirSync(folder, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(folder, file), text);
  return folder;
}

describe('modelAsReleaseReadsIt', () => {
  it('leaves out the columns the release does not know and keeps every row and value', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'infraplan-release-model-'));
    const current = folderWith(root, 'current/western-cape', {
      'projects.csv': 'project_id,capex_rand,origin,generated_fingerprint\nA,"1,5",masterplan,abc123\nB,2,planner,\n',
      'needs.csv': 'municipality_code,service\nWC011,water\n',
      'model.yaml': 'name: x\n',
    });
    folderWith(root, 'release/models/western-cape', { 'projects.csv': 'project_id,capex_rand,origin\n', 'needs.csv': 'municipality_code,service\n' });
    const copy = modelAsReleaseReadsIt(current, path.join(root, 'release'), path.join(root, 'copy'));
    expect(copy).toBe(path.join(root, 'copy'));
    const rows = parse(readFileSync(path.join(copy, 'projects.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows).toEqual([
      { project_id: 'A', capex_rand: '1,5', origin: 'masterplan' },
      { project_id: 'B', capex_rand: '2', origin: 'planner' },
    ]);
    expect(readFileSync(path.join(copy, 'needs.csv'), 'utf8')).toBe('municipality_code,service\nWC011,water\n');
    expect(readFileSync(path.join(copy, 'model.yaml'), 'utf8')).toBe('name: x\n');
  });

  it('returns the model itself when the release knows every column', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'infraplan-release-model-'));
    const current = folderWith(root, 'current/western-cape', { 'projects.csv': 'project_id,origin\nA,planner\n' });
    folderWith(root, 'release/models/western-cape', { 'projects.csv': 'project_id,origin\n' });
    expect(modelAsReleaseReadsIt(current, path.join(root, 'release'), path.join(root, 'copy'))).toBe(current);
  });
});

describe('modelAsReleaseReadsIt on model.yaml', () => {
  it('leaves out the keys the release does not know (a list entry matched by id) and keeps the rest', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'infraplan-release-model-'));
    const current = folderWith(root, 'current/western-cape', {
      'needs.csv': 'municipality_code,service\nWC011,water\n',
      'model.yaml': 'name: x\nservices:\n  - id: water\n    label: Water\n  - id: thusong\n    label: Thusong\n    anchor_departments:\n      - id: sassa\n        name: SASSA\nengine:\n  relative_gap: 0.001\n  start_variables: single\n',
    });
    folderWith(root, 'release/models/western-cape', {
      'needs.csv': 'municipality_code,service\n',
      'model.yaml': 'name: y\nservices:\n  - id: water\n    label: W\n  - id: thusong\n    label: T\nengine:\n  relative_gap: 0.01\n',
    });
    const copy = modelAsReleaseReadsIt(current, path.join(root, 'release'), path.join(root, 'copy'));
    expect(copy).toBe(path.join(root, 'copy'));
    expect(parseYaml(readFileSync(path.join(copy, 'model.yaml'), 'utf8'))).toEqual({
      name: 'x',
      services: [{ id: 'water', label: 'Water' }, { id: 'thusong', label: 'Thusong' }],
      engine: { relative_gap: 0.001 },
    });
    expect(readFileSync(path.join(copy, 'needs.csv'), 'utf8')).toBe('municipality_code,service\nWC011,water\n');
  });
});
