/**
 * Feedback (👍/👎 clicks and refused questions) as rows of `<schema>.feedback`, for
 * bots that keep their index in PostgreSQL: every shard and process writes to one
 * place. Best effort, like the JSONL log: a failed insert is reported, never thrown.
 */
import pg from 'pg';

export interface FeedbackRow {
  kind: string;
  vote?: string;
  question: string;
  answer: string;
  citations: unknown[];
  userId: string;
  time: string;
  channelId?: string;
  messageId?: string;
}

export class PgFeedbackLog {
  private pool?: pg.Pool;

  constructor(
    private readonly url: string,
    private readonly schema: string,
    private readonly onError: (err: unknown) => void,
  ) {}

  async append(entry: FeedbackRow): Promise<void> {
    if (!this.pool) {
      this.pool = new pg.Pool({ connectionString: this.url, max: 2, idleTimeoutMillis: 10_000, allowExitOnIdle: true });
      this.pool.on('error', () => {});
    }
    try {
      await this.pool.query(
        `INSERT INTO ${this.schema}.feedback (at, kind, vote, question, answer, citations, user_id, channel_id, message_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [entry.time, entry.kind, entry.vote ?? null, entry.question, entry.answer, JSON.stringify(entry.citations), entry.userId, entry.channelId ?? null, entry.messageId ?? null],
      );
    } catch (err) {
      this.onError(err);
    }
  }

  async close(): Promise<void> {
    await this.pool?.end();
  }
}
