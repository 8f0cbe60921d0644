/** Gateway behaviour of the fake + client: heartbeats, resume after a dropped connection. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_USER, CHANNELS } from '../../fakes/discord-fixtures.js';
import { is, sleep, startHarness, type Harness } from './helpers/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ heartbeatIntervalMs: 300 });
});
afterAll(async () => {
  await h?.close();
});

async function until(cond: () => boolean, timeoutMs = 5000): Promise<void> {
  for (const end = Date.now() + timeoutMs; Date.now() < end; ) {
    if (cond()) return;
    await sleep(25);
  }
  throw new Error('condition not met in time');
}

describe('gateway', () => {
  it('identifies with the token and heartbeats get acknowledged', async () => {
    expect(h.server.gateway.identifies[0]?.token).toBe('fake-token-for-tests');
    await until(() => h.server.gateway.heartbeats >= 2);
    expect(h.bot.client.ws.status).toBe(0);
  });

  it('resumes after the connection drops and keeps answering', async () => {
    h.server.gateway.drop(4000);
    await until(() => h.server.gateway.resumes.length === 1 && h.server.gateway.connected === 1);
    expect(h.server.gateway.identifies).toHaveLength(1);
    const since = h.server.mark();
    h.server.userMessage({ channelId: CHANNELS.general, content: `<@${BOT_USER.id}> 北京洪灾？` });
    const reply = await h.server.waitFor(is.channelMessage(CHANNELS.general), 5000, since);
    expect(reply.body.content).toContain('北京');
  });

  it('unknown REST routes are 404', async () => {
    const res = await fetch(`${h.server.apiBase}/v10/nope`);
    expect(res.status).toBe(404);
  });
});
