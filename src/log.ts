/** The one logger. Redacts known secret fields and any configured secret value. */
import pino, { type Logger } from 'pino';

export type { Logger };

export interface LogOptions {
  level?: string;
  /** Secret values (tokens, keys) to scrub from every line. */
  secrets?: string[];
  /** Destination stream (defaults to stderr so stdout stays clean for --json). */
  destination?: NodeJS.WritableStream;
}

export function createLogger(opts: LogOptions = {}): Logger {
  const secrets = (opts.secrets ?? []).filter((s) => s.length >= 4);
  const scrub = (line: string) => secrets.reduce((acc, s) => acc.split(s).join('[REDACTED]'), line);
  const dest = opts.destination ?? process.stderr;
  const stream = { write: (line: string) => void dest.write(scrub(line)) };
  return pino(
    {
      level: opts.level ?? 'info',
      redact: {
        paths: ['token', 'apiKey', 'authorization', '*.token', '*.apiKey', '*.authorization', 'headers.authorization', '*.headers.authorization', 'config.DISCORD_TOKEN', 'config.OPENAI_API_KEY'],
        censor: '[REDACTED]',
      },
    },
    stream,
  );
}

/** A logger that prints nothing (tests, library defaults). */
export const silentLogger: Logger = pino({ level: 'silent' });
