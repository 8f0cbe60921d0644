/**
 * The local-files IndexStore: INDEX_DIR holds CURRENT, the manifests and the segment
 * folders (manifest.ts, segment.ts). Readers open what CURRENT names; one writer at
 * a time (the caller holds the index lock, util/lock.ts).
 */
import { IndexFormatError, type CommitExtras, type IndexStore, type WriterOptions } from '../index-store.js';
import { ensureDir, readCurrent, readManifest, type ManifestJson } from './manifest.js';
import { segmentProblem } from './segment.js';
import { LocalSnapshot } from './snapshot.js';
import { LocalWriter, type WriterHooks } from './writer.js';

export class LocalIndexStore implements IndexStore {
  constructor(readonly dir: string, private readonly hooks: WriterHooks = {}) {}

  currentVersion(): Promise<string | undefined> {
    return readCurrent(this.dir);
  }

  /** The served snapshot, or a given version (hot reload opens the one it saw). */
  async open(version?: string): Promise<LocalSnapshot | undefined> {
    const name = version ?? (await readCurrent(this.dir));
    if (!name) return undefined;
    return LocalSnapshot.open(this.dir, name, readManifest(this.dir, name));
  }

  async writer(opts: WriterOptions): Promise<LocalWriter> {
    await ensureDir(this.dir);
    let previous: ManifestJson | undefined;
    try {
      const name = await readCurrent(this.dir);
      previous = name ? readManifest(this.dir, name, { extras: true }) : undefined;
    } catch (err) {
      // A full build replaces an index of another format; an incremental one cannot continue it.
      if (!(err instanceof IndexFormatError && opts.full)) throw err;
    }
    // An incremental run keeps the served segments without reading them: one it could not read back starts the index over.
    const full = opts.full || !previous || this.unreadable(previous);
    return new LocalWriter(this.dir, previous, full, opts.dimensions, opts.capacity ?? 0, this.hooks);
  }

  private unreadable(m: ManifestJson): boolean {
    return m.segments.some((entry) => segmentProblem(this.dir, entry, m.meta.embedder.dimensions) !== undefined);
  }

  async extras(): Promise<CommitExtras | undefined> {
    const name = await readCurrent(this.dir);
    return name ? readManifest(this.dir, name, { extras: true }).extras : undefined;
  }
}
