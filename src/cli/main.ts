/**
 * infraplan command-line entry (bin/infraplan.js imports it): runs the command line of
 * command-line.ts on the process's arguments and exits with its code.
 */
import { hideBin } from 'yargs/helpers';
import { main } from './command-line.js';
import { ignoreClosedPipes } from './closed-pipes.js';

ignoreClosedPipes();
main(hideBin(process.argv)).then((code) => {
  process.exitCode = code;
});
