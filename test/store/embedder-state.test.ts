import { describe, expect, it } from 'vitest';
import { LocalEmbedder, type LocalEmbedderState } from '../../src/embed/local-embedder.js';
import { decodeState, encodeState, stateFileName } from '../../src/store/local/embedder-state.js';

const TEXTS = ['大熊猫主要分布在四川的山区竹林中。', '上海地铁1号线于1993年开通。', '围棋起源于中国，棋盘由纵横各十九条线组成。', '熊猫每天进食竹子的时间很长。'];

describe('embedder state file', () => {
  it('keeps long base64 strings as their bytes and everything else as JSON', () => {
    const bytes = Uint8Array.from({ length: 5000 }, (_, i) => (i * 7) % 256);
    const b64 = Buffer.from(bytes).toString('base64');
    const notBase64 = 'x'.repeat(4095) + '!';
    const state = { model: 'm', n: 3, nested: { data: b64, scales: [0.5, 1] }, long: notBase64, short: 'QUJD' };
    const decoded = decodeState(encodeState(state)) as typeof state & { nested: { data: Uint8Array } };
    expect(decoded.nested.data).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(decoded.nested.data).toString('base64')).toBe(b64);
    expect({ ...decoded, nested: { ...decoded.nested, data: b64 } }).toEqual(state);
    expect(decoded.nested.data.byteOffset % 8).toBe(0);
  });

  it('names the same state the same way, another state otherwise', () => {
    expect(stateFileName(encodeState({ a: [1, 2] }))).toBe(stateFileName(encodeState({ a: [1, 2] })));
    expect(stateFileName(encodeState({ a: [1, 2] }))).not.toBe(stateFileName(encodeState({ a: [1, 3] })));
  });

  it('gives a local embedder that embeds exactly as the fitted one', () => {
    const fitted = new LocalEmbedder();
    fitted.fit(TEXTS);
    const state = fitted.state() as LocalEmbedderState;
    const loaded = new LocalEmbedder({ state: decodeState(encodeState(state)) as LocalEmbedderState });
    expect(typeof (decodeState(encodeState(state)) as LocalEmbedderState).df).not.toBe('string');
    for (const t of ['熊猫吃竹子', TEXTS[1]!, 'NATO summit 2023']) expect(loaded.embedText(t)).toEqual(fitted.embedText(t));
  });
});
