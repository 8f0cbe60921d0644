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
  it('defaults the feeds to the outlets\' Chinese feeds, treats empty as unset, and names a bad feed URL', () => {
    const feeds = parseConfig({}).FEED_URLS;
    expect(feeds).toHaveLength(4);
    expect(feeds.every((u) => /^https:\/\/(www\.rfa\.org|www\.voachinese\.com|rss\.dw\.com)\//.test(u))).toBe(true);
    expect(parseConfig({ FEED_URLS: ' ' }).FEED_URLS).toEqual(feeds);
    expect(parseConfig({ FEED_URLS: 'http://127.0.0.1:8080/a.xml, https://x.example/b' }).FEED_URLS).toEqual(['http://127.0.0.1:8080/a.xml', 'https://x.example/b']);
    expect(parseConfig({}).FEED_REFRESH_MINUTES).toBe(0);
    expect(() => parseConfig({ FEED_URLS: 'ftp://x.example/feed' })).toThrow(/FEED_URLS\.0: expected http\(s\) URLs/);
    expect(() => parseConfig({ FEED_REFRESH_MINUTES: '-5' })).toThrow(/FEED_REFRESH_MINUTES/);
  });
  it('takes REFERENCE_DATE as an ISO day, unset (today) when empty', () => {
    expect(parseConfig({}).REFERENCE_DATE).toBeUndefined();
    expect(parseConfig({ REFERENCE_DATE: ' ' }).REFERENCE_DATE).toBeUndefined();
    expect(parseConfig({ REFERENCE_DATE: '2023-12-01' }).REFERENCE_DATE).toBe('2023-12-01');
    expect(() => parseConfig({ REFERENCE_DATE: '1 Dec 2023' })).toThrow(/REFERENCE_DATE: expected an ISO date/);
    expect(() => parseConfig({ REFERENCE_DATE: '2023-02-30' })).toThrow(/REFERENCE_DATE/);
  });
});
