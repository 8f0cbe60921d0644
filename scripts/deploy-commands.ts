/** `npm run deploy-commands`: register the slash commands (guild when DISCORD_GUILD_ID is set, else global). */
import { ConfigError, loadConfig, secretsOf } from '../src/config.js';
import { deployCommands } from '../src/discord/deploy.js';
import { inviteUrl } from '../src/discord/permissions.js';
import { createLogger } from '../src/log.js';

try {
  const config = loadConfig();
  if (!config.DISCORD_TOKEN) {
    process.stderr.write('DISCORD_TOKEN is not set. Put the bot token in .env — see README "Discord setup".\n');
    process.exit(1);
  }
  const log = createLogger({ level: config.LOG_LEVEL, secrets: secretsOf(config) });
  const result = await deployCommands(config, log);
  const where = result.scope === 'guild' ? `guild ${config.DISCORD_GUILD_ID}` : 'globally (can take up to an hour to appear)';
  process.stdout.write(`Registered ${result.names.map((n) => `/${n}`).join(', ')} ${where}.\n`);
  process.stdout.write(`Invite link (least privilege, see SECURITY.md): ${inviteUrl(result.appId, config)}\n`);
} catch (err) {
  process.stderr.write(`${err instanceof ConfigError ? err.message : `deploy-commands failed: ${(err as Error).message}`}\n`);
  process.exit(1);
}
