/**
 * Fail fast when the model server is not there. Before a model call, open a bare
 * TCP connection to the base URL's host with a short timeout (LLM_CONNECT_TIMEOUT_MS):
 * refused, unknown host or silence fail in about a second and name the URL, instead
 * of the client's retries and backoff (~8 s) ending in "Connection error.". A
 * successful probe is remembered for a while so busy bots do not probe every call.
 */
import { connect } from 'node:net';
import { LlmUnreachableError } from './errors.js';

const REMEMBER_OK_MS = 30_000;
const reachedAt = new Map<string, number>();

function hostAndPort(baseURL: string): { host: string; port: number } {
  const url = new URL(baseURL);
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  return { host: url.hostname.replace(/^\[|\]$/g, ''), port };
}

/** Resolves once the server accepts a connection; rejects with LlmUnreachableError. */
export function probeServer(baseURL: string, timeoutMs: number, now = Date.now()): Promise<void> {
  const { host, port } = hostAndPort(baseURL);
  const key = `${host}:${port}`;
  if (now - (reachedAt.get(key) ?? -Infinity) < REMEMBER_OK_MS) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const fail = (reason: string) => {
      socket.destroy();
      reachedAt.delete(key);
      reject(new LlmUnreachableError(baseURL, reason));
    };
    socket.setTimeout(timeoutMs, () => fail(`no connection within ${timeoutMs} ms`));
    socket.once('error', (err: NodeJS.ErrnoException) => fail(err.code ?? err.message));
    socket.once('connect', () => {
      socket.destroy();
      reachedAt.set(key, Date.now());
      resolve();
    });
  });
}

/** Forget remembered successes (tests; a server that went away). */
export function forgetReachability(): void {
  reachedAt.clear();
}
