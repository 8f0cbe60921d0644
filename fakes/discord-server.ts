/**
 * A fake Discord for tests: REST v10 under /api/v10 plus the gateway WebSocket
 * on the same 127.0.0.1 port. Records every REST call; unknown routes are 404.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeGateway } from './discord-gateway.js';
import {
  ALICE, APP_ID, BOT_USER, CHANNELS, GUILD_ID, guildCreate, interactionObject, messageObject, snowflake, textChannel, threadChannel,
  type InteractionInit, type RawUser,
} from './discord-fixtures.js';

export interface RecordedCall {
  method: string;
  /** Path after /api/v10, e.g. /channels/1/messages. */
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body (or multipart payload_json); undefined when empty. */
  body: any;
  status: number;
  /** Date.now() when answered. */
  at: number;
  /** What the fake answered (e.g. the created message, with its id). */
  response: any;
}

type Json = Record<string, any>;
type Reply = { status: number; body?: unknown };
type Handler = (p: Record<string, string>, body: any) => Reply | Promise<Reply>;

const ok = (body: unknown): Reply => ({ status: 200, body });
const noContent: Reply = { status: 204 };
const notFound: Reply = { status: 404, body: { message: '404: Not Found', code: 0 } };

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const buf = Buffer.concat(chunks);
  if (buf.length === 0) return undefined;
  const type = req.headers['content-type'] ?? '';
  if (type.startsWith('multipart/form-data')) {
    const form = await new Response(buf, { headers: { 'content-type': type } }).formData();
    const json = form.get('payload_json');
    return typeof json === 'string' ? JSON.parse(json) : undefined;
  }
  return JSON.parse(buf.toString('utf8'));
}

export class FakeDiscord {
  readonly calls: RecordedCall[] = [];
  readonly messages = new Map<string, Json>();
  readonly channels = new Map<string, Json>();
  readonly commands = new Map<string, Json[]>();
  readonly gateway: FakeGateway;
  private readonly interactions = new Map<string, { channelId: string; originalId: string }>();
  private readonly waiters = new Set<() => void>();
  private readonly routes: [string, RegExp, string[], Handler][] = [];

  private constructor(
    private readonly server: Server,
    readonly port: number,
    heartbeatIntervalMs?: number,
  ) {
    const guild = () => ({ ...guildCreate(), threads: [...this.channels.values()].filter((c) => c.type === 11) });
    this.gateway = new FakeGateway(server, () => this.wsUrl, guild, heartbeatIntervalMs);
    for (const [name, id] of Object.entries(CHANNELS)) this.channels.set(id, textChannel(id, name));
    this.defineRoutes();
  }

  static async start(opts: { heartbeatIntervalMs?: number } = {}): Promise<FakeDiscord> {
    let self: FakeDiscord | undefined;
    const server = createServer((req, res) => void self?.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    self = new FakeDiscord(server, (server.address() as AddressInfo).port, opts.heartbeatIntervalMs);
    return self;
  }

  get apiBase(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** Index to pass as `since` to waitFor: only calls after this point match. */
  mark(): number {
    return this.calls.length;
  }

  /** Resolve with the first recorded call (at index >= since) matching the predicate. */
  waitFor(predicate: (c: RecordedCall) => boolean, timeoutMs = 5000, since = 0): Promise<RecordedCall> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const hit = this.calls.slice(since).find(predicate);
        if (!hit) return false;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve(hit);
        return true;
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        const recent = this.calls.slice(-8).map((c) => `${c.method} ${c.path}`);
        reject(new Error(`waitFor timed out after ${timeoutMs} ms; recent calls: ${recent.join(', ')}`));
      }, timeoutMs);
      if (!check()) this.waiters.add(check);
    });
  }

  /** A user posts a message (optionally replying to another); dispatched as MESSAGE_CREATE. */
  userMessage(o: { channelId: string; content: string; author?: RawUser; replyTo?: string }): Json {
    const referenced = o.replyTo ? this.messages.get(o.replyTo) : undefined;
    const channel = this.channels.get(o.channelId);
    // Not a guild channel: a DM, which Discord marks with channel_type 1.
    const msg = messageObject({
      channelId: o.channelId,
      author: o.author ?? ALICE,
      content: o.content,
      referenced,
      guildId: channel ? GUILD_ID : null,
      extra: channel ? {} : { channel_type: 1 },
    });
    this.messages.set(msg.id as string, msg);
    this.gateway.dispatch('MESSAGE_CREATE', msg);
    return msg;
  }

  /** Dispatch an INTERACTION_CREATE; returns its id and token (webhook calls carry the token). */
  interaction(init: InteractionInit): { id: string; token: string } {
    const id = snowflake();
    const token = `tok${randomBytes(8).toString('hex')}`;
    this.interactions.set(token, { channelId: init.channelId, originalId: snowflake() });
    const channel = this.channels.get(init.channelId);
    this.gateway.dispatch('INTERACTION_CREATE', interactionObject({ ...init, channel }, id, token));
    return { id, token };
  }

  /** A chat-input command; options are `{ name: value }` (strings → type 3, integers → 4). */
  slash(name: string, options: Record<string, string | number> = {}, o: { user?: RawUser; channelId?: string; focused?: string } = {}): { id: string; token: string } {
    const opts = Object.entries(options).map(([n, value]) => ({
      name: n,
      type: typeof value === 'number' ? 4 : 3,
      value,
      ...(o.focused === n ? { focused: true } : {}),
    }));
    return this.interaction({
      type: o.focused ? 4 : 2,
      data: { id: snowflake(), name, type: 1, options: opts },
      channelId: o.channelId ?? CHANNELS.general,
      user: o.user ?? ALICE,
    });
  }

  clickButton(messageId: string, customId: string, user: RawUser = ALICE): { id: string; token: string } {
    const message = this.messages.get(messageId);
    if (!message) throw new Error(`no message ${messageId}`);
    return this.interaction({ type: 3, data: { custom_id: customId, component_type: 2 }, channelId: message.channel_id as string, user, message });
  }

  async close(): Promise<void> {
    await this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${this.port}`);
    const method = req.method ?? 'GET';
    let reply: Reply = notFound;
    let body: unknown;
    // Decoded, so tests can match `/messages/@original` (discord.js sends %40original).
    const path = decodeURIComponent(url.pathname.startsWith('/api/v10/') ? url.pathname.slice('/api/v10'.length) : url.pathname);
    try {
      body = await readBody(req);
      if (url.pathname.startsWith('/api/v10/')) {
        for (const [m, re, names, handler] of this.routes) {
          const match = m === method ? re.exec(url.pathname.slice('/api/v10'.length)) : null;
          if (!match) continue;
          reply = await handler(Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(match[i + 1] ?? '')])), body);
          break;
        }
      }
    } catch (err) {
      reply = { status: 500, body: { message: String(err), code: 0 } };
    }
    // Recorded once answered, so waiters see the response (e.g. the new message id).
    this.calls.push({ method, path, query: Object.fromEntries(url.searchParams), body, status: reply.status, at: Date.now(), response: reply.body });
    for (const w of [...this.waiters]) w();
    res.writeHead(reply.status, reply.body === undefined ? {} : { 'content-type': 'application/json' });
    res.end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
  }

  private route(spec: string, handler: Handler): void {
    const [method = 'GET', pattern = '/'] = spec.split(' ');
    const names: string[] = [];
    const source = pattern.replace(/[@.]/g, '\\$&').replace(/:(\w+)/g, (_, n: string) => (names.push(n), '([^/]+)'));
    this.routes.push([method, new RegExp(`^${source}$`), names, handler]);
  }

  private botMessage(channelId: string, body: Json, id?: string, extra: Json = {}): Json {
    const refId = body.message_reference?.message_id as string | undefined;
    const msg = messageObject({
      id,
      channelId,
      author: BOT_USER,
      content: body.content ?? '',
      components: body.components,
      referenced: refId ? this.messages.get(refId) : undefined,
      guildId: this.channels.has(channelId) ? GUILD_ID : null,
      extra: { ...extra, flags: body.flags ?? 0 },
    });
    this.messages.set(msg.id as string, msg);
    return msg;
  }

  private openThread(parentId: string, id: string, name: string): Reply {
    if (!this.channels.has(parentId)) return notFound;
    const thread = threadChannel(id, parentId, name, BOT_USER.id);
    this.channels.set(id, thread);
    this.gateway.dispatch('THREAD_CREATE', { ...thread, newly_created: true });
    return { status: 201, body: thread };
  }

  private webhookTarget(token: string): { channelId: string; originalId: string } | undefined {
    return this.interactions.get(token);
  }

  private defineRoutes(): void {
    this.route('GET /gateway/bot', () =>
      ok({ url: this.wsUrl, shards: 1, session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 } }),
    );
    this.route('GET /users/@me', () => ok(BOT_USER));
    this.route('GET /applications/@me', () => ok({ id: APP_ID, name: 'newsbot', icon: null, description: '', bot_public: true, bot_require_code_grant: false, flags: 0 }));
    const putCommands = (key: string) => (_: unknown, body: Json[]) => {
      const saved = (body ?? []).map((c) => ({ id: snowflake(), application_id: APP_ID, version: snowflake(), type: 1, ...c }));
      this.commands.set(key, saved);
      return ok(saved);
    };
    this.route('PUT /applications/:app/commands', putCommands('global'));
    this.route('GET /applications/:app/commands', () => ok(this.commands.get('global') ?? []));
    this.route('PUT /applications/:app/guilds/:guild/commands', (p, b) => putCommands(`guild:${p.guild}`)(p, b));
    this.route('GET /applications/:app/guilds/:guild/commands', (p) => ok(this.commands.get(`guild:${p.guild}`) ?? []));
    this.route('GET /channels/:channel', (p) => (this.channels.has(p.channel ?? '') ? ok(this.channels.get(p.channel ?? '')) : notFound));
    this.route('GET /channels/:channel/messages', (p) => {
      const list = [...this.messages.values()].filter((m) => m.channel_id === p.channel);
      return ok(list.sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1)).slice(0, 50));
    });
    this.route('GET /channels/:channel/messages/:message', (p) => {
      const m = this.messages.get(p.message ?? '');
      return m && m.channel_id === p.channel ? ok(m) : notFound;
    });
    this.route('POST /channels/:channel/messages', (p, body) => {
      const msg = this.botMessage(p.channel ?? '', body ?? {});
      this.gateway.dispatch('MESSAGE_CREATE', msg);
      return ok(msg);
    });
    this.route('PATCH /channels/:channel/messages/:message', (p, body) => {
      const m = this.messages.get(p.message ?? '');
      return m ? ok(Object.assign(m, body, { edited_timestamp: new Date().toISOString() })) : notFound;
    });
    this.route('POST /channels/:channel/typing', () => noContent);
    this.route('POST /channels/:channel/messages/:message/threads', (p, body) => this.openThread(p.channel ?? '', p.message ?? '', body?.name ?? 'thread'));
    this.route('POST /channels/:channel/threads', (p, body) => this.openThread(p.channel ?? '', snowflake(), body?.name ?? 'thread'));
    this.route('POST /interactions/:id/:token/callback', (p, body) => {
      const t = this.webhookTarget(p.token ?? '');
      if (!t) return notFound;
      // type 4: the reply itself is the original message.
      if (body?.type === 4) this.botMessage(t.channelId, body.data ?? {}, t.originalId, { webhook_id: APP_ID });
      return noContent;
    });
    this.route('PATCH /webhooks/:app/:token/messages/:message', (p, body) => {
      const t = this.webhookTarget(p.token ?? '');
      if (!t) return notFound;
      const id = p.message === '@original' ? t.originalId : (p.message ?? '');
      const existing = this.messages.get(id);
      const merged = { content: existing?.content, components: existing?.components, ...body };
      return ok(this.botMessage(t.channelId, merged, id, { webhook_id: APP_ID, edited_timestamp: new Date().toISOString() }));
    });
    this.route('GET /webhooks/:app/:token/messages/:message', (p) => {
      const t = this.webhookTarget(p.token ?? '');
      const m = t && this.messages.get(p.message === '@original' ? t.originalId : (p.message ?? ''));
      return m ? ok(m) : notFound;
    });
    this.route('DELETE /webhooks/:app/:token/messages/:message', (p) => {
      const t = this.webhookTarget(p.token ?? '');
      if (!t) return notFound;
      this.messages.delete(p.message === '@original' ? t.originalId : (p.message ?? ''));
      return noContent;
    });
    this.route('POST /webhooks/:app/:token', (p, body) => {
      const t = this.webhookTarget(p.token ?? '');
      return t ? ok(this.botMessage(t.channelId, body ?? {}, undefined, { webhook_id: APP_ID })) : notFound;
    });
  }
}
