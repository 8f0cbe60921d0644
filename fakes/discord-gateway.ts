/**
 * The fake Discord gateway (plain JSON, no compression) on the fake server's
 * HTTP port: HELLO, IDENTIFY → READY + GUILD_CREATE, heartbeat ACK, RESUME,
 * dispatch helpers and a way to drop connections.
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
      ws.on('close', () => this.live.delete(ws));
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
      case 2:
        this.identifies.push(msg.d as Record<string, unknown>);
        this.live.add(ws);
        this.sendDispatch(ws, 'READY', {
          v: 10,
          user: BOT_USER,
          guilds: [{ id: GUILD_ID, unavailable: true }],
          session_id: this.sessionId,
          resume_gateway_url: this.url(),
          shard: [0, 1],
          application: { id: APP_ID, flags: 0 },
        });
        this.sendDispatch(ws, 'GUILD_CREATE', this.guild());
        break;
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

  /** Send a dispatch event (MESSAGE_CREATE, INTERACTION_CREATE, THREAD_CREATE…) to every live connection. */
  dispatch(t: string, d: unknown): void {
    for (const ws of this.live) this.sendDispatch(ws, t, d);
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
