/** deploy-commands registers the one static command list against the (fake) API. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { commandPayloads, commands, commandsByName } from '../../src/discord/commands/index.js';
import { deployCommands } from '../../src/discord/deploy.js';
import { silentLogger } from '../../src/log.js';
import { APP_ID, GUILD_ID } from '../../fakes/discord-fixtures.js';
import { FakeDiscord } from '../../fakes/discord-server.js';

let server: FakeDiscord;
beforeAll(async () => {
  server = await FakeDiscord.start();
});
afterAll(async () => {
  await server?.close();
});

const config = (env: Record<string, string> = {}) => parseConfig({ DISCORD_TOKEN: 'fake-token', DISCORD_API_BASE: server.apiBase, ...env });

describe('deploy-commands', () => {
  it('the dispatcher and the deploy list are the same static list', () => {
    expect(commands.map((c) => c.data.name)).toEqual(['ask', 'search', 'latest', 'article', 'sources', 'stats', 'help']);
    expect([...commandsByName.keys()]).toEqual(commands.map((c) => c.data.name));
    const article = commandPayloads().find((c) => c.name === 'article');
    expect(article?.options?.[0]).toMatchObject({ name: 'url-or-id', autocomplete: true, required: true });
  });

  it('registers to the guild when DISCORD_GUILD_ID is set', async () => {
    const result = await deployCommands(config({ DISCORD_APP_ID: APP_ID, DISCORD_GUILD_ID: GUILD_ID }), silentLogger);
    expect(result).toEqual({ scope: 'guild', appId: APP_ID, names: ['ask', 'search', 'latest', 'article', 'sources', 'stats', 'help'] });
    const put = await server.waitFor((c) => c.method === 'PUT');
    expect(put.path).toBe(`/applications/${APP_ID}/guilds/${GUILD_ID}/commands`);
    expect(put.body).toEqual(commandPayloads());
  });

  it('registers globally, looking the application id up when not configured', async () => {
    const since = server.mark();
    const result = await deployCommands(config(), silentLogger);
    expect(result.scope).toBe('global');
    const calls = server.calls.slice(since).map((c) => `${c.method} ${c.path}`);
    expect(calls).toEqual(['GET /applications/@me', `PUT /applications/${APP_ID}/commands`]);
    expect(server.commands.get('global')).toHaveLength(7);
  });

  it('refuses without a token', async () => {
    await expect(deployCommands(parseConfig({}), silentLogger)).rejects.toThrow(/DISCORD_TOKEN.*Discord setup/);
  });
});
