/** `npm run deploy-commands`: register the slash commands (guild when DISCORD_GUILD_ID is set, else global). */
import { parseCommandArgs } from '../src/cli/args.js';
import { CliError, runCli } from '../src/cli/errors.js';
import { loadConfig, secretsOf } from '../src/config.js';
import { deployCommands } from '../src/discord/deploy.js';
import { inviteUrl } from '../src/discord/permissions.js';
import { createLogger } from '../src/log.js';

const USAGE = 'usage: npm run deploy-commands   (registers the slash commands; needs DISCORD_TOKEN, optional DISCORD_GUILD_ID)';

process.exitCode = await runCli('deploy-commands', async () => {
  parseCommandArgs(process.argv.slice(2), {}, USAGE);
  const config = loadConfig();
  if (!config.DISCORD_TOKEN) throw new CliError('DISCORD_TOKEN is not set', 'put the bot token in .env — see README "Discord setup"');
  const log = createLogger({ level: config.LOG_LEVEL, secrets: secretsOf(config) });
  const result = await deployCommands(config, log);
  const where = result.scope === 'guild' ? `guild ${config.DISCORD_GUILD_ID}` : 'globally (can take up to an hour to appear)';
  process.stdout.write(`Registered ${result.names.map((n) => `/${n}`).join(', ')} ${where}.\n`);
  process.stdout.write(`Invite link (least privilege, see SECURITY.md): ${inviteUrl(result.appId, config)}\n`);
  return 0;
});
