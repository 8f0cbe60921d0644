/** /search — ranked articles (title link, outlet, date) with optional outlet and date filters. */
import { SlashCommandBuilder } from 'discord.js';
import { MAX_SEARCH_LIMIT, runSearch } from '../../present/actions.js';
import { sendText } from '../respond.js';
import { markdownStyle } from '../../present/style.js';
import type { Command } from './types.js';

export const search: Command = {
  data: new SlashCommandBuilder()
    .setName('search')
    .setDescription('Search the news articles')
    .setDescriptionLocalizations({ 'zh-CN': '搜索新闻文章', 'zh-TW': '搜尋新聞文章' })
    .addStringOption((o) => o.setName('query').setDescription('What to look for / 关键词').setRequired(true).setMaxLength(300))
    .addStringOption((o) => o.setName('source').setDescription('Only this outlet, e.g. RFA / 来源').setAutocomplete(true))
    .addStringOption((o) => o.setName('from').setDescription('From date YYYY-MM-DD / 起始日期'))
    .addStringOption((o) => o.setName('to').setDescription('To date YYYY-MM-DD / 截止日期'))
    .addIntegerOption((o) => o.setName('limit').setDescription('How many articles / 数量').setMinValue(1).setMaxValue(MAX_SEARCH_LIMIT)),
  async execute(interaction, ctx) {
    const o = interaction.options;
    // Query embedding may take a moment; acknowledge within Discord's 3 s.
    await interaction.deferReply();
    const text = await runSearch(
      ctx.kb(),
      {
        query: o.getString('query', true),
        source: o.getString('source') ?? undefined,
        from: o.getString('from') ?? undefined,
        to: o.getString('to') ?? undefined,
        limit: o.getInteger('limit') ?? undefined,
      },
      markdownStyle,
      ctx.config.RETRIEVAL_K,
    );
    await sendText(interaction, text);
  },
  /** Outlet names from the index, filtered by what was typed. */
  async autocomplete(interaction, ctx) {
    const typed = interaction.options.getFocused().toLowerCase();
    const outlets = Object.keys(ctx.kb().stats().sources).filter((s) => s.toLowerCase().includes(typed));
    await interaction.respond(outlets.slice(0, 25).map((s) => ({ name: s.slice(0, 100), value: s.slice(0, 100) })));
  },
};
