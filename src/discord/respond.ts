/**
 * Sending text as interaction responses: first message as reply (or edit of a
 * deferred reply), the rest as follow-ups; errors always ephemeral.
 */
import { MessageFlags, type ChatInputCommandInteraction, type Message } from 'discord.js';
import type { Logger } from '../log.js';
import type { AnswerPayload } from './answering.js';
import { toPayloads, toSinglePayload } from './format.js';
import { BotUserError, genericErrorMessage, userMessageOf } from '../present/messages.js';


/** Post payloads; returns the ids of the edited/follow-up messages (a plain reply has none). */
export async function sendPayloads(
  interaction: ChatInputCommandInteraction,
  payloads: AnswerPayload[],
  opts: { ephemeral?: boolean } = {},
): Promise<string[]> {
  const flags = opts.ephemeral ? MessageFlags.Ephemeral : undefined;
  const ids: string[] = [];
  for (const [i, p] of payloads.entries()) {
    if (i === 0 && interaction.deferred) {
      ids.push((await interaction.editReply(p)).id);
    } else if (i === 0 && !interaction.replied) {
      await interaction.reply({ ...p, flags });
    } else {
      ids.push((await interaction.followUp({ ...p, flags })).id);
    }
  }
  return ids;
}

export function sendText(interaction: ChatInputCommandInteraction, text: string, opts: { ephemeral?: boolean } = {}): Promise<string[]> {
  return sendPayloads(interaction, toPayloads(text), opts);
}

/** The text to show for an error; unexpected errors are logged with details. */
export function errorText(err: unknown, log: Logger, context: Record<string, unknown>): string {
  const userMessage = userMessageOf(err);
  // Our own refusals (limits, bad input) are routine; other user-facing errors (LLM down) are worth a warning.
  if (userMessage && !(err instanceof BotUserError)) log.warn({ err, ...context }, 'user-facing error');
  if (userMessage) return userMessage;
  log.error({ err, ...context }, 'discord handler failed');
  return genericErrorMessage();
}

/** Ephemeral error: a public deferred reply is deleted and replaced by an ephemeral follow-up. */
export async function replyError(interaction: ChatInputCommandInteraction, text: string): Promise<void> {
  const payload = toSinglePayload(text);
  if (!interaction.deferred && !interaction.replied) {
    await interaction.reply({ ...payload, flags: MessageFlags.Ephemeral });
  } else if (interaction.ephemeral) {
    await interaction.editReply(payload);
  } else {
    await interaction.deleteReply().catch(() => undefined);
    await interaction.followUp({ ...payload, flags: MessageFlags.Ephemeral });
  }
}

/** Error as a reply to a message (messages can't be ephemeral). */
export async function replyErrorToMessage(message: Message, text: string): Promise<void> {
  await message.reply(toSinglePayload(text));
}
