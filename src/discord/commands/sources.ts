/** /sources — the passages behind the last answer given in this channel. */
import { SlashCommandBuilder } from 'discord.js';
import { runSources } from '../../present/actions.js';
import { sendText } from '../respond.js';
import { markdownStyle } from '../../present/style.js';
import type { Command } from './types.js';

export const sources: Command = {
  data: new SlashCommandBuilder()
    .setName('sources')
    .setDescription('Show the passages behind the last answer in this channel')
    .setDescriptionLocalizations({ 'zh-CN': '显示上一个回答引用的段落', 'zh-TW': '顯示上一個回答引用的段落' }),
  async execute(interaction, ctx) {
    await sendText(interaction, runSources(ctx.conversations.lastAnswer(interaction.channelId), markdownStyle));
  },
};
