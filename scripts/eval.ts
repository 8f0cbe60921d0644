import { evalCommand } from '../src/cli/eval-cmd.js';

process.exitCode = await evalCommand(process.argv.slice(2));
