/** /stats — size, date range, outlets, age and embedder of the current index; when the corpus was last refreshed. */
import { SlashCommandBuilder } from 'discord.js';
import { runStats } from '../../present/actions.js';
import { sendText } from '../respond.js';
import { markdownStyle } from '../../present/style.js';
import type { Command } from './types.js';

export const stats: Command = {
  data: new SlashCommandBuilder()
    .setName('stats')
    .setDescription('Index statistics: articles, dates, outlets, age')
    .setDescriptionLocalizations({ 'zh-CN': '索引概况', 'zh-TW': '索引概況' }),
  async execute(interaction, ctx) {
    await sendText(interaction, runStats(ctx.kb(), ctx.now(), markdownStyle, ctx.corpusRefresh?.()));
  },
};
