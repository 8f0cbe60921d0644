/** /help — what the bot does and how to ask. */
import { SlashCommandBuilder } from 'discord.js';
import { sendText } from '../respond.js';
import { markdownStyle } from '../../present/style.js';
import { helpView } from '../../present/views.js';
import type { Command } from './types.js';

export const help: Command = {
  data: new SlashCommandBuilder()
    .setName('help')
    .setDescription('How to use the news Q&A bot')
    .setDescriptionLocalizations({ 'zh-CN': '使用说明', 'zh-TW': '使用說明' }),
  async execute(interaction) {
    await sendText(interaction, helpView('discord', markdownStyle), { ephemeral: true });
  },
};
