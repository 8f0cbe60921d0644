/** `npm run index [-- --corpus DIR ...] [--full] [--json]` */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { runIndex } from './runtime.js';

export async function indexCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { corpus: { type: 'string', multiple: true }, full: { type: 'boolean' }, json: { type: 'boolean' } },
  });
  const config = loadConfig();
  const json = !!values.json;
  const say = (line: string) => process.stderr.write(`${line}\n`);
  try {
    const summary = await runIndex(config, { corpusDirs: values.corpus, full: values.full, quiet: json, log: json ? undefined : say });
    for (const s of summary.skipped) say(`skipped ${s.file}: ${s.reason}`);
    const { version: _v, ...report } = summary;
    if (json) process.stdout.write(`${JSON.stringify(report)}\n`);
    else {
      say(`articles=${summary.articles} chunks=${summary.chunks} added=${summary.added} changed=${summary.changed} ` +
        `removed=${summary.removed} unchanged=${summary.unchanged} skipped=${summary.skipped.length} in ${summary.ms} ms`);
    }
    return 0;
  } catch (err) {
    say(`index failed: ${(err as Error).message}`);
    return 1;
  }
}
