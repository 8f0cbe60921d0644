/**
 * Bilingual sentences the bot and the terminal chat say about themselves
 * (limits, usage mistakes). Answer wording lives in src/answer/messages.ts.
 */
export { genericErrorMessage } from '../answer/messages.js';

export const botMessages = {
  rateLimited: (seconds: number) =>
    `请稍等 ${seconds} 秒后再提问。/ You're asking a lot — please wait ${seconds}s before the next question.`,
  queueFull: () => '现在提问的人太多了，请稍后再试。/ Too many questions right now, please try again in a minute.',
  tooLong: (max: number) => `问题太长了（最多 ${max} 个字符）。/ That question is too long (max ${max} characters).`,
  emptyQuestion: () => '请输入问题。/ Please type a question.',
  channelNotAllowed: () => '这个频道不能使用本机器人。/ The bot is not available in this channel.',
  noAnswerYet: () => '这里还没有回答过问题，暂无来源可显示。/ No answer here yet, so there are no sources to show.',
  noPassages: () => '上一个回答没有引用任何段落。/ The last answer did not quote any passages.',
  articleNotFound: (ref: string) =>
    `找不到文章「${ref}」。请用 /search 查找，或输入文章 ID 或完整链接。/ No article "${ref}". Use /search, or give an article id or full URL.`,
  noResults: () => '没有找到相关文章。/ No matching articles.',
  badDate: (name: string, value: string) =>
    `日期「${value}」无效（${name}），请使用 YYYY-MM-DD。/ Invalid ${name} date "${value}"; use YYYY-MM-DD.`,
  feedbackThanks: () => '谢谢反馈！/ Thanks for the feedback!',
};

/** An error whose message is safe and useful to show to the user as is. */
export class BotUserError extends Error {
  constructor(readonly userMessage: string) {
    super(userMessage);
    this.name = 'BotUserError';
  }
}

/** The user-facing text of an error: its own `userMessage` if it has one (any module's), else undefined. */
export function userMessageOf(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'userMessage' in err) {
    const msg = (err as { userMessage: unknown }).userMessage;
    if (typeof msg === 'string' && msg.trim()) return msg;
  }
  return undefined;
}
