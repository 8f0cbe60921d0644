/** /ask — answer a question; generative answers stream into the deferred reply. */
import { SlashCommandBuilder } from 'discord.js';
import type { Lang } from '../../types.js';
import { afterAnswer, answerPayloads, produceAnswer } from '../answering.js';
import { toPreviewPayload } from '../format.js';
import { checkQuestion } from '../../present/limits.js';
import { sendPayloads } from '../respond.js';
import { throttledEditor } from '../stream.js';
import type { Command } from './types.js';

const LANGS: Lang[] = ['zh-Hans', 'zh-Hant', 'en'];
const EDIT_INTERVAL_MS = 1000;

export const ask: Command = {
  data: new SlashCommandBuilder()
    .setName('ask')
    .setDescription('Ask a question about the news articles')
    .setDescriptionLocalizations({ 'zh-CN': '就新闻文章提问', 'zh-TW': '就新聞文章提問' })
    .addStringOption((o) => o.setName('question').setDescription('Your question / 你的问题').setRequired(true).setMaxLength(2000))
    .addStringOption((o) =>
      o
        .setName('language')
        .setDescription('Answer language / 回答语言')
        .addChoices({ name: '简体中文', value: 'zh-Hans' }, { name: '繁體中文', value: 'zh-Hant' }, { name: 'English', value: 'en' }),
    ),
  async execute(interaction, ctx) {
    // Cheap checks first, so their refusals can still be ephemeral replies.
    const question = checkQuestion(interaction.options.getString('question', true), ctx.config.MAX_QUESTION_CHARS);
    ctx.rate.check(interaction.user.id);
    const lang = interaction.options.getString('language');
    const language = LANGS.find((l) => l === lang);
    await interaction.deferReply();

    const editor = throttledEditor(
      (text) => interaction.editReply({ ...toPreviewPayload(text) }),
      EDIT_INTERVAL_MS,
      (err) => ctx.log.warn({ err }, 'streaming edit failed'),
    );
    let answer;
    try {
      answer = await produceAnswer(ctx, { question, history: [], language, onPreview: (t) => editor.push(t) });
    } finally {
      await editor.close();
    }
    const messageIds = await sendPayloads(interaction, answerPayloads(ctx, answer));
    await afterAnswer(ctx, { answer, history: [], userId: interaction.user.id, channelId: interaction.channelId, messageIds });
  },
};
