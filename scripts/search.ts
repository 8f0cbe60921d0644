import { searchCommand } from '../src/cli/search-cmd.js';

process.exitCode = await searchCommand(process.argv.slice(2));
