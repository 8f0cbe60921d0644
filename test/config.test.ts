import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../src/config.js';

describe('config', () => {
  it('has working defaults with an empty environment', () => {
    const c = parseConfig({});
    expect(c.CORPUS_DIR).toEqual(['seeds']);
    expect(c.INDEX_DIR).toBe('data/index');
    expect(c.OPENAI_API_KEY).toBeUndefined();
    expect(c.REQUIRE_CITATIONS).toBe(true);
  });
  it('treats empty strings as unset and splits lists', () => {
    const c = parseConfig({ OPENAI_API_KEY: '  ', CORPUS_DIR: 'a, b', DISCORD_CHANNEL_IDS: '1 2' });
    expect(c.OPENAI_API_KEY).toBeUndefined();
    expect(c.CORPUS_DIR).toEqual(['a', 'b']);
    expect(c.DISCORD_CHANNEL_IDS).toEqual(['1', '2']);
  });
  it('lists every bad variable at once, by name, without echoing secrets', () => {
    try {
      parseConfig({ CHUNK_SIZE: 'big', OPENAI_BASE_URL: 'not a url', REQUIRE_CITATIONS: 'maybe', LOG_LEVEL: 'loud' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const msg = (err as Error).message;
      for (const name of ['CHUNK_SIZE', 'OPENAI_BASE_URL', 'REQUIRE_CITATIONS', 'LOG_LEVEL']) expect(msg).toContain(name);
      expect(msg).toContain('.env.example');
    }
  });
});
