/**
 * `npm run chat`: the bot's behaviour in a terminal — questions with follow-ups
 * (history), /search, /article, /sources, /stats, /help — sharing the bot's
 * command logic and wording (plain style instead of Discord markdown).
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Config } from '../config.js';
import { SafeTextStream } from '../answer/output-stream.js';
import { silentLogger, type Logger } from '../log.js';
import { runArticle, runLatest, runSearch, runSources, runStats, type SearchArgs } from '../present/actions.js';
import { lastTurns } from '../present/conversation.js';
import { formatAnswer, formatSourceList } from '../present/answer-text.js';
import { checkQuestion } from '../present/limits.js';
import { genericErrorMessage, userMessageOf } from '../present/messages.js';
import { plainStyle } from '../present/style.js';
import { helpView } from '../present/views.js';
import type { Answer, Answerer, KnowledgeBase, Turn } from '../types.js';

export interface ChatOptions {
  kb: () => KnowledgeBase;
  answerer: Answerer;
  config: Config;
  input: Readable;
  output: Writable;
  log?: Logger;
  now?: () => number;
}

const PROMPT = '问 / ask> ';

/** `/search 北京 洪灾 source:VOA from:2023-07-01 limit:3` → SearchArgs. */
export function parseSearch(rest: string): SearchArgs {
  const args: SearchArgs = { query: '' };
  const words: string[] = [];
  for (const token of rest.split(/\s+/).filter(Boolean)) {
    const m = /^(source|from|to|limit)[:=](.+)$/.exec(token);
    if (!m) words.push(token);
    else if (m[1] === 'limit') args.limit = Number(m[2]);
    else args[m[1] as 'source' | 'from' | 'to'] = m[2];
  }
  args.query = words.join(' ');
  return args;
}

/** What a chat session remembers: the recent turns (for follow-ups) and the last answer (for /sources). */
interface Session {
  history: Turn[];
  last?: Answer;
}

const say = (o: ChatOptions, text: string) => void o.output.write(`${text}\n`);

async function answer(o: ChatOptions, session: Session, question: string): Promise<void> {
  const opts = { history: session.history };
  let result: Answer;
  if (o.answerer.mode === 'generative') {
    // Print the text as it arrives (a sentence at a time, under the output policy), then only the sources.
    const stream = o.answerer.stream(question, opts);
    stream.final.catch(() => {});
    const safe = new SafeTextStream('plain');
    for await (const delta of stream.deltas) o.output.write(safe.push(delta));
    result = await stream.final;
    o.output.write(`${safe.flush()}\n`);
    const sources = formatSourceList(result.citations, result.language, plainStyle);
    if (sources) say(o, `\n${sources}`);
  } else {
    result = await o.answerer.ask(question, opts);
    say(o, formatAnswer(result, plainStyle));
  }
  session.history = lastTurns([...session.history, { question: result.question, answer: result.answer, citations: result.citations }]);
  session.last = result;
}

/** One input line; false when the session should end. */
async function handle(o: ChatOptions, session: Session, line: string): Promise<boolean> {
  const text = line.trim();
  if (!text) return true;
  const [head = '', ...restWords] = text.split(/\s+/);
  const rest = restWords.join(' ');
  switch (head.toLowerCase()) {
    case '/quit':
    case '/exit':
      return false;
    case '/help':
      say(o, helpView('cli', plainStyle));
      return true;
    case '/new':
      session.history = [];
      say(o, '新对话 / New conversation.');
      return true;
    case '/search':
      say(o, await runSearch(o.kb(), parseSearch(rest), plainStyle, o.config.RETRIEVAL_K));
      return true;
    case '/latest': {
      const { query, source, limit } = parseSearch(rest);
      say(o, await runLatest(o.kb(), { topic: query, source, limit }, plainStyle, o.config.RETRIEVAL_K));
      return true;
    }
    case '/article':
      say(o, await runArticle(o.kb(), rest, plainStyle));
      return true;
    case '/sources':
      say(o, runSources(session.last, plainStyle));
      return true;
    case '/stats':
      say(o, runStats(o.kb(), (o.now ?? Date.now)(), plainStyle));
      return true;
    default:
      if (head.startsWith('/')) {
        say(o, `未知命令 ${head}，输入 /help 查看帮助。/ Unknown command ${head}; type /help.`);
        return true;
      }
      await answer(o, session, checkQuestion(text, o.config.MAX_QUESTION_CHARS));
      return true;
  }
}

export async function runChat(o: ChatOptions): Promise<void> {
  const log = o.log ?? silentLogger;
  const session: Session = { history: [] };
  const rl = createInterface({ input: o.input, output: o.output, terminal: false });
  say(o, `${helpView('cli', plainStyle)}\n`);
  rl.setPrompt(PROMPT);
  rl.prompt();
  try {
    for await (const line of rl) {
      let keepGoing = true;
      try {
        keepGoing = await handle(o, session, line);
      } catch (err) {
        const userMessage = userMessageOf(err);
        if (!userMessage) log.error({ err }, 'chat command failed');
        say(o, userMessage ?? genericErrorMessage());
      }
      if (!keepGoing) break;
      say(o, '');
      rl.prompt();
    }
  } finally {
    rl.close();
  }
}
