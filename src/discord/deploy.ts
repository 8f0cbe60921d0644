/**
 * Registers the static command list (bulk overwrite): to DISCORD_GUILD_ID when
 * set (instant, for testing), else globally (may take a while to appear).
 */
import { REST, Routes } from 'discord.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { commandPayloads } from './commands/index.js';

export interface DeployResult {
  scope: 'guild' | 'global';
  appId: string;
  names: string[];
}

export async function deployCommands(config: Config, log: Logger): Promise<DeployResult> {
  if (!config.DISCORD_TOKEN) throw new Error('DISCORD_TOKEN is not set (see README "Discord setup")');
  const rest = new REST(config.DISCORD_API_BASE ? { api: config.DISCORD_API_BASE.replace(/\/+$/, '') } : {}).setToken(config.DISCORD_TOKEN);
  try {
    // The application id equals the bot's; ask Discord when it is not configured.
    const appId = config.DISCORD_APP_ID ?? ((await rest.get(Routes.currentApplication())) as { id: string }).id;
    const guild = config.DISCORD_GUILD_ID;
    const route = guild ? Routes.applicationGuildCommands(appId, guild) : Routes.applicationCommands(appId);
    const saved = (await rest.put(route, { body: commandPayloads() })) as { name: string }[];
    const result: DeployResult = { scope: guild ? 'guild' : 'global', appId, names: saved.map((c) => c.name) };
    log.info({ ...result, guild }, 'slash commands registered');
    return result;
  } finally {
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  }
}
