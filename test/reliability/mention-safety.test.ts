/**
 * Mention safety under hostile input: questions, searches and article lookups that
 * carry @everyone, @here, user/role mentions. Whatever the bot echoes or quotes,
 * no payload may allow a ping and no content may carry a live mention.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedCall } from '../../fakes/discord-server.js';
import { messageBodies } from '../discord/helpers/harness.js';
import { startRig, until, user, type BotRig } from './helpers/bot.js';

const HOSTILE = [
  '@everyone 李尚福访问俄罗斯的目的是什么？',
  '@here 中俄防长会面讨论了什么？ <@110000000000000001>',
  '<@&200000000000000001> 美日韩峰会 <@!110000000000000002>',
  '＠everyone 全角 @\u200beveryone @ everyone',
  '<@110000000000000001><@110000000000000001>'.repeat(20),
];
/** A live mention: @everyone/@here, or <@id>, <@!id>, <@&id> without a zero-width break. */
const LIVE = /@(everyone|here)\b|<@[!&]?\d+>/;

let rig: BotRig;
beforeAll(async () => {
  rig = await startRig({ env: { RATE_LIMIT_PER_MINUTE: '1000' } });
}, 60_000);
afterAll(async () => rig?.close());

function fireAll(): string[] {
  const tokens: string[] = [];
  HOSTILE.forEach((text, i) => {
    tokens.push(rig.server.slash('ask', { question: text.slice(0, 500) }, { user: user(700 + i) }).token);
    tokens.push(rig.server.slash('search', { query: text.slice(0, 300) }, { user: user(710 + i) }).token);
    tokens.push(rig.server.slash('article', { 'url-or-id': text }, { user: user(720 + i) }).token);
  });
  return tokens;
}

const callsFor = (tokens: string[]): RecordedCall[] => rig.server.calls.filter((c) => tokens.some((t) => c.path.includes(`/${t}`)));

/** Wait until every interaction got a message (bounded), then a moment for trailing follow-ups. */
async function quiet(tokens: string[], ms: number): Promise<RecordedCall[]> {
  await until(() => {
    const bodies = messageBodies(callsFor(tokens));
    return tokens.every((t) => bodies.some(({ call, body }) => call.path.includes(`/${t}`) && body.type !== 5));
  }, ms).catch(() => undefined);
  await new Promise((r) => setTimeout(r, 300));
  return callsFor(tokens);
}

describe('hostile mentions in every command', () => {
  it('no payload allows mentions and no content carries a live one', async () => {
    const tokens = fireAll();
    const calls = await quiet(tokens, 20_000);
    const bodies = messageBodies(calls);
    // Each interaction produced at least one message.
    for (const t of tokens) expect(bodies.some(({ call }) => call.path.includes(`/${t}`)), t).toBe(true);
    for (const { call, body } of bodies) {
      expect(body.allowed_mentions, `${call.method} ${call.path}`).toEqual({ parse: [] });
      expect(String(body.content ?? ''), `${call.method} ${call.path}`).not.toMatch(LIVE);
      for (const embed of body.embeds ?? []) expect(JSON.stringify(embed)).not.toMatch(LIVE);
    }
    // Not vacuous: hostile text was echoed (e.g. "no article …"), made inert with a zero-width space.
    expect(bodies.some(({ body }) => String(body.content ?? '').includes('@\u200beveryone'))).toBe(true);
  }, 40_000);
});
