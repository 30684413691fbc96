/**
 * A return that corrects a row the master plan wrote (origin masterplan, with generated_fingerprint)
 * reaches the plan: the corrected row no longer matches its fingerprint, so the master plan stage
 * plans it as returned instead of regenerating it (docs/masterplan.md, docs/returns.md).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/dataset/load-model.js';
import { modelTablesFromDataset } from '../../src/dataset/write-model.js';
import { applyMasterPlan } from '../../src/masterplan/apply-master-plan.js';
import { collectReturns, ensureStoreModel } from '../../src/returns/collect-returns.js';
import { exportModel } from '../../src/store/export-model.js';
import { ReturnStore } from '../../src/store/store.js';
import { fillForm, makeForm } from './return-helpers.js';

const folders: string[] = [];
afterAll(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

describe('a return correcting a generated register row', () => {
  it('is planned as returned, not regenerated, with the warning naming the row', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'infraplan-generated-return-'));
    folders.push(folder);
    // tests/fixtures/masterplan with its merged register as projects.csv, as the generator writes the shipped models.
    const { capacityBalances: _balances, ...planned } = applyMasterPlan(await loadModel('tests/fixtures/masterplan')).dataset;
    const model = modelTablesFromDataset(planned);
    expect(model.tables.projects.columns).toContain('generated_fingerprint');
    const store = ReturnStore.open(path.join(folder, 'returns.sqlite'), { create: true });
    try {
      ensureStoreModel(store, { model, source: 'tests/fixtures/masterplan' }, { now: () => new Date('2026-01-01T00:00:00Z') });
      const form = await makeForm(model, folder, 'WC011');
      const filled = await fillForm(form, path.join(folder, 'WC011-return.xlsx'), ({ projects }) => {
        const row = projects.rowOf('project_id', 'WC011-W-BL-1');
        expect(projects.get('origin', row)).toBe('masterplan');
        // The fingerprint is pre-filled and locked (grey), as the ids are.
        expect(projects.get('generated_fingerprint', row)).toMatch(/^[0-9a-f]{12}$/);
        const column = (projects.sheet.getRow(1).values as unknown[]).indexOf('generated_fingerprint');
        expect(projects.sheet.getCell(row, column).protection?.locked).not.toBe(false);
        expect(projects.sheet.getCell(row, (projects.sheet.getRow(1).values as unknown[]).indexOf('capex_rand')).protection?.locked).toBe(false);
        projects.set('capex_rand', row, 15000000);
        projects.set('status', row, 'excluded');
      });
      const [collected] = (await collectReturns([filled], store, { now: () => new Date('2026-02-01T00:00:00Z') })).returns;
      expect(collected.problems).toEqual([]);
      expect(collected.submission.status).toBe('accepted');
      const out = path.join(folder, 'export');
      await exportModel(store, { outDir: out });
      const applied = applyMasterPlan(await loadModel(out));
      expect(applied.dataset.projects.find((project) => project.id === 'WC011-W-BL-1')).toMatchObject({ capexRand: 15_000_000, status: 'excluded', origin: 'masterplan' });
      expect(applied.warnings.map((warning) => warning.message)).toEqual([expect.stringContaining('WC011-W-BL-1 was edited after the master plan wrote it')]);
      // The rows no return touched are regenerated as before.
      expect(applied.dataset.projects.find((project) => project.id === 'WC011-S-BL-1')!.status).toBe('candidate');
    } finally {
      store.close();
    }
  });
});
