/**
 * Likely duplicates across owners: the rule on hand-made pairs (each criterion alone, and the cases
 * it must leave alone), the description similarity against a hand-counted Levenshtein distance, a
 * seeded property, and `validate` flagging a provincial copy of a municipal project as a warning
 * on its file and row while the model stays valid.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { DUPLICATE_DESCRIPTION_SIMILARITY, descriptionSimilarity, findLikelyDuplicates } from '../../src/dataset/likely-duplicates.js';
import { formatProblem } from '../../src/errors/problems.js';
import type { Municipality, Project, ProjectOwner } from '../../src/dataset/types.js';
import { validateRun } from '../../src/pipeline/validate-run.js';
import { tinyProject } from '../plan/tiny-models.js';
import { RunCounter } from '../property-runs.js';

const MUNICIPAL: ProjectOwner = { sphere: 'municipal', name: 'Matzikama' };
const PROVINCIAL: ProjectOwner = { sphere: 'provincial', name: 'Infrastructure' };

const project = (id: string, overrides: Partial<Project> = {}): Project =>
  tinyProject({ id, municipalityCode: 'WC011', service: 'water', type: 'bulk_pipeline', description: id === 'A' ? 'Olifants River bulk pipeline to Vredendal' : 'Lutzville rising main and reservoir', earliestStartYear: 2026, latestStartYear: 2027, cashFlowRandByBuildYear: [1, 1], owner: MUNICIPAL, ...overrides });

const pairs = (projects: readonly Project[], municipalities?: readonly Municipality[]): string[] => findLikelyDuplicates(projects, municipalities).map(({ firstIndex, secondIndex }) => `${projects[firstIndex].id}+${projects[secondIndex].id}`);

describe('likely duplicates', () => {
  it('flags the same service and type with overlapping build years across owners', () => {
    // A builds 2026/27-2028/29 (start by 2027/28, two years); B starts 2028/29: they overlap in 2028/29 only.
    const projects = [project('A'), project('B', { owner: PROVINCIAL, earliestStartYear: 2028, latestStartYear: 2029 })];
    const [found] = findLikelyDuplicates(projects);
    expect(found.reasons).toEqual(['the same service and type (water, bulk_pipeline) with build years overlapping in 2028/29']);
  });

  it('leaves alone the same owner, another municipality, another type, years apart, and excluded projects', () => {
    expect(pairs([project('A'), project('B')])).toEqual([]);
    expect(pairs([project('A'), project('B', { owner: PROVINCIAL, municipalityCode: 'WC012' })])).toEqual([]);
    expect(pairs([project('A'), project('B', { owner: PROVINCIAL, type: 'reservoir' })])).toEqual([]);
    expect(pairs([project('A'), project('B', { owner: PROVINCIAL, earliestStartYear: 2029, latestStartYear: 2029 })])).toEqual([]);
    expect(pairs([project('A'), project('B', { owner: PROVINCIAL, status: 'excluded' })])).toEqual([]);
    // A project without an owner is its municipality's: the same owner as an explicit municipal one of that name.
    expect(pairs([project('A', { owner: undefined }), project('B')], [{ code: 'WC011', name: 'Matzikama' } as Municipality])).toEqual([]);
    expect(pairs([project('A', { owner: undefined }), project('B', { owner: PROVINCIAL })], [{ code: 'WC011', name: 'Matzikama' } as Municipality])).toEqual(['A+B']);
  });

  it('flags near-identical descriptions whatever the type and years', () => {
    const projects = [
      project('A', { description: 'Vredendal bulk water pipeline, phase 2' }),
      project('B', { owner: PROVINCIAL, type: 'reservoir', earliestStartYear: 2029, latestStartYear: 2029, description: 'Vredendal bulk-water pipeline phase 2.' }),
    ];
    expect(findLikelyDuplicates(projects)[0].reasons).toEqual(['descriptions 100% alike']);
  });

  it('measures description similarity as one minus the Levenshtein distance over the longer length', () => {
    // "olifants river pipeline" (23) against "olifant river pipelines" (23): drop one s, add one s = distance 2.
    expect(descriptionSimilarity('Olifants River pipeline', 'Olifant River pipelines')).toBeCloseTo(1 - 2 / 23, 12);
    expect(descriptionSimilarity('Reservoir', 'Wastewater treatment works')).toBeLessThan(DUPLICATE_DESCRIPTION_SIMILARITY);
  });

  it('never flags two projects of one owner, and flags a pair the same whichever comes first (seeded property)', () => {
    const runs = new RunCounter();
    const arbitraryProject = fc.record({
      type: fc.constantFrom('bulk_pipeline', 'reservoir'),
      description: fc.constantFrom('Vredendal bulk pipeline', 'Vredendal bulk pipelines', 'Klawer reservoir'),
      earliestStartYear: fc.integer({ min: 2026, max: 2029 }),
      provincial: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(arbitraryProject, { minLength: 2, maxLength: 6 }), (drawn) => {
        const projects = drawn.map((draw, index) => project(`P${index}`, { ...draw, latestStartYear: draw.earliestStartYear, owner: draw.provincial ? PROVINCIAL : MUNICIPAL }));
        const found = findLikelyDuplicates(projects);
        for (const pair of found) expect(projects[pair.firstIndex].owner).not.toEqual(projects[pair.secondIndex].owner);
        const reversed = [...projects].reverse();
        const key = (list: readonly Project[]) => findLikelyDuplicates(list).map(({ firstIndex, secondIndex }) => [list[firstIndex].id, list[secondIndex].id].sort().join('+')).sort();
        expect(key(reversed)).toEqual(key(projects));
        runs.count(found.length > 0);
      }),
      { seed: 13, numRuns: 200 },
    );
    // A run with no pair checks only the symmetry; at least half the draws hold a pair.
    runs.expectMostChecked(200, 0.5);
  });
});

describe('validate', () => {
  const folders: string[] = [];
  afterAll(async () => {
    for (const folder of folders) await rm(folder, { recursive: true, force: true });
  });

  it("warns, with file and row, of a provincial department's copy of a municipal project, and the model stays valid", async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'infraplan-duplicates-'));
    folders.push(folder);
    await cp('tests/fixtures/tiny', folder, { recursive: true });
    const file = path.join(folder, 'projects.csv');
    const text = await readFile(file, 'utf8');
    // A copy of WC011-W-01 (row 2) under the province's id and name.
    const copy = text.split('\n')[1].replace('WC011-W-01', 'WC011-P-01').replace('municipal,Matzikama', 'provincial,Infrastructure');
    await writeFile(file, `${text.trimEnd()}\n${copy}\n`);
    const report = await validateRun(folder);
    expect(report.valid).toBe(true);
    expect(report.warnings.map(formatProblem)).toEqual([
      `${file}, row 11, column project_id: project WC011-P-01 (provincial: Infrastructure) is likely a duplicate of WC011-W-01 in row 2 (municipal: Matzikama), both in WC011: ` +
        'the same service and type (water, bulk_pipeline) with build years overlapping in 2026/27–2029/30; descriptions 100% alike. If they are the same works, keep one; if not, make the descriptions tell them apart',
      // The copy also claims WC011-W-01's households a second time (checks.ts, servedBeyondBacklogWarnings).
      `${file}, row 11, column households_served: projects WC011-W-01, WC011-P-01 could be funded together and serve 2,400 households, more than the 1,500 of WC011's water backlog; ` +
        'if they serve the same households, give each only those it adds (reports count at most the backlog as served)',
    ]);
    // The tiny model itself has none.
    expect((await validateRun('tests/fixtures/tiny')).warnings).toEqual([]);
  });
});
