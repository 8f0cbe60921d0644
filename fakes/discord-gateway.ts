/**
 * The fake Discord gateway (plain JSON, no compression) on the fake server's
 * HTTP port: HELLO, IDENTIFY → READY + GUILD_CREATE, heartbeat ACK, RESUME,
 * dispatch helpers and a way to drop connections. Sharded clients: READY echoes
 * the shard from IDENTIFY, each guild goes to the shard Discord would give it
 * ((guild_id >> 22) % shard count), DMs to shard 0.
 */
import type { Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { APP_ID, BOT_USER, GUILD_ID } from './discord-fixtures.js';

interface GatewayPayload {
  op: number;
  d?: unknown;
  s?: number | null;
  t?: string | null;
}

export class FakeGateway {
  readonly identifies: Record<string, unknown>[] = [];
  readonly resumes: Record<string, unknown>[] = [];
  /** Query strings of every connection (to check v=10&encoding=json and no compress). */
  readonly connectQueries: string[] = [];
  heartbeats = 0;
  private readonly wss: WebSocketServer;
  private readonly live = new Set<WebSocket>();
  /** [shard id, shard count] each connection identified with. */
  private readonly shardOf = new Map<WebSocket, [number, number]>();
  private readonly sessionId = `fake-session-${Math.random().toString(36).slice(2)}`;
  private seq = 0;

  constructor(
    server: Server,
    private readonly url: () => string,
    /** The GUILD_CREATE payload (built on demand so it lists current threads). */
    private readonly guild: () => Record<string, unknown>,
    private readonly heartbeatIntervalMs = 41_250,
  ) {
    this.wss = new WebSocketServer({ server });
    this.wss.on('connection', (ws, req) => {
      this.connectQueries.push(req.url ?? '');
      ws.on('message', (raw) => this.onMessage(ws, String(raw)));
      ws.on('close', () => {
        this.live.delete(ws);
        this.shardOf.delete(ws);
      });
      this.send(ws, { op: 10, d: { heartbeat_interval: this.heartbeatIntervalMs } });
    });
  }

  /** Connections that completed IDENTIFY or RESUME. */
  get connected(): number {
    return this.live.size;
  }

  private send(ws: WebSocket, payload: GatewayPayload): void {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(payload));
  }

  private sendDispatch(ws: WebSocket, t: string, d: unknown): void {
    this.send(ws, { op: 0, t, s: ++this.seq, d });
  }

  private onMessage(ws: WebSocket, raw: string): void {
    let msg: GatewayPayload;
    try {
      msg = JSON.parse(raw) as GatewayPayload;
    } catch {
      ws.close(4002, 'decode error');
      return;
    }
    switch (msg.op) {
      case 1:
        this.heartbeats++;
        this.send(ws, { op: 11 });
        break;
      case 2: {
        const d = msg.d as Record<string, unknown>;
        this.identifies.push(d);
        this.live.add(ws);
        const shard = Array.isArray(d.shard) && d.shard.length === 2 ? (d.shard as [number, number]) : ([0, 1] as [number, number]);
        this.shardOf.set(ws, shard);
        const owns = this.receives(ws, GUILD_ID);
        this.sendDispatch(ws, 'READY', {
          v: 10,
          user: BOT_USER,
          guilds: owns ? [{ id: GUILD_ID, unavailable: true }] : [],
          session_id: this.sessionId,
          resume_gateway_url: this.url(),
          shard,
          application: { id: APP_ID, flags: 0 },
        });
        if (owns) this.sendDispatch(ws, 'GUILD_CREATE', this.guild());
        break;
      }
      case 6: {
        const d = msg.d as Record<string, unknown>;
        this.resumes.push(d);
        if (d.session_id !== this.sessionId) {
          this.send(ws, { op: 9, d: false });
          break;
        }
        this.live.add(ws);
        this.sendDispatch(ws, 'RESUMED', {});
        break;
      }
      default:
        break;
    }
  }

  /** Whether the connection's shard gets events of the guild (undefined: a DM, which shard 0 gets). */
  private receives(ws: WebSocket, guildId: string | undefined): boolean {
    const [id, count] = this.shardOf.get(ws) ?? [0, 1];
    return guildId === undefined ? id === 0 : Number((BigInt(guildId) >> 22n) % BigInt(count)) === id;
  }

  /** The shards that identified, in order. */
  get shards(): [number, number][] {
    return this.identifies.map((d) => (Array.isArray(d.shard) ? (d.shard as [number, number]) : [0, 1]));
  }

  /** Send a dispatch event (MESSAGE_CREATE, INTERACTION_CREATE, THREAD_CREATE…) to the live connection(s) of the shard it belongs to. */
  dispatch(t: string, d: unknown): void {
    const guildId = (d as { guild_id?: string } | null)?.guild_id;
    for (const ws of this.live) if (this.receives(ws, guildId)) this.sendDispatch(ws, t, d);
  }

  /** Drop every connection; 4000 (unknown error) makes discord.js resume. */
  drop(code = 4000): void {
    for (const ws of this.live) ws.close(code, 'dropped by test');
    this.live.clear();
  }

  async close(): Promise<void> {
    for (const ws of this.wss.clients) ws.terminate();
    this.live.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}
