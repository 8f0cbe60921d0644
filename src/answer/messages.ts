/** Fixed user-facing sentences, one per answer language. */
import type { Lang } from '../types.js';

const NOT_FOUND: Record<Lang, string> = {
  'zh-Hans': '抱歉，资料库中的文章没有提到这个问题的答案。',
  'zh-Hant': '抱歉，資料庫中的文章沒有提到這個問題的答案。',
  en: 'Sorry, the articles in the corpus do not contain an answer to this question.',
};

/** The fixed "not found" sentence, in the asker's language and script. */
export function notFoundMessage(lang: Lang): string {
  return NOT_FOUND[lang];
}

const RELATED_LEAD: Record<Lang, string> = {
  'zh-Hans': '这些文章与问题相关，但没有给出答案：',
  'zh-Hant': '這些文章與問題相關，但沒有給出答案：',
  en: 'These articles touch on the question but do not answer it:',
};

/** The lead of the closest-articles list under a not-found answer. */
export function relatedLead(lang: Lang): string {
  return RELATED_LEAD[lang];
}

const GENERIC_ERROR = '出错了，请稍后再试。/ Something went wrong, please try again later.';

/** Short bilingual message for unexpected errors (details go to the log). */
export function genericErrorMessage(): string {
  return GENERIC_ERROR;
}

const PROMPT_ECHO_REMOVED = '（回答重复了机器人的内部指令，已删除。）/ (The answer repeated the bot\'s instructions and was removed.)';

/** Shown instead of an answer that consisted only of the bot's own instructions. */
export function promptEchoRemovedMessage(): string {
  return PROMPT_ECHO_REMOVED;
}
