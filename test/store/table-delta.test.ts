import { afterEach, describe, expect, it } from 'vitest';
import { readdir, rm } from 'node:fs/promises';
import { readTable, writeTable, type ReadTable } from '../../src/store/local/table-delta.js';
import { tempDir } from '../helpers/corpus.js';

type Row = [string, number];
const dirs: string[] = [];
afterEach(async () => Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true }))));

function table(n: number, tag = 'x'): Record<string, Row> {
  return Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, [tag, i] as Row]));
}

/** Write `rows` against `previous`, then read them back as the next run would. */
async function roundTrip(dir: string, name: string, rows: Record<string, Row>, previous?: ReadTable<Row>): Promise<ReadTable<Row>> {
  const delta = await writeTable(dir, name, rows, previous);
  return readTable<Row>(dir, JSON.parse(JSON.stringify(delta)));
}

describe('table deltas', () => {
  it('a few changed, added and removed rows are a delta on the old base; reading gives the whole table', async () => {
    const dir = await tempDir('qa-table-');
    dirs.push(dir);
    const first = await roundTrip(dir, 'base-1.json', table(1000));
    const next: Record<string, Row> = { ...first.rows, k5: ['y', 5], new1: ['n', 1] };
    delete next.k7;
    const second = await roundTrip(dir, 'base-2.json', next, first);
    expect(second.delta.base).toBe('base-1.json');
    expect(second.delta.changed).toEqual({ k5: ['y', 5], new1: ['n', 1] });
    expect(second.delta.removed).toEqual(['k7']);
    expect(second.rows).toEqual(next);
    expect(await readdir(dir)).toEqual(['base-1.json']);
    // The next delta still holds the earlier changes (it is against the same base), and a re-added key.
    const third = await roundTrip(dir, 'base-3.json', { ...second.rows, k7: ['x', 7] }, second);
    expect(third.delta.base).toBe('base-1.json');
    expect(Object.keys(third.delta.changed).sort()).toEqual(['k5', 'k7', 'new1']);
    expect(third.delta.removed).toEqual([]);
    expect(third.rows).toEqual({ ...next, k7: ['x', 7] });
  });

  it('changes beyond an eighth of the base write a new base', async () => {
    const dir = await tempDir('qa-table-');
    dirs.push(dir);
    const first = await roundTrip(dir, 'base-1.json', table(1000));
    const second = await roundTrip(dir, 'base-2.json', table(1000, 'changed'), first);
    expect(second.delta).toEqual({ base: 'base-2.json', baseRows: 1000, changed: {}, removed: [] });
    expect(second.rows).toEqual(table(1000, 'changed'));
    expect((await readdir(dir)).sort()).toEqual(['base-1.json', 'base-2.json']);
  });
});
