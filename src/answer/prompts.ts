/**
 * Prompt templates live as Markdown files in <package root>/prompts so they can be
 * reviewed and tuned without touching code. Each file is read once and cached.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Lang } from '../types.js';

export type PromptName = 'system' | 'answer' | 'timeline' | 'condense';

// src/answer/ -> package root, independent of the process's cwd.
const PROMPTS_DIR = fileURLToPath(new URL('../../prompts/', import.meta.url));

const cache = new Map<PromptName, string>();

export function loadPrompt(name: PromptName): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(`${PROMPTS_DIR}${name}.md`, 'utf8').trim();
    cache.set(name, text);
  }
  return text;
}

/**
 * Replace `{{name}}` placeholders in one pass, so placeholder-like text inside the
 * values (a question containing "{{sources}}") is never expanded. A placeholder
 * without a value is a bug in the caller: fail loudly.
 */
export function fillTemplate(template: string, vars: Record<string, string>): string {
  return template.replace(/\{\{\s*([\w-]+)\s*\}\}/g, (_, key: string) => {
    const value = vars[key];
    if (value === undefined) throw new Error(`Prompt placeholder {{${key}}} has no value`);
    return value;
  });
}

export function renderPrompt(name: PromptName, vars: Record<string, string> = {}): string {
  return fillTemplate(loadPrompt(name), vars);
}

const LANGUAGE_NAMES: Record<Lang, string> = {
  'zh-Hans': 'Simplified Chinese (简体中文, zh-Hans)',
  'zh-Hant': 'Traditional Chinese (繁體中文, zh-Hant)',
  en: 'English (en)',
};

/** The explicit language-and-script instruction used in prompts. */
export function languageName(lang: Lang): string {
  return LANGUAGE_NAMES[lang];
}
