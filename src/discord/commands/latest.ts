/** /latest [topic] [source] — the newest relevant articles (or the newest of all), with dates. */
import { SlashCommandBuilder } from 'discord.js';
import { MAX_SEARCH_LIMIT, runLatest } from '../../present/actions.js';
import { sendText } from '../respond.js';
import { markdownStyle } from '../../present/style.js';
import { search } from './search.js';
import type { Command } from './types.js';

export const latest: Command = {
  data: new SlashCommandBuilder()
    .setName('latest')
    .setDescription('The newest articles on a topic')
    .setDescriptionLocalizations({ 'zh-CN': '某个话题的最新文章', 'zh-TW': '某個話題的最新文章' })
    .addStringOption((o) => o.setName('topic').setDescription('Topic, e.g. 王毅 / 话题').setMaxLength(300))
    .addStringOption((o) => o.setName('source').setDescription('Only this outlet, e.g. DW / 来源').setAutocomplete(true))
    .addIntegerOption((o) => o.setName('limit').setDescription('How many articles / 数量').setMinValue(1).setMaxValue(MAX_SEARCH_LIMIT)),
  async execute(interaction, ctx) {
    const o = interaction.options;
    // Retrieval may take a moment; acknowledge within Discord's 3 s.
    await interaction.deferReply();
    const text = await runLatest(
      ctx.kb(),
      { topic: o.getString('topic') ?? undefined, source: o.getString('source') ?? undefined, limit: o.getInteger('limit') ?? undefined },
      markdownStyle,
      ctx.config.RETRIEVAL_K,
    );
    await sendText(interaction, text);
  },
  // The same outlet names as /search offers.
  autocomplete: (interaction, ctx) => search.autocomplete!(interaction, ctx),
};
