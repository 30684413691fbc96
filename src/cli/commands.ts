/**
 * The command registry. Each command lives in its own file and exports a yargs CommandModule;
 * adding a command means one import and one entry here.
 */
import type { CommandModule } from 'yargs';
import { compareCommand } from './compare.js';
import { sweepCommand } from './sweep.js';
import { frontierCommand } from './frontier.js';
import { stressCommand } from './stress.js';
import { validateCommand } from './validate.js';
import { solveCommand } from './solve.js';
import { exportLpCommand } from './export-lp.js';
import { indicesCommand } from './indices.js';
import { runCommand } from './run.js';
import { explainCommand } from './explain.js';
import { templateCommand } from './template.js';
import { collectCommand } from './collect.js';
import { modelCommand } from './model.js';
import { masterplanCommand } from './masterplan.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const commands: CommandModule<any, any>[] = [
  // In the order a user meets them: the main job first, then the stages it is made of, then analysis.
  runCommand,
  validateCommand,
  indicesCommand,
  masterplanCommand,
  solveCommand,
  exportLpCommand,
  compareCommand,
  sweepCommand,
  frontierCommand,
  stressCommand,
  explainCommand,
  // The central database of municipal returns.
  templateCommand,
  collectCommand,
  modelCommand,
];
