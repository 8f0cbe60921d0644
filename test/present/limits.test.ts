import { describe, expect, it } from 'vitest';
import { channelAllowed, checkQuestion, ConcurrencyGate, QueueFullError, RateLimiter } from '../../src/present/limits.js';

describe('RateLimiter', () => {
  it('allows N per minute per user, then says how long to wait', () => {
    let t = 1_000_000;
    const rl = new RateLimiter(2, () => t);
    expect(rl.take('a')).toEqual({ ok: true });
    t += 10_000;
    expect(rl.take('a')).toEqual({ ok: true });
    expect(rl.take('b')).toEqual({ ok: true });
    t += 5_000;
    expect(rl.take('a')).toEqual({ ok: false, retryAfterMs: 45_000 });
    t += 45_000;
    expect(rl.take('a')).toEqual({ ok: true });
  });

  it('check() throws a polite bilingual message with the wait in seconds', () => {
    const t = 0;
    const rl = new RateLimiter(1, () => t);
    rl.check('a');
    expect(() => rl.check('a')).toThrowError(/60 秒.*60s/);
    try {
      rl.check('a');
    } catch (err) {
      expect((err as { userMessage: string }).userMessage).toMatch(/please wait 60s/);
    }
  });
});

describe('ConcurrencyGate', () => {
  it('runs at most N at once, queues up to Q in order, refuses the rest', async () => {
    const gate = new ConcurrencyGate(1, 1);
    const order: string[] = [];
    let release!: () => void;
    const first = gate.run(() => new Promise<void>((r) => (release = () => (order.push('first'), r()))));
    const second = gate.run(async () => void order.push('second'));
    expect(gate.running).toBe(1);
    expect(gate.queued).toBe(1);
    await expect(gate.run(async () => 'third')).rejects.toBeInstanceOf(QueueFullError);
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['first', 'second']);
    expect(gate.running).toBe(0);
    expect(await gate.run(async () => 42)).toBe(42);
  });

  it('frees the slot when a job throws', async () => {
    const gate = new ConcurrencyGate(1, 0);
    await expect(gate.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await gate.run(async () => 'ok')).toBe('ok');
  });

  it('with MAX_QUEUE=0 refuses immediately when busy, with a retry message', async () => {
    const gate = new ConcurrencyGate(1, 0);
    let release!: () => void;
    const busy = gate.run(() => new Promise<void>((r) => (release = r)));
    await expect(gate.run(async () => 1)).rejects.toMatchObject({ userMessage: expect.stringMatching(/try again/) });
    release();
    await busy;
  });
});

describe('channelAllowed', () => {
  it('empty list allows all; threads inherit from their parent', () => {
    expect(channelAllowed([], 'x')).toBe(true);
    expect(channelAllowed(['a'], 'a')).toBe(true);
    expect(channelAllowed(['a'], 'b')).toBe(false);
    expect(channelAllowed(['a'], 'thread', 'a')).toBe(true);
    expect(channelAllowed(['a'], 'thread', null)).toBe(false);
  });
});

describe('checkQuestion', () => {
  it('trims, refuses empty and too long (counting characters, not UTF-16 units)', () => {
    expect(checkQuestion('  你好  ', 10)).toBe('你好');
    expect(() => checkQuestion('   ', 10)).toThrowError(/Please type a question/);
    expect(checkQuestion('😀'.repeat(10), 10)).toHaveLength(20);
    expect(() => checkQuestion('长'.repeat(11), 10)).toThrowError(/max 10 characters/);
  });
});
