/** Dispatches slash commands, autocomplete and 👍/👎 feedback buttons. */
import { MessageFlags, type ButtonInteraction, type ChatInputCommandInteraction, type Interaction } from 'discord.js';
import { commandsByName } from '../commands/index.js';
import type { BotContext } from '../context.js';
import { Feedback } from '../feedback.js';
import { toSinglePayload } from '../format.js';
import { channelAllowed } from '../../present/limits.js';
import { botMessages } from '../../present/messages.js';
import { errorText, replyError } from '../respond.js';

export function onInteractionCreate(ctx: BotContext) {
  return (interaction: Interaction): void => ctx.track(handle(ctx, interaction));
}

async function handle(ctx: BotContext, interaction: Interaction): Promise<void> {
  if (interaction.isChatInputCommand()) return runCommand(ctx, interaction);
  if (interaction.isAutocomplete()) {
    const command = commandsByName.get(interaction.commandName);
    try {
      await command?.autocomplete?.(interaction, ctx);
    } catch (err) {
      ctx.log.warn({ err, command: interaction.commandName }, 'autocomplete failed');
      if (!interaction.responded) await interaction.respond([]).catch(() => undefined);
    }
    return;
  }
  if (interaction.isButton()) return onButton(ctx, interaction);
}

async function runCommand(ctx: BotContext, interaction: ChatInputCommandInteraction): Promise<void> {
  const command = commandsByName.get(interaction.commandName);
  const log = { command: interaction.commandName, userId: interaction.user.id, channelId: interaction.channelId };
  try {
    if (!command) throw new Error(`unknown command ${interaction.commandName}`);
    const channel = interaction.channel;
    const parentId = channel?.isThread() ? channel.parentId : null;
    if (!channelAllowed(ctx.config.DISCORD_ALLOWED_CHANNEL_IDS, interaction.channelId, parentId)) {
      await replyError(interaction, botMessages.channelNotAllowed());
      return;
    }
    await command.execute(interaction, ctx);
  } catch (err) {
    const text = errorText(err, ctx.log, log);
    await replyError(interaction, text).catch((e: unknown) => ctx.log.warn({ err: e, ...log }, 'could not report error'));
  }
}

async function onButton(ctx: BotContext, interaction: ButtonInteraction): Promise<void> {
  const parsed = Feedback.parse(interaction.customId);
  if (!parsed) return;
  await ctx.feedback.vote(parsed.key, parsed.vote, {
    userId: interaction.user.id,
    channelId: interaction.channelId,
    messageId: interaction.message.id,
    messageText: interaction.message.content,
  });
  await interaction.reply({ ...toSinglePayload(botMessages.feedbackThanks()), flags: MessageFlags.Ephemeral });
}
