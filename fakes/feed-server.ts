/**
 * A local news-feed server (127.0.0.1 only) for the feed fetcher's tests: fixed
 * bodies with ETag / Last-Modified and 304s, HTTP errors, a route that never
 * answers, an endless (oversized) body, and transient 503s. Records every request.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FeedRoute {
  body?: string;
  contentType?: string;
  status?: number;
  etag?: string;
  lastModified?: string;
  /** Accept the request and never answer. */
  hang?: boolean;
  /** Stream this many bytes of filler, without a Content-Length. */
  streamBytes?: number;
  /** Answer 503 to the first N requests. */
  failFirst?: number;
}

export interface SeenRequest {
  path: string;
  headers: IncomingMessage['headers'];
}

export class FeedServer {
  readonly requests: SeenRequest[] = [];
  private readonly routes = new Map<string, FeedRoute>();
  private readonly hits = new Map<string, number>();
  private readonly hanging = new Set<ServerResponse>();

  private constructor(private readonly server: Server) {}

  static async start(routes: Record<string, FeedRoute> = {}): Promise<FeedServer> {
    let self: FeedServer | undefined;
    const server = createServer((req, res) => self!.handle(req, res));
    self = new FeedServer(server);
    for (const [path, route] of Object.entries(routes)) self.set(path, route);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return self;
  }

  /** A URL on 127.0.0.1 where nothing listens. */
  static async closedUrl(): Promise<string> {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    return `http://127.0.0.1:${port}/closed.xml`;
  }

  url(path: string): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  set(path: string, route: FeedRoute): void {
    this.routes.set(path, route);
  }

  requestsTo(path: string): SeenRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const path = req.url ?? '/';
    this.requests.push({ path, headers: req.headers });
    const hits = (this.hits.get(path) ?? 0) + 1;
    this.hits.set(path, hits);
    const route = this.routes.get(path);
    if (!route) return void res.writeHead(404).end('not found');
    if (route.hang) return void this.hanging.add(res);
    if (route.failFirst && hits <= route.failFirst) return void res.writeHead(503).end('busy');
    if (route.streamBytes) return this.stream(res, route.streamBytes);
    const fresh = (route.etag && req.headers['if-none-match'] === route.etag) ||
      (!route.etag && route.lastModified && req.headers['if-modified-since'] === route.lastModified);
    const validators = { ...(route.etag ? { etag: route.etag } : {}), ...(route.lastModified ? { 'last-modified': route.lastModified } : {}) };
    if (fresh) return void res.writeHead(304, validators).end();
    const body = Buffer.from(route.body ?? '');
    res.writeHead(route.status ?? 200, {
      'content-type': route.contentType ?? 'application/rss+xml; charset=utf-8', 'content-length': body.length, ...validators,
    });
    res.end(body);
  }

  private stream(res: ServerResponse, total: number): void {
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    const pump = () => {
      while (sent < total) {
        sent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    res.on('error', () => {});
    pump();
  }
}
