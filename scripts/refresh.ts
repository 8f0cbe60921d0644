import { refreshCommand } from '../src/cli/refresh-cmd.js';

process.exitCode = await refreshCommand(process.argv.slice(2));
