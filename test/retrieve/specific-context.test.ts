/** Mis-cut names and passages without time: the two repairs of "lacking" specifics (specific-context.ts). */
import { describe, expect, it } from 'vitest';
import { namesNoTime, recutFragmentShown } from '../../src/retrieve/specific-context.js';

describe('a specific the tagger cut out of a longer name', () => {
  it('is shown when the article holds the name it was cut from, leaving one glue character', () => {
    // 王小美的 cut as 王小 + 美的: the article names 王小美.
    expect(recutFragmentShown('王小美的代表作有哪些？', '美的', '王小美是台湾的漫画家。')).toBe(true);
    // 交于新巴 cut as 于新巴: the article has 新巴接办.
    expect(recutFragmentShown('这条线什么时候交于新巴接办的？', '于新巴', '该线于1998年由新巴接办。')).toBe(true);
  });

  it('is not shown when the uncovered character is part of a name, not glue', () => {
    // 韩正 missing: "肯与韩" covers 韩, but 正 is no glue character.
    expect(recutFragmentShown('布林肯与韩正会晤时讨论了什么？', '韩正', '布林肯与韩国外长会晤。')).toBe(false);
  });

  it('is not shown by runs shorter than three characters, or with two characters uncovered', () => {
    expect(recutFragmentShown('王小美的代表作有哪些？', '美的', '小美是一只猫。')).toBe(false);
    expect(recutFragmentShown('他被封为平阳亭侯的时间？', '封为平', '平阳亭侯是一个爵位。')).toBe(false);
    expect(recutFragmentShown('2019年谁来了？', '2019', '2019年来了。')).toBe(false);
  });
});

describe('a text that names no time', () => {
  it('has no year, date, weekday or day relative to publication', () => {
    expect(namesNoTime('野马队在分区轮以 23–16 击败了钢人队。')).toBe(true);
    expect(namesNoTime('The team won the game.')).toBe(true);
  });

  it.each(['会议于2023年举行。', '他8月15日抵达。', '他八月抵达。', '他今天抵达。', '他上週抵達。', '星期三的会议', 'It met on Monday.'])('names a time: %s', (text) => {
    expect(namesNoTime(text)).toBe(false);
  });
});
