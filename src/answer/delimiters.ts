/**
 * The prompts fence untrusted text in XML-like tags (<source>, <sources>,
 * <question>, <conversation>, <follow_up>). Text put inside them must not be able
 * to close or open one: a planted "</source>" would turn the rest of an article
 * into what looks like our own instructions. Every look-alike of a tag opener —
 * `<`, full-width `＜`, small `﹤`, `〈`, and HTML entities — is replaced by `‹`
 * when a tag name follows, after the invisible characters that could split it.
 */
import { stripInvisible } from '../text/invisible.js';

const TAG_NAMES = ['sources', 'source', 'question', 'conversation', 'follow_up'];
const OPENER = '(?:[<＜﹤〈]|&lt;?|&#0*60;?|&#x0*3c;?)';
const SPACE = '[\\s\\u3000]*';
const TAG = new RegExp(`${OPENER}(?=${SPACE}[/／]?${SPACE}(?:${TAG_NAMES.join('|')})(?![\\w-]))`, 'giu');

/** Untrusted text, safe to place between the prompts' tags. */
export function neutraliseDelimiters(text: string): string {
  return stripInvisible(text).replace(TAG, '‹');
}
