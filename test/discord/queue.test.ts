/** The global concurrency limit with a bounded queue, seen from Discord. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ALICE, BOB, BOT_USER, CAROL, CHANNELS } from '../../fakes/discord-fixtures.js';
import { FakeAnswerer } from './helpers/fake-kb.js';
import { is, startHarness, type Harness } from './helpers/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ env: { MAX_CONCURRENT_ANSWERS: '1', MAX_QUEUE: '1' }, answerer: (kb) => new FakeAnswerer(kb, { delayMs: 500 }) });
});
afterAll(async () => {
  await h?.close();
});

it('runs one answer, queues one, and tells the third asker to retry', async () => {
  const since = h.server.mark();
  for (const author of [ALICE, BOB, CAROL]) {
    h.server.userMessage({ channelId: CHANNELS.general, content: `<@${BOT_USER.id}> 北京洪灾？`, author });
  }
  const refused = await h.server.waitFor((c) => is.channelMessage(CHANNELS.general)(c) && /try again/.test(c.body.content), 3000, since);
  expect(refused.body.content).toContain('Too many questions');
  // The running and the queued question are both answered, one after the other.
  await h.server.waitFor(() => h.server.calls.slice(since).filter((c) => is.channelMessage(CHANNELS.general)(c) && c.body.content.includes('来源')).length === 2, 5000, since);
});
