/** Shared pieces of the analysis tests: the tiny model, temporary folders and hand-made plans. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { PlannedProject, PortfolioPlan } from '../../src/plan/types.js';
import { DEFAULT_SERVICES } from '../../src/dataset/types.js';

/** The tiny fixture model (3 municipalities, 9 projects, 4 years). */
export const TINY_MODEL = path.join(import.meta.dirname, '..', 'fixtures', 'tiny');

/** A fresh temporary folder. */
export async function temporaryFolder(prefix = 'infraplan-analysis-'): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), prefix));
}

/** Write scenario files (name → YAML) into a fresh folder; returns name → path. */
export async function writeScenarios(files: Record<string, string>): Promise<Record<string, string>> {
  const folder = await temporaryFolder('infraplan-analysis-scenarios-');
  const paths: Record<string, string> = {};
  for (const [name, text] of Object.entries(files)) {
    paths[name] = path.join(folder, `${name}.yaml`);
    await writeFile(paths[name], text, 'utf8');
  }
  return paths;
}

/** A planned project with defaults; `overrides` sets what a test cares about. */
export function plannedProject(overrides: Partial<PlannedProject> & Pick<PlannedProject, 'id'>): PlannedProject {
  return {
    municipalityCode: 'WC011',
    districtCode: 'DC1',
    service: 'water',
    type: 'bulk_pipeline',
    description: 'Hand-made project',
    capexRand: 10_000_000,
    funded: false,
    startYear: null,
    completionYear: null,
    spending: [], operatingSpending: [],
    householdsServed: 100,
    capacityAddedMlPerDay: 0,
    benefit: 0,
    needBenefit: 0,
    growthBenefit: 0,
    deferralReason: 'budget',
    deferralDetail: 'The envelopes were better spent elsewhere.',
    ...overrides,
  };
}

/** A hand-made portfolio plan; `overrides` sets what a test cares about. */
export function handMadePlan(overrides: Partial<PortfolioPlan>): PortfolioPlan {
  return {
    kind: 'portfolio',
    modelName: 'hand-made',
    scenarioName: 'baseline',
    financialYears: [2026, 2027],
    services: DEFAULT_SERVICES,
    status: 'optimal',
    objectiveBenefitPoints: 0,
    bestBoundBenefitPoints: 0,
    gap: 0,
    solver: 'highs',
    seconds: 0,
    nodes: 0,
    projects: [],
    envelopeUse: [],
    municipalities: [],
    backlog: [],
    marginalValues: [],
    benefit: { total: 0, needLed: 0, growthLed: 0 },
    illustrativeNote: '',
    overridesApplied: [],
    ...overrides,
  };
}
