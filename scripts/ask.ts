import { askCommand } from '../src/cli/ask-cmd.js';

process.exitCode = await askCommand(process.argv.slice(2));
