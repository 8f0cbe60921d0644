/**
 * A fake OpenAI-compatible server for tests: real HTTP on 127.0.0.1, the real wire
 * format (JSON and SSE), scriptable failures, and a record of every request.
 *
 *   const fake = await startFakeOpenAI();
 *   fake.chat.enqueue({ kind: 'rateLimit', retryAfter: '1' }, { kind: 'reply', text: 'Hi [1]' });
 *   createChatModel({ baseURL: fake.baseURL, ... });
 *   await fake.close();
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Behaviour =
  /** A normal completion; streamed in `chunkSize`-character deltas when stream:true. */
  | { kind: 'reply'; text: string; chunkSize?: number; finishReason?: string; delayMs?: number }
  /** Never answer. With `afterChunks`, stream that many deltas first, then stall. */
  | { kind: 'hang'; text?: string; afterChunks?: number }
  | { kind: 'rateLimit'; retryAfter?: string; message?: string }
  | { kind: 'error'; status: number; message?: string }
  /** Stream a few deltas, then drop the connection ('destroy') or end cleanly without finish/[DONE] ('end'). */
  | { kind: 'truncate'; text: string; afterChunks?: number; how?: 'destroy' | 'end' }
  /** A 200 whose body (or SSE chunk) is not valid JSON. */
  | { kind: 'invalidJson' };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body (undefined when not JSON). */
  body: any;
  /** Date.now() when the request arrived. */
  at: number;
}

export type ReplyFn = (req: RecordedRequest) => Behaviour | string;

export interface Endpoint {
  /** Behaviours for the next requests, used first-in first-out before `reply`. */
  enqueue(...behaviours: Array<Behaviour | string>): void;
  /** Default behaviour when the queue is empty. */
  reply: ReplyFn;
}

export interface FakeOpenAI {
  /** Base URL including /v1, as OPENAI_BASE_URL expects. */
  baseURL: string;
  requests: RecordedRequest[];
  chatRequests(): RecordedRequest[];
  embeddingRequests(): RecordedRequest[];
  chat: Endpoint;
  embeddings: Endpoint;
  close(): Promise<void>;
}

export interface FakeOptions {
  /** Embedding dimension when the request does not ask for `dimensions` (default 64). */
  dimensions?: number;
  chatReply?: ReplyFn;
}

/** Deterministic embedding: hashed character bigrams (and unigrams), L2-normalised. */
export function fakeEmbedding(text: string, dim: number): number[] {
  const v = new Array<number>(dim).fill(0);
  const chars = Array.from(text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' '));
  const grams = [...chars, ...chars.slice(1).map((c, i) => chars[i] + c)];
  for (const g of grams) {
    let h = 2166136261;
    for (let i = 0; i < g.length; i++) h = Math.imul(h ^ g.charCodeAt(i), 16777619);
    const idx = (h >>> 0) % dim;
    v[idx] = (v[idx] ?? 0) + ((h >>> 31) & 1 ? 1 : -1);
  }
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}

function endpoint(defaultReply: ReplyFn): Endpoint & { next(req: RecordedRequest): Behaviour } {
  const queue: Array<Behaviour | string> = [];
  const ep = {
    reply: defaultReply,
    enqueue: (...b: Array<Behaviour | string>) => void queue.push(...b),
    next(req: RecordedRequest): Behaviour {
      const b = queue.length ? queue.shift()! : ep.reply(req);
      return typeof b === 'string' ? { kind: 'reply', text: b } : b;
    },
  };
  return ep;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function sendFailure(res: ServerResponse, b: Behaviour, streaming: boolean): boolean {
  if (b.kind === 'rateLimit') {
    const headers: Record<string, string> = b.retryAfter === undefined ? {} : { 'retry-after': b.retryAfter };
    sendJson(res, 429, { error: { message: b.message ?? 'Rate limit reached', type: 'rate_limit_error', code: 'rate_limit_exceeded' } }, headers);
    return true;
  }
  if (b.kind === 'error') {
    sendJson(res, b.status, { error: { message: b.message ?? `Server error ${b.status}`, type: 'server_error', code: null } });
    return true;
  }
  if (b.kind === 'invalidJson' && !streaming) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"id": "chatcmpl-broken", "choices": [{"message": {"content": "trunc');
    return true;
  }
  return b.kind === 'hang' && b.afterChunks === undefined; // a plain hang: just never answer
}

let seq = 0;

function chatCompletion(req: RecordedRequest, b: Behaviour, res: ServerResponse): void {
  const model = String(req.body?.model ?? 'fake-model');
  const id = `chatcmpl-fake-${++seq}`;
  const created = Math.floor(Date.now() / 1000);
  const text = 'text' in b && b.text !== undefined ? b.text : '';
  const usage = { prompt_tokens: JSON.stringify(req.body?.messages ?? '').length, completion_tokens: text.length, total_tokens: 0 };
  usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;

  if (!req.body?.stream) {
    if (b.kind === 'truncate') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(`{"id":"${id}","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"`);
      setTimeout(() => res.destroy(), 10);
      return;
    }
    if (b.kind === 'hang') return;
    const finish = b.kind === 'reply' ? (b.finishReason ?? 'stop') : 'stop';
    const message = { role: 'assistant', content: text, refusal: null };
    sendJson(res, 200, { id, object: 'chat.completion', created, model, choices: [{ index: 0, message, logprobs: null, finish_reason: finish }], usage });
    return;
  }

  // SSE: data: {chunk}\n\n ... data: [DONE]\n\n
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  const chunk = (delta: object, finish: string | null, extra: object = {}) =>
    `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, system_fingerprint: null, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], ...extra })}\n\n`;
  if (b.kind === 'invalidJson') {
    res.write(chunk({ role: 'assistant', content: '' }, null));
    res.end('data: {"id": "broken", "choices": [{"delta": {"content": "x"\n\n');
    return;
  }
  const size = b.kind === 'reply' ? (b.chunkSize ?? 4) : 4;
  const cps = Array.from(text);
  const pieces: string[] = [];
  for (let i = 0; i < cps.length; i += size) pieces.push(cps.slice(i, i + size).join(''));
  res.write(chunk({ role: 'assistant', content: '' }, null));

  const limit = b.kind === 'hang' || b.kind === 'truncate' ? (b.afterChunks ?? 1) : pieces.length;
  for (const piece of pieces.slice(0, limit)) res.write(chunk({ content: piece }, null));
  if (b.kind === 'hang') return;
  if (b.kind === 'truncate') {
    if (b.how === 'end') res.end();
    else setTimeout(() => res.socket?.destroy(), 10);
    return;
  }
  res.write(chunk({}, b.kind === 'reply' ? (b.finishReason ?? 'stop') : 'stop'));
  if (req.body?.stream_options?.include_usage) {
    res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [], usage })}\n\n`);
  }
  res.end('data: [DONE]\n\n');
}

function embeddings(req: RecordedRequest, res: ServerResponse, defaultDim: number): void {
  const input: unknown = req.body?.input;
  const texts = Array.isArray(input) ? input.map(String) : [String(input ?? '')];
  const dim = Number(req.body?.dimensions) || defaultDim;
  const base64 = req.body?.encoding_format === 'base64';
  const data = texts.map((t, index) => {
    const vec = fakeEmbedding(t, dim);
    const embedding = base64 ? Buffer.from(new Float32Array(vec).buffer).toString('base64') : vec;
    return { object: 'embedding', index, embedding };
  });
  const tokens = texts.reduce((n, t) => n + t.length, 0);
  sendJson(res, 200, { object: 'list', data, model: String(req.body?.model ?? 'fake-embed'), usage: { prompt_tokens: tokens, total_tokens: tokens } });
}

export async function startFakeOpenAI(opts: FakeOptions = {}): Promise<FakeOpenAI> {
  const requests: RecordedRequest[] = [];
  const chat = endpoint(opts.chatReply ?? (() => ({ kind: 'reply', text: 'OK' })));
  const embed = endpoint(() => ({ kind: 'reply', text: '' }));

  const server = createServer((req, res) => {
    void (async () => {
      const raw = await readBody(req);
      let body: any;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        body = undefined;
      }
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const rec: RecordedRequest = { method: req.method ?? 'GET', path, headers: { ...req.headers }, body, at: Date.now() };
      requests.push(rec);
      if (req.method !== 'POST' || (path !== '/v1/chat/completions' && path !== '/v1/embeddings')) {
        sendJson(res, 404, { error: { message: `No route ${req.method} ${path}`, type: 'invalid_request_error' } });
        return;
      }
      const ep = path === '/v1/embeddings' ? embed : chat;
      const b = ep.next(rec);
      if (b.kind === 'reply' && b.delayMs) await new Promise((r) => setTimeout(r, b.delayMs));
      if (sendFailure(res, b, path === '/v1/chat/completions' && !!body?.stream)) return;
      if (path === '/v1/embeddings') embeddings(rec, res, opts.dimensions ?? 64);
      else chatCompletion(rec, b, res);
    })().catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { message: String(err) } });
      else res.destroy();
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    chatRequests: () => requests.filter((r) => r.path === '/v1/chat/completions'),
    embeddingRequests: () => requests.filter((r) => r.path === '/v1/embeddings'),
    chat,
    embeddings: embed,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections(); // hung requests would otherwise keep close() waiting
        server.close(() => resolve());
      }),
  };
}
