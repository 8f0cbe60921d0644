/** With a database, 👍/👎 clicks and refused questions are rows of its feedback table. */
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { PgFeedbackLog } from '../../../src/store/pg/feedback.js';
import { Feedback } from '../../../src/discord/feedback.js';
import { dropSchema, freshSchema, pgStore, pgUrl } from './helpers.js';

const schema = freshSchema('feedback');
afterAll(() => dropSchema(schema));

describe('feedback in PostgreSQL', () => {
  it('records votes and refusals; a failed insert is reported, not thrown', async () => {
    const store = pgStore(schema);
    await (await store.writer({ full: true, dimensions: 2 })).abort(); // creates the schema, as the index command does
    await store.close();
    const errors: unknown[] = [];
    const sink = new PgFeedbackLog(pgUrl(), schema, (err) => errors.push(err));
    const feedback = new Feedback(sink, () => new Date('2024-05-01T00:00:00Z'));
    const answer = { question: '谁？', answer: '没有找到。', citations: [], grounded: false } as never;
    await feedback.refused(answer, 'u1', 'c1');
    await feedback.vote('unknown-key', 'down', { userId: 'u2', channelId: 'c1', messageId: 'm1', messageText: 'text shown' });
    const client = new pg.Client({ connectionString: pgUrl() });
    await client.connect();
    const rows = (await client.query(`SELECT kind, vote, question, answer, user_id, message_id, at FROM ${schema}.feedback ORDER BY id`)).rows;
    await client.end();
    expect(rows.map((r) => [r.kind, r.vote, r.question, r.answer, r.user_id, r.message_id])).toEqual([
      ['refused', null, '谁？', '没有找到。', 'u1', null],
      ['vote', 'down', '', 'text shown', 'u2', 'm1'],
    ]);
    expect(new Date(rows[0].at).toISOString()).toBe('2024-05-01T00:00:00.000Z');
    const broken = new PgFeedbackLog(pgUrl(), 'no_such_schema', (err) => errors.push(err));
    await broken.append({ kind: 'vote', vote: 'up', question: 'q', answer: 'a', citations: [], userId: 'u', time: new Date().toISOString() });
    expect(errors).toHaveLength(1);
    await Promise.all([sink.close(), broken.close()]);
  });
});
