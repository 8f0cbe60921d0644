/** OpenAIEmbeddings through the fake server, and the seeds indexed with them end to end. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenAIEmbeddings } from '@langchain/openai';
import { GenerativeAnswerer } from '../../src/answer/generative.js';
import { createChatModel } from '../../src/answer/llm.js';
import { createOpenAIEmbeddings } from '../../src/embed/openai.js';
import { buildIndex } from '../../src/ingest/build.js';
import { openKnowledgeBase } from '../../src/retrieve/knowledge-base.js';
import type { EmbedderInfo } from '../../src/types.js';
import { fakeEmbedding, startFakeOpenAI, type FakeOpenAI } from '../../fakes/openai-server.js';
import { SEEDS_DIR, cleanup, tempDir } from '../helpers/corpus.js';
import { quotingModel } from '../../fakes/obedient-model.js';
import { FakeExtractive } from '../answer/helpers.js';

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI({ dimensions: 48 });
});
afterAll(() => fake.close());

const embedder = (over: { dimensions?: number } = {}) =>
  createOpenAIEmbeddings({ apiKey: 'sk-e', baseURL: fake.baseURL, model: 'fake-embed', timeoutMs: 5000, maxRetries: 0, ...over });

describe('OpenAI-compatible embeddings', () => {
  it('returns vectors of the server dimension for queries and document batches', async () => {
    const e = embedder();
    const q = await e.embedQuery('李尚福出访俄罗斯');
    expect(q).toHaveLength(48);
    expect(Math.hypot(...q)).toBeCloseTo(1, 5);
    const docs = await e.embedDocuments(['中国国防部长', 'Defence minister', '中國國防部長']);
    expect(docs.map((d) => d.length)).toEqual([48, 48, 48]);
    expect(docs[0]).toEqual(fakeEmbedding('中国国防部长', 48));
    const req = fake.embeddingRequests().at(-1)!;
    expect(req.body).toMatchObject({ model: 'fake-embed', encoding_format: 'float', input: ['中国国防部长', 'Defence minister', '中國國防部長'] });
    expect(req.headers.authorization).toBe('Bearer sk-e');
  });

  it('passes `dimensions` through', async () => {
    expect(await embedder({ dimensions: 16 }).embedQuery('x')).toHaveLength(16);
    expect(fake.embeddingRequests().at(-1)!.body.dimensions).toBe(16);
  });

  it('the fake also speaks base64, which openai-node requests when encoding_format is unset', async () => {
    const raw = new OpenAIEmbeddings({ apiKey: 'k', model: 'm', maxRetries: 0, configuration: { baseURL: fake.baseURL } });
    const v = await raw.embedQuery('李尚福');
    expect(fake.embeddingRequests().at(-1)!.body.encoding_format).toBe('base64');
    expect(v).toHaveLength(48);
    fakeEmbedding('李尚福', 48).forEach((x, i) => expect(v[i]).toBeCloseTo(x, 6));
  });
});

describe('seeds indexed with OpenAI-compatible embeddings (e2e)', () => {
  let indexDir: string;
  beforeAll(async () => {
    indexDir = await tempDir('qa-openai-index-');
  });
  afterAll(() => cleanup(indexDir));

  it('indexes seeds/ through the fake, searches, and answers generatively', async () => {
    const embeddings = embedder();
    const info: EmbedderInfo = { kind: 'openai', model: 'fake-embed', dimensions: 48 };
    const before = fake.embeddingRequests().length;
    const summary = await buildIndex({
      corpusDirs: [SEEDS_DIR],
      indexDir,
      embeddings,
      embedderInfo: info,
      chunkSize: 300,
      chunkOverlap: 60,
      maxFileBytes: 2_000_000,
      full: true,
    });
    expect(summary.articles).toBe(5);
    expect(fake.embeddingRequests().length).toBeGreaterThan(before);

    const kb = await openKnowledgeBase(indexDir, { embeddings, embedderInfo: info });
    expect(kb.stats().embedder).toEqual(info);
    const hits = await kb.search('李尚福会见俄罗斯海军总司令', { k: 3 });
    expect(hits.length).toBeGreaterThan(0);
    expect(hits[0]!.article.title).toContain('李尚福');

    // A faithful model: it quotes the first sentence of whatever source 1 is (the fake embedder decides which).
    fake.chat.reply = quotingModel();
    const chat = createChatModel({ apiKey: 'k', baseURL: fake.baseURL, model: 'm', temperature: 0, timeoutMs: 5000, maxRetries: 0 });
    const a = new GenerativeAnswerer({ kb: () => kb, chat, fallback: new FakeExtractive(), k: 3, minRelevance: 0.1, requireCitations: true, tokenBudget: 1500 });
    const ans = await a.ask('李尚福会见了谁？');
    expect(ans.grounded).toBe(true);
    expect(ans.citations).toHaveLength(1);
    expect(ans.citations[0]!.url).toMatch(/^https:\/\/www\.(rfa|voachinese|dw)\./);
    const prompt = (fake.chatRequests().at(-1)!.body.messages as Array<{ content: string }>)[1]!.content;
    expect(prompt).toContain('<source id="1"');
  });
});
