/**
 * The one entry to the formulations: build the program of a formulation with the layout that maps
 * its variables and rows back to projects, sources and years. planRun and export-lp both call it,
 * so both see exactly the same program.
 */
import type { Dataset } from '../dataset/types.js';
import type { MunicipalIndex } from '../indicators/types.js';
import { buildAllocationProgram, type AllocationLayout } from './allocation.js';
import type { LinearProgram } from './linear-program.js';
import { buildPortfolioProgram, type PortfolioLayout } from './portfolio.js';

/** The two formulations: fund projects (portfolio MILP) or split envelopes (allocation LP). */
export type FormulationKind = 'portfolio' | 'allocation';

/** A built formulation: program plus what interpretation needs. */
export type BuiltFormulation =
  | { readonly kind: 'portfolio'; readonly program: LinearProgram; readonly layout: PortfolioLayout; readonly warnings: readonly string[]; readonly infeasibleReasons: readonly string[] }
  | { readonly kind: 'allocation'; readonly program: LinearProgram; readonly layout: AllocationLayout; readonly warnings: readonly string[]; readonly infeasibleReasons: readonly string[] };

/** Build the program of a formulation (used by planModel and export-lp so both see the same program). */
export function buildFormulation(dataset: Dataset, indices: readonly MunicipalIndex[], formulation: FormulationKind): BuiltFormulation {
  if (formulation === 'allocation') {
    const { program, layout } = buildAllocationProgram(dataset, indices);
    return { kind: 'allocation', program, layout, warnings: [], infeasibleReasons: [] };
  }
  const { program, layout } = buildPortfolioProgram(dataset, indices);
  return { kind: 'portfolio', program, layout, warnings: layout.warnings, infeasibleReasons: layout.infeasibleReasons };
}
