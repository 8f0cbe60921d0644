import { describe, expect, it } from 'vitest';
import { holdsAnswerOfType } from '../../src/retrieve/answer-candidates.js';
import { answerTypeOf } from '../../src/retrieve/question-type.js';
import { normalizeForMatch } from '../../src/text/normalize.js';

const zh = (q: string) => answerTypeOf(normalizeForMatch(q), false);
const en = (q: string) => answerTypeOf(q, true);

describe('answer type of a question', () => {
  it.each([
    ['谁接替了他的职位？', 'person'],
    ['這份聲明是哪位官員發表的？', 'person'],
    ['峰会在哪里举行？', 'place'],
    ['代表團去了哪個國家？', 'place'],
    ['协议是哪一年签署的？', 'year'],
    ['他什麼時候抵達莫斯科？', 'time'],
    ['会谈在几月举行？', 'time'],
    ['澳洲的首都是哪座城市？', 'place'],
    ['演习有多少名士兵参加？', 'number'],
    ['會談持續了多久？', 'duration'],
    ['他为什么取消行程？', 'reason'],
    ['那艘驱逐舰叫什么名字？', 'name'],
    ['双方讨论了什么？', 'other'],
    // A date named as a thing ("延长…日期") is not asked for; the interrogative is 为什么.
    ['为什么冷冻能延长食品的保质日期？', 'reason'],
    ['协议生效的日期是什么？', 'time'],
    ['外長對記者說了什麼？', 'statement'],
    ['发言人对此有何回应？', 'statement'],
    // How a word is said in another language asks a name, not a statement.
    ['萨克森花园用波兰语怎么说？', 'other'],
  ])('%s → %s (Chinese, either script)', (q, type) => expect(zh(q)).toBe(type));

  it.each([
    ['Who replaced him?', 'person'],
    ['Where was the summit held?', 'place'],
    ['In what year was the treaty signed?', 'year'],
    ['What is the capital of Australia?', 'place'],
    ['When did the minister arrive?', 'time'],
    ['How many ships took part?', 'number'],
    ['How long did the talks last?', 'duration'],
    ['How many days did the visit last?', 'duration'],
    ['Why did he cancel the trip?', 'reason'],
    ['What is the name of the destroyer?', 'name'],
    ['What did the two sides discuss?', 'other'],
    ['What did the minister tell reporters?', 'statement'],
    ['How did Beijing respond to the sanctions?', 'statement'],
  ])('%s → %s (English)', (q, type) => expect(en(q)).toBe(type));
});

describe('does a sentence hold the asked-for thing beyond the question?', () => {
  // What someone said needs reported speech: not a meeting, a denial that anything was said, or a name given.
  it.each([
    ['普京指出，俄中定期交换有用资讯。', true],
    ['李尚福首日赴克里姆林宫会见了普京。', false],
    ['但他并未说明李尚福是否会见普京。', false],
    ['习近平多次将普京称为“老朋友”。', false],
  ])('「普京对李尚福说了什么？」: %s → %s', (sentence, holds) => {
    expect(holdsAnswerOfType('statement', normalizeForMatch(sentence), normalizeForMatch('普京对李尚福说了什么？'))).toBe(holds);
  });

  const q = normalizeForMatch('2023年的演习有多少名士兵参加？');
  it('a count is a number answer; the question\'s own year is not', () => {
    expect(holdsAnswerOfType('number', normalizeForMatch('约一千名士兵参加了演习。'), q)).toBe(true);
    expect(holdsAnswerOfType('number', normalizeForMatch('2023年的演习在海上举行。'), q)).toBe(false);
    expect(holdsAnswerOfType('number', normalizeForMatch('演习的规模很大，统一指挥。'), q)).toBe(false);
  });
  it('a date is a time answer, in either script', () => {
    const when = normalizeForMatch('协议是哪一年签署的？');
    expect(holdsAnswerOfType('time', normalizeForMatch('雙方於2001年簽署了協議。'), when)).toBe(true);
    expect(holdsAnswerOfType('time', normalizeForMatch('双方签署了协议。'), when)).toBe(false);
  });
  it('a dynasty or a part of the day is a time answer', () => {
    const when = normalizeForMatch('这座塔始建于哪个朝代？');
    expect(holdsAnswerOfType('time', normalizeForMatch('该塔始建于宋代。'), when)).toBe(true);
    expect(holdsAnswerOfType('time', normalizeForMatch('该塔始建时规模很小。'), when)).toBe(false);
    expect(holdsAnswerOfType('time', normalizeForMatch('这种蛇通常在夜间出没。'), normalizeForMatch('这种蛇通常什么时候出没？'))).toBe(true);
  });
  it('a year answer needs a year: a month or a day does not say which year', () => {
    const which = normalizeForMatch('他是哪一年出任部长的？');
    expect(holdsAnswerOfType('year', normalizeForMatch('他于2012年出任部长。'), which)).toBe(true);
    expect(holdsAnswerOfType('year', normalizeForMatch('他於二〇一二年出任部長。'), which)).toBe(true);
    expect(holdsAnswerOfType('year', normalizeForMatch('他4月16日出任部长，随后访问了莫斯科。'), which)).toBe(false);
    expect(holdsAnswerOfType('year', normalizeForMatch('这是上世纪90年代的事。'), which)).toBe(false);
  });
  it('a person answer needs a name the question does not already give', () => {
    const who = normalizeForMatch('李尚福在白俄罗斯会见了哪位总统？');
    expect(holdsAnswerOfType('person', normalizeForMatch('李尚福将与白俄罗斯领导人会面。'), who)).toBe(false);
    expect(holdsAnswerOfType('person', normalizeForMatch('李尚福会见了白俄罗斯总统卢卡申科。'), who)).toBe(true);
  });
  it('a name inside an open question (「是否」) is not asserted, so it is no answer', () => {
    const who = normalizeForMatch('李尚福在莫斯科会见了谁？');
    expect(holdsAnswerOfType('person', normalizeForMatch('他並未說明李尚福是否會見紹伊古。'), who)).toBe(false);
    expect(holdsAnswerOfType('person', normalizeForMatch('目前不清楚李尚福会不会会见绍伊古，'), who)).toBe(false);
    expect(holdsAnswerOfType('person', normalizeForMatch('李尚福在莫斯科会见了绍伊古。'), who)).toBe(true);
    // Only the clause is open: what follows its comma is asserted again.
    expect(holdsAnswerOfType('person', normalizeForMatch('不清楚是否会见总统，但他会见了绍伊古。'), who)).toBe(true);
  });
  it('"other" questions need no particular kind of answer', () => {
    expect(holdsAnswerOfType('other', '任何句子', '任何问题')).toBe(true);
  });
});
