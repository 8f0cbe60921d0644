/**
 * A deterministic query mix for latency runs: Chinese questions cut from corpus
 * sentences (so they hit real postings) plus English questions that exercise the
 * cross-lingual expansion path, as the bot sees both.
 */
import { splitSentences } from '../src/text/sentences.js';
import type { Article } from '../src/types.js';
import { mulberry32, randInt } from '../src/util/prng.js';

const ZH_FORMS = ['{}是什么？', '{}是怎么回事？', '关于{}有什么报道？', '{}', '{}的原因是什么？'];

/** Topics the Wikipedia-derived scale corpus covers; phrased as users would ask. */
export const ENGLISH_QUESTIONS = [
  'Who founded the Tang dynasty?',
  'What is the population of Taipei?',
  'When was the university established?',
  'Which company developed the video game?',
  'What happened during the Opium War?',
  'Who was the first emperor of China?',
  'How long is the Yangtze River?',
  'What is the capital of Taiwan?',
  'When did the earthquake happen?',
  'Who wrote the novel Dream of the Red Chamber?',
  'What language is spoken in Hong Kong?',
  'How many people live in Shanghai?',
  'What sport is the stadium used for?',
  'Which dynasty built the Great Wall?',
  'What is the highest mountain in Japan?',
  'Who won the election?',
  'What does the railway connect?',
  'When was the bridge completed?',
  'What is the climate of Guangdong like?',
  'Why did the war start?',
];

export interface QueryMix {
  count: number;
  seed: number;
  /** Share of English questions, 0..1. */
  english?: number;
}

export function makeQueries(articles: Pick<Article, 'text'>[], mix: QueryMix): string[] {
  if (articles.length === 0) throw new Error('no articles to draw queries from');
  const rng = mulberry32(mix.seed);
  const out: string[] = [];
  const english = mix.english ?? 0.2;
  // Bounded: a corpus of tiny sentences may reject many draws.
  for (let attempt = 0; out.length < mix.count && attempt < mix.count * 50; attempt++) {
    if (rng() < english) {
      out.push(ENGLISH_QUESTIONS[randInt(rng, ENGLISH_QUESTIONS.length)]!);
      continue;
    }
    const sentences = splitSentences(articles[randInt(rng, articles.length)]!.text).filter((s) => s.length >= 12);
    const sentence = sentences[randInt(rng, sentences.length)];
    if (!sentence) continue;
    const len = 4 + randInt(rng, 9);
    const start = randInt(rng, Math.max(1, sentence.length - len));
    const cut = sentence.slice(start, start + len).replace(/[，。！？；、：“”「」（）()\s]/g, '');
    if (cut.length < 3) continue;
    out.push(ZH_FORMS[randInt(rng, ZH_FORMS.length)]!.replace('{}', cut));
  }
  return out;
}
