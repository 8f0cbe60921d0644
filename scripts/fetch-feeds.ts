import { fetchFeedsCommand } from '../src/cli/fetch-feeds-cmd.js';

process.exitCode = await fetchFeedsCommand(process.argv.slice(2));
