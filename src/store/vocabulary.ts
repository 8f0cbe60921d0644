/**
 * Term ↔ id for the lexical index, stored as one UTF-8 blob with offsets and
 * per-term hashes, looked up through an open-addressing table rebuilt at load.
 * Loading is a buffer copy: no JSON parse and no Map of every term, which were
 * most of the cost of opening the index and of a small incremental re-index.
 */
import { aligned4, words } from '../util/bytes.js';
import { fnv1a } from '../util/hash.js';

export class Vocabulary {
  private table = new Uint32Array(0);
  private readonly addedTerms: string[] = [];
  private readonly addedHashes: number[] = [];

  private constructor(
    /** Terms loaded from disk: UTF-8 bytes, start offsets (n + 1) and hashes (n). */
    private readonly blob: Buffer,
    private readonly starts: Uint32Array,
    private readonly hashes: Uint32Array,
  ) {
    this.rehash(Math.max(1024, this.nextPow2(hashes.length * 2)));
  }

  static empty(): Vocabulary {
    return new Vocabulary(Buffer.alloc(0), new Uint32Array(1), new Uint32Array(0));
  }

  static fromTerms(terms: Iterable<string>): Vocabulary {
    const v = Vocabulary.empty();
    for (const t of terms) v.add(t);
    return v;
  }

  /** Layout: u32 count, u32 blob bytes, u32 starts[count + 1], u32 hashes[count], blob. */
  static decode(buf: Buffer): Vocabulary {
    const all = aligned4(buf);
    const [count, bytes] = words(all, 0, 2) as unknown as [number, number];
    const blobAt = 8 + 4 * (2 * count + 1);
    if (blobAt + bytes !== buf.byteLength) throw new Error(`lexical vocabulary is truncated or corrupt (${buf.byteLength} bytes)`);
    const starts = words(all, 8, count + 1);
    const hashes = words(all, 8 + 4 * (count + 1), count);
    return new Vocabulary(Buffer.from(all.buffer, all.byteOffset + blobAt, bytes), starts, hashes);
  }

  /** The binary form, as parts to write back to back. */
  encode(): ArrayBufferView[] {
    const added = Buffer.from(this.addedTerms.join(''));
    const count = this.size;
    const starts = new Uint32Array(count + 1);
    starts.set(this.starts);
    let at = this.blob.length;
    this.addedTerms.forEach((t, i) => (starts[this.hashes.length + i + 1] = at += Buffer.byteLength(t)));
    const hashes = new Uint32Array(count);
    hashes.set(this.hashes);
    hashes.set(this.addedHashes, this.hashes.length);
    const header = new Uint32Array([count, this.blob.length + added.length]);
    return [header, starts, hashes, this.blob, added];
  }

  get size(): number {
    return this.hashes.length + this.addedTerms.length;
  }

  term(id: number): string {
    const base = this.hashes.length;
    return id < base ? this.blob.toString('utf8', this.starts[id]!, this.starts[id + 1]!) : this.addedTerms[id - base]!;
  }

  get(term: string): number | undefined {
    const h = fnv1a(term);
    const mask = this.table.length - 1;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const v = this.table[slot]!;
      if (v === 0) return undefined;
      if (this.hashOf(v - 1) === h && this.term(v - 1) === term) return v - 1;
    }
  }

  has(term: string): boolean {
    return this.get(term) !== undefined;
  }

  /** The term's id, adding it if new. */
  add(term: string): number {
    const known = this.get(term);
    if (known !== undefined) return known;
    const id = this.size;
    const h = fnv1a(term);
    this.addedTerms.push(term);
    this.addedHashes.push(h);
    if (this.size * 2 > this.table.length) this.rehash(this.table.length * 2);
    else this.place(id, h);
    return id;
  }

  *[Symbol.iterator](): IterableIterator<string> {
    for (let id = 0; id < this.size; id++) yield this.term(id);
  }

  private hashOf(id: number): number {
    const base = this.hashes.length;
    return id < base ? this.hashes[id]! : this.addedHashes[id - base]!;
  }

  private place(id: number, h: number): void {
    const mask = this.table.length - 1;
    let slot = h & mask;
    while (this.table[slot] !== 0) slot = (slot + 1) & mask;
    this.table[slot] = id + 1;
  }

  private rehash(size: number): void {
    this.table = new Uint32Array(size);
    for (let id = 0; id < this.size; id++) this.place(id, this.hashOf(id));
  }

  private nextPow2(n: number): number {
    let p = 1;
    while (p < n) p *= 2;
    return p;
  }
}
