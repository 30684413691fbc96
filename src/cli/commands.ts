/**
 * The command registry. Each command lives in its own file and exports a yargs CommandModule;
 * adding a command means one import and one entry here.
 */
import type { CommandModule } from 'yargs';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const commands: CommandModule<any, any>[] = [
];
