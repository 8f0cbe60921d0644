import { describe, expect, it } from 'vitest';
import {
  LlmBadResponseError,
  LlmRateLimitError,
  LlmRequestError,
  LlmServerError,
  LlmStreamError,
  LlmTimeoutError,
  UserFacingError,
  classifyLlmError,
} from '../../src/answer/errors.js';
import { createChatModel } from '../../src/answer/llm.js';
import { createOpenAIEmbeddings } from '../../src/embed/openai.js';

const withStatus = (status: number, extra: object = {}) => Object.assign(new Error(`HTTP ${status}`), { status, ...extra });

describe('classifyLlmError', () => {
  it('maps HTTP statuses', () => {
    expect(classifyLlmError(withStatus(500))).toBeInstanceOf(LlmServerError);
    expect((classifyLlmError(withStatus(502)) as LlmServerError).status).toBe(502);
    expect(classifyLlmError(withStatus(401))).toBeInstanceOf(LlmRequestError);
    const rl = classifyLlmError(withStatus(429, { headers: new Headers({ 'retry-after': '7' }) }));
    expect(rl).toBeInstanceOf(LlmRateLimitError);
    expect((rl as LlmRateLimitError).retryAfterMs).toBe(7000);
  });

  it('maps timeouts, our deadline, parse errors and dropped connections', () => {
    const t = Object.assign(new Error('Request timed out.'), { name: 'TimeoutError' });
    expect(classifyLlmError(t)).toBeInstanceOf(LlmTimeoutError);
    expect(classifyLlmError(new Error('AbortError'), { timedOut: true, timeoutMs: 500 })).toMatchObject({ timeoutMs: 500 });
    expect(classifyLlmError(new SyntaxError('Unexpected end of JSON input'))).toBeInstanceOf(LlmBadResponseError);
    const dropped = new TypeError('terminated', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) });
    expect(classifyLlmError(dropped)).toBeInstanceOf(LlmStreamError);
    const refused = Object.assign(new Error('Connection error.'), { name: 'Error' });
    expect(classifyLlmError(refused)).toBeInstanceOf(LlmServerError);
    expect(classifyLlmError(refused, { midStream: true })).toBeInstanceOf(LlmStreamError);
  });

  it('keeps already-typed errors and the cause for the log; every user message is bilingual', () => {
    const typed = new LlmStreamError('x');
    expect(classifyLlmError(typed)).toBe(typed);
    const cause = withStatus(503);
    expect(classifyLlmError(cause).cause).toBe(cause);
    for (const e of [new LlmTimeoutError(1), new LlmRateLimitError('x'), new LlmServerError('x'), typed, new LlmBadResponseError('x'), new LlmRequestError('x')]) {
      expect(e).toBeInstanceOf(UserFacingError);
      expect(e.userMessage).toMatch(/\p{Script=Han}.*\/.*[A-Za-z]/u);
      expect(e.name).toBe(e.constructor.name);
    }
  });
});

describe('client factories', () => {
  it('need a key for api.openai.com but not for a local base URL', () => {
    expect(() => createChatModel({ model: 'm', temperature: 0, timeoutMs: 1000, maxRetries: 0 })).toThrow(/OPENAI_API_KEY/);
    const local = createChatModel({ baseURL: 'http://127.0.0.1:11434/v1', model: 'qwen2.5', temperature: 0.2, timeoutMs: 1000, maxRetries: 1 });
    expect(local.model).toBe('qwen2.5');
    expect(local.temperature).toBe(0.2);
    expect(local.timeout).toBe(1000);
    expect(createOpenAIEmbeddings({ baseURL: 'http://127.0.0.1:8000/v1', model: 'bge-m3', timeoutMs: 1000, maxRetries: 0 }).model).toBe('bge-m3');
  });
});
