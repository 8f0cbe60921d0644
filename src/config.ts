/**
 * The one place that reads the environment. Every variable is validated by one
 * zod schema; a bad value fails with a message naming the variable and the fix.
 */
import { config as loadDotenv } from 'dotenv';
import { z } from 'zod';

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const str = () => z.preprocess(emptyToUndefined, z.string().optional());
const int = (def: number, min = 0) => z.preprocess(emptyToUndefined, z.coerce.number().int().min(min).default(def));
const num = (def: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z.preprocess(emptyToUndefined, z.coerce.number().min(min).max(max).default(def));
const bool = (def: boolean) =>
  z.preprocess(
    (v) => {
      const e = emptyToUndefined(v);
      if (e === undefined) return undefined;
      if (typeof e === 'boolean') return e;
      const s = String(e).toLowerCase();
      if (['1', 'true', 'yes', 'on'].includes(s)) return true;
      if (['0', 'false', 'no', 'off'].includes(s)) return false;
      return e;
    },
    z.boolean({ message: 'expected true or false' }).default(def),
  );
const list = () =>
  z.preprocess(
    (v) => (typeof v === 'string' ? v.split(/[\s,]+/).filter(Boolean) : v ?? []),
    z.array(z.string()),
  );
/** The outlets' Chinese feeds (RFA Mandarin and Cantonese, VOA Chinese, DW Chinese). */

/** A calendar day that exists (2023-02-30 does not): the Date round trip keeps only real ones. */
function isRealDay(iso: string): boolean {
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso;
}

export const DEFAULT_FEED_URLS = [
  'https://www.rfa.org/mandarin/rss2.xml',
  'https://www.rfa.org/cantonese/rss2.xml',
  'https://www.voachinese.com/api/zm_yql-vomx-tpeybti',
  'https://rss.dw.com/rdf/rss-chi-all',
];
const httpUrls = () =>
  list().pipe(z.array(z.string().regex(/^https?:\/\/[^\s/]+/i, { message: 'expected http(s) URLs, comma-separated' })));
// "localhost:11434" parses as a URL with the scheme "localhost:": ask for http(s) explicitly.
const url = () =>
  z.preprocess(emptyToUndefined, z.string().regex(/^https?:\/\/[^\s/]+/i, { message: 'expected a URL like http://host:port/v1' }).pipe(z.url()).optional());

export const configSchema = z.object({
  // Corpus and index
  CORPUS_DIR: list().default(['seeds']),
  INDEX_DIR: z.preprocess(emptyToUndefined, z.string().default('data/index')),
  MAX_FILE_BYTES: int(2_000_000, 1),
  CHUNK_SIZE: int(300, 50),
  CHUNK_OVERLAP: int(60, 0),
  EMBEDDER: z.preprocess(emptyToUndefined, z.enum(['auto', 'local', 'openai']).default('auto')),
  // PostgreSQL + pgvector instead of local files (README "Run on PostgreSQL")
  STORE: z.preprocess(emptyToUndefined, z.enum(['auto', 'local', 'postgres']).default('auto')),
  DATABASE_URL: z.preprocess(emptyToUndefined, z.string().regex(/^postgres(ql)?:\/\//, { message: 'expected postgres://user:password@host:port/database' }).optional()),
  PG_SCHEMA: z.preprocess(emptyToUndefined, z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, { message: 'expected a lower-case SQL identifier' }).default('zhnews')),
  PG_POOL_SIZE: int(4, 2),
  // OpenAI-compatible API (OpenAI, Ollama, vLLM, DeepSeek...)
  OPENAI_API_KEY: str(),
  OPENAI_BASE_URL: url(),
  EMBEDDING_MODEL: z.preprocess(emptyToUndefined, z.string().default('text-embedding-3-small')),
  CHAT_MODEL: z.preprocess(emptyToUndefined, z.string().default('gpt-4o-mini')),
  LLM_TEMPERATURE: num(0, 0, 2),
  LLM_TIMEOUT_MS: int(30_000, 100),
  // Connecting to the server gets far less time than generating: a dead server is named in ~1 s.
  LLM_CONNECT_TIMEOUT_MS: int(1500, 50),
  LLM_MAX_RETRIES: int(2, 0),
  ANSWER_MODE: z.preprocess(emptyToUndefined, z.enum(['auto', 'extractive', 'generative']).default('auto')),
  ANSWER_LANGUAGE: z.preprocess(emptyToUndefined, z.enum(['auto', 'zh-Hans', 'zh-Hant', 'en']).default('auto')),
  REQUIRE_CITATIONS: bool(true),
  CONTEXT_TOKEN_BUDGET: int(3000, 200),
  // Retrieval
  RETRIEVAL_K: int(5, 1),
  MIN_RELEVANCE: num(0.3, 0, 1),
  /** The day relative dates in questions count from ("上个月", "last week"); default: today. Fixed for tests and evaluations. */
  REFERENCE_DATE: z.preprocess(
    emptyToUndefined,
    z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'expected an ISO date like 2023-12-01' }).refine(isRealDay, { message: 'expected a real date' }).optional(),
  ),
  // Discord
  DISCORD_TOKEN: str(),
  DISCORD_APP_ID: str(),
  DISCORD_GUILD_ID: str(),
  DISCORD_CHANNEL_IDS: list(),
  DISCORD_ALLOWED_CHANNEL_IDS: list(),
  DISCORD_API_BASE: url(),
  DISCORD_USE_THREADS: bool(false),
  RATE_LIMIT_PER_MINUTE: int(5, 1),
  MAX_CONCURRENT_ANSWERS: int(4, 1),
  MAX_QUEUE: int(50, 0),
  MAX_QUESTION_CHARS: int(500, 10),
  FEEDBACK_LOG: z.preprocess(emptyToUndefined, z.string().default('data/feedback.jsonl')),
  INDEX_POLL_MS: int(2000, 100),
  /** Unset: one process. N or auto: discord.js ShardingManager with N shards (auto: as Discord recommends). */
  SHARD_COUNT: z.preprocess(
    emptyToUndefined,
    z.union([z.literal('auto'), z.coerce.number().int().min(1).max(1000)], { message: 'expected a number of shards or auto' }).optional(),
  ),
  SHARD_SPAWN_DELAY_MS: int(5500, 0),
  // News feeds (npm run fetch-feeds / refresh, and the bot's scheduled refresh)
  FEED_URLS: z.preprocess(emptyToUndefined, httpUrls().default(DEFAULT_FEED_URLS)),
  FEED_REFRESH_MINUTES: num(0, 0, 7 * 24 * 60),
  FEED_TIMEOUT_MS: int(15_000, 100),
  FEED_RETRIES: int(2, 0),
  FEED_MAX_BYTES: int(10_000_000, 1000),
  FEED_CONCURRENCY: int(3, 1),
  FEED_USER_AGENT: z.preprocess(emptyToUndefined, z.string().default('zh-news-qa-bot/0.1 (news question-answering bot; feed reader)')),
  // Logging
  LOG_LEVEL: z.preprocess(emptyToUndefined, z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')),
}).superRefine((c, ctx) => {
  // An overlap as large as the chunk makes every step advance by (almost) nothing.
  if (c.STORE === 'postgres' && !c.DATABASE_URL) {
    ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: 'STORE=postgres needs DATABASE_URL (postgres://user:password@host:port/database)' });
  }
  if (c.CHUNK_OVERLAP >= c.CHUNK_SIZE) {
    ctx.addIssue({ code: 'custom', path: ['CHUNK_OVERLAP'], message: `must be smaller than CHUNK_SIZE (${c.CHUNK_SIZE})` });
  }
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration (see .env.example and README "Settings"):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parse a config from an env-like object. Lists every bad variable at once. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = configSchema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join('.') || '(root)';
    const got = env[String(issue.path[0])];
    return `${name}: ${issue.message}${got !== undefined ? ` (got "${name.includes('KEY') || name.includes('TOKEN') || name === 'DATABASE_URL' ? '***' : got}")` : ''}`;
  });
  throw new ConfigError(problems);
}

/** Load .env (without overriding real env vars), then parse process.env. */
export function loadConfig(overrides: Record<string, string | undefined> = {}): Config {
  loadDotenv({ quiet: true } as Parameters<typeof loadDotenv>[0]);
  return parseConfig({ ...process.env, ...overrides });
}

/**
 * Whether command errors should carry their stack trace (LOG_LEVEL=debug or trace).
 * Read apart from the full parse: it must work when the rest of the config is bad.
 */
export function stackTracesWanted(env: Record<string, string | undefined> = process.env): boolean {
  loadDotenv({ quiet: true } as Parameters<typeof loadDotenv>[0]);
  return ['debug', 'trace'].includes((env['LOG_LEVEL'] ?? '').trim().toLowerCase());
}

/** Secrets the logger must never print. */
export function secretsOf(config: Config): string[] {
  const dbPassword = config.DATABASE_URL ? passwordOf(config.DATABASE_URL) : undefined;
  return [config.OPENAI_API_KEY, config.DISCORD_TOKEN, dbPassword].filter((s): s is string => !!s && s.length >= 4);
}

function passwordOf(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    return undefined;
  }
}

/** Which store serves the index: PostgreSQL when asked for or when DATABASE_URL is set (STORE=auto), else local files. */
export function storeKind(config: Pick<Config, 'STORE' | 'DATABASE_URL'>): 'local' | 'postgres' {
  if (config.STORE === 'local') return 'local';
  return config.STORE === 'postgres' || config.DATABASE_URL ? 'postgres' : 'local';
}
