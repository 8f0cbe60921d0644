/** The one static command list: the dispatcher and deploy-commands both use it. */
import { article } from './article.js';
import { ask } from './ask.js';
import { help } from './help.js';
import { latest } from './latest.js';
import { search } from './search.js';
import { sources } from './sources.js';
import { stats } from './stats.js';
import type { Command } from './types.js';

export type { Command } from './types.js';

export const commands: readonly Command[] = [ask, search, latest, article, sources, stats, help];

export const commandsByName: ReadonlyMap<string, Command> = new Map(commands.map((c) => [c.data.name, c]));

/** JSON bodies for PUT /applications/:app/commands (bulk overwrite). */
export const commandPayloads = () => commands.map((c) => c.data.toJSON());
