/**
 * A small portfolio whose optimum is known by hand, solved once per test through the real
 * formulation, engine and interpretation, so checker tests start from a valid plan and break it.
 */
import type { Dataset } from '../../src/dataset/types.js';
import { interpretPortfolio } from '../../src/plan/interpret.js';
import { solveProgram } from '../../src/solve/solve-program.js';
import type { PortfolioPlan } from '../../src/plan/types.js';
import { buildPortfolioProgram } from '../../src/program/portfolio.js';
import { highsEngine } from '../../src/solve/highs-engine.js';
import { MILLION, TINY_INDICES, tinyDataset, tinyProject, tinySource } from './tiny-models.js';

/**
 * Four years, money for everything: the optimum funds P1, P2 (after P1), E1 (over its exclusive
 * alternative E2, which serves fewer households) and the committed C1; X1 is excluded and W1
 * cannot finish inside the horizon.
 */
export function knownDataset(): Dataset {
  return tinyDataset({
    horizonYears: 4,
    projects: [
      tinyProject({ id: 'P1', cashFlowRandByBuildYear: [2 * MILLION, 2 * MILLION], earliestStartYear: 2026, latestStartYear: 2026, householdsServed: 300 }),
      tinyProject({ id: 'P2', prerequisiteIds: ['P1'], earliestStartYear: 2027, latestStartYear: 2029, householdsServed: 200 }),
      tinyProject({ id: 'E1', service: 'sanitation', exclusiveGroup: 'g', householdsServed: 150 }),
      tinyProject({ id: 'E2', municipalityCode: 'BB002', service: 'sanitation', exclusiveGroup: 'g', householdsServed: 100 }),
      tinyProject({
        id: 'C1',
        municipalityCode: 'BB002',
        service: 'sanitation',
        status: 'committed',
        cashFlowRandByBuildYear: [1 * MILLION, 1 * MILLION],
        fundingSourceIds: ['GRANT', 'LOAN'],
        householdsServed: 50,
      }),
      tinyProject({ id: 'X1', municipalityCode: 'BB002', status: 'excluded', householdsServed: 900 }),
      tinyProject({ id: 'W1', municipalityCode: 'BB002', cashFlowRandByBuildYear: [1 * MILLION, 1 * MILLION], earliestStartYear: 2029, latestStartYear: 2029 }),
    ],
    sources: [tinySource('GRANT', [6 * MILLION, 6 * MILLION, 6 * MILLION, 6 * MILLION], false), tinySource('LOAN', [2 * MILLION, 2 * MILLION, 2 * MILLION, 2 * MILLION], true)],
  });
}

/** Solve a dataset with the tiny indices and interpret the result. */
export async function solveAndInterpret(dataset: Dataset): Promise<PortfolioPlan> {
  const { program, layout } = buildPortfolioProgram(dataset, TINY_INDICES);
  const result = await solveProgram(highsEngine, program, { relativeGap: 0 });
  return interpretPortfolio({ dataset, indices: TINY_INDICES, result, scenarioName: 'test', overridesApplied: [], warnings: layout.warnings }, layout);
}
