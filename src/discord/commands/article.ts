/** /article — one article by id or URL (autocomplete on titles), with lead and related articles. */
import { SlashCommandBuilder } from 'discord.js';
import { runArticle } from '../../present/actions.js';
import { day } from '../../present/answer-text.js';
import { sendText } from '../respond.js';
import { markdownStyle } from '../../present/style.js';
import { clip } from '../../present/views.js';
import type { Command } from './types.js';

export const ARTICLE_OPTION = 'url-or-id';

export const article: Command = {
  data: new SlashCommandBuilder()
    .setName('article')
    .setDescription('Show an article: title, outlet, date, lead, related')
    .setDescriptionLocalizations({ 'zh-CN': '显示文章详情', 'zh-TW': '顯示文章詳情' })
    .addStringOption((o) =>
      o.setName(ARTICLE_OPTION).setDescription('Article id or URL; type to search titles / 文章 ID、链接或标题').setRequired(true).setAutocomplete(true),
    ),
  async execute(interaction, ctx) {
    await interaction.deferReply();
    await sendText(interaction, await runArticle(ctx.kb(), interaction.options.getString(ARTICLE_OPTION, true), markdownStyle));
  },
  async autocomplete(interaction, ctx) {
    const typed = interaction.options.getFocused();
    const titles = ctx.kb().findTitles(typed, 25);
    // Discord caps choice names and values at 100 characters; ids are short.
    await interaction.respond(titles.map((a) => ({ name: clip(`${a.title} · ${day(a.publishedAt)}`, 100), value: a.id })));
  },
};
