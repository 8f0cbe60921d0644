import { indexCommand } from '../src/cli/index-cmd.js';

process.exitCode = await indexCommand(process.argv.slice(2));
