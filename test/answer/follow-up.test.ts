/** Follow-up detection and rewriting, from the question itself, in all three scripts. */
import { describe, expect, it } from 'vitest';
import { isFollowUp, readFollowUp, standaloneQuestion } from '../../src/answer/follow-up.js';
import type { Turn } from '../../src/types.js';

const turns = (...questions: string[]): Turn[] => questions.map((question) => ({ question, answer: '……[1]' }));
const strip = (s: string) => s.replace(/[?？]$/u, '');

describe('readFollowUp: is the question complete on its own?', () => {
  it.each([
    ['美日韩领导人的峰会在什么地方开？'],
    ['普京跟中国防长谈了哪些合作？'],
    ['俄羅斯艦艇在哪裡巡弋？'],
    ['What did the German foreign minister tell Qin Gang?'],
    ['Where did the US, Japan and South Korea hold their summit?'],
  ])('%s names its own subject: standalone', (q) => {
    expect(readFollowUp(q).kind).toBe('standalone');
  });

  it.each([
    ['他之后又访问了什么国家？', '他'],
    ['她們說了什麼？', '她们'],
    ['这次会谈有什么结果？', '这次'],
    ['When did she arrive?', 'she'],
    ['What did they agree on?', 'they'],
  ])('%s points back with a pronoun', (q, pronoun) => {
    expect(readFollowUp(q)).toMatchObject({ kind: 'anaphora', pronoun: { text: pronoun } });
  });

  it.each([
    ['那王毅呢？', '王毅'],
    ['那麼秦剛呢？', '秦刚'],
    ['What about Wang Yi?', 'Wang Yi'],
    ['and Shoigu?', 'Shoigu'],
  ])('%s is an ellipsis about %s', (q, focus) => {
    expect(readFollowUp(q)).toEqual({ kind: 'ellipsis', focus });
  });

  it.each([['后来呢？'], ['後來去了哪裡？'], ['为什么？'], ['And then?'], ['What happened next?']])('%s continues the topic', (q) => {
    expect(readFollowUp(q).kind).toBe('continuation');
  });

  it('does not read 其他 / 因此 / 那么 inside words as pronouns', () => {
    expect(readFollowUp('因此其他国家如何看待中俄军事合作？').kind).toBe('standalone');
  });

  it('a first question is never a follow-up', () => {
    expect(isFollowUp('他去了哪里？', [])).toBe(false);
    expect(isFollowUp('他去了哪里？', turns('李尚福是谁？'))).toBe(true);
    expect(isFollowUp('戴维营峰会讨论了什么？', turns('李尚福是谁？'))).toBe(false);
  });
});

describe('standaloneQuestion: the question to search with', () => {
  it('leaves a self-contained question alone, whatever came before', () => {
    const q = '美日韩领导人的峰会在什么地方开？';
    expect(standaloneQuestion(q, turns('秦刚和德国外长见面时说了什么？'))).toBe(q);
  });

  it('substitutes the previous subject for a pronoun (Simplified)', () => {
    expect(strip(standaloneQuestion('他之后又访问了什么国家？', turns('李尚福四月去了哪个国家？')))).toBe('李尚福之后又访问了什么国家');
  });

  it('keeps the asker\'s Traditional script', () => {
    expect(strip(standaloneQuestion('他之後又訪問了什麼國家？', turns('李尚福四月去了哪個國家？')))).toBe('李尚福之後又訪問了什麼國家');
  });

  it('replaces a demonstrative with the named topic', () => {
    expect(strip(standaloneQuestion('这次峰会有什么成果？', turns('美日韩峰会在哪里开？')))).toBe('美日韩峰会有什么成果');
  });

  it('fills an ellipsis into the previous question, following a chain of them', () => {
    const history = turns('秦刚对德国外长说了什么？', '那王毅呢？');
    expect(strip(standaloneQuestion('那王毅呢？', history.slice(0, 1)))).toBe('王毅对德国外长说了什么');
    expect(strip(standaloneQuestion('那普京呢？', history))).toBe('普京对德国外长说了什么');
  });

  it('prefixes a bare continuation with the topic', () => {
    expect(strip(standaloneQuestion('后来去了哪里？', turns('李尚福四月去了哪个国家？')))).toBe('李尚福后来去了哪里');
  });

  it('looks past a turn that names nothing for the antecedent', () => {
    expect(strip(standaloneQuestion('他见了谁？', turns('李尚福去了莫斯科吗？', '为什么？')))).toBe('李尚福见了谁');
  });

  it('rewrites English pronouns, possessives and "what about"', () => {
    const history = turns('Who did Li Shangfu meet in Moscow?');
    expect(standaloneQuestion('Where did he go after that?', history)).toBe('Where did Li Shangfu go after that?');
    expect(standaloneQuestion('What did his ministry say?', history)).toBe("What did Li Shangfu's ministry say?");
    expect(standaloneQuestion('What about Wang Yi?', history)).toBe('Who did Wang Yi meet in Moscow?');
  });

  it('crosses languages: an English follow-up to a Chinese question', () => {
    expect(standaloneQuestion('Did he meet Putin?', turns('李尚福去了哪里？'))).toBe('Did 李尚福 meet Putin?');
  });

  it('without anything to refer to, the question stays as asked', () => {
    expect(standaloneQuestion('他说了什么？', turns('为什么？'))).toBe('他说了什么？');
  });
});
