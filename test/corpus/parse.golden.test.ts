import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/corpus/parse.js';
import type { Article } from '../../src/types.js';

const SEEDS = 'seeds';
const GOLDEN = path.join('test', 'corpus', 'golden');

function parseSeed(name: string): Article {
  const file = path.join(SEEDS, `${name}.txt`);
  return parseArticle(readFileSync(file), file);
}

function count(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

const EXPECTED = {
  '000_1eb21f1afc37bb39': {
    id: 'e78ca8ff27471f32',
    title: '李尚福出访 美日韩会面 美中双方在增加谈判筹码？',
    publishedAt: '2023-08-15T18:40:00.000Z',
    source: '自由亚洲电台',
    script: 'Hans',
  },
  '001_cea4301530abbfbc': {
    id: '83b35006db3129da',
    title: '为了缓和美中关系，北京微调与俄罗斯的关系？',
    publishedAt: '2023-09-25T11:39:03.000Z',
    source: '美国之音',
    script: 'Hans',
  },
  '002_76cb3dcc68cf4183': {
    id: '716bea42ec8a47bf',
    title: '中國防長會見普京 談加強軍事合作',
    publishedAt: '2023-04-17T01:47:06.000Z',
    source: '德国之声',
    script: 'Hant',
  },
  '003_3cc4566c36d10d80': {
    id: 'c825bc54eeeecd2f',
    title: '中俄防長會面 同意擴大軍貿往來',
    publishedAt: '2023-04-19T02:17:06.000Z',
    source: '德国之声',
    script: 'Hant',
  },
  '004_afc0d1c9d80862fc': {
    id: '7f1466f1e3ddc7c3',
    title: '中国防长李尚福会见俄罗斯海军总司令 寻求加强军事联系与美西方抗衡',
    publishedAt: '2023-07-03T10:39:03.000Z',
    source: '美国之音',
    script: 'Hans',
  },
} as const;

const names = Object.keys(EXPECTED) as (keyof typeof EXPECTED)[];

describe('parseArticle on the seeds (golden)', () => {
  it.each(names)('%s matches its golden file', (name) => {
    const golden = JSON.parse(readFileSync(path.join(GOLDEN, `${name}.json`), 'utf8')) as Article;
    expect(parseSeed(name)).toEqual(golden);
  });

  it.each(names)('%s has the expected metadata', (name) => {
    const article = parseSeed(name);
    expect(article).toMatchObject(EXPECTED[name]);
    expect(article.id).toBe(createHash('sha1').update(article.url).digest('hex').slice(0, 16));
  });

  it.each(names)('%s has no boilerplate, empty or repeated paragraphs', (name) => {
    const { text } = parseSeed(name);
    for (const junk of ['获取更多RSS', 'feedx', '©', '版權聲明', '版权', 'GMT', 'http', '相关图集', '（綜合報導）']) {
      expect(text).not.toContain(junk);
    }
    const paragraphs = text.split('\n');
    expect(paragraphs.every((p) => p.trim() === p && p.length > 0)).toBe(true);
    expect(new Set(paragraphs).size).toBe(paragraphs.length);
  });
});

describe('seed-specific cleaning', () => {
  it('RFA: captions, related list and credit line dropped, sub-headings kept as sentences of their own', () => {
    const { text } = parseSeed('000_1eb21f1afc37bb39');
    const lines = text.split('\n');
    expect(count(text, '分别由俄罗斯国防部长绍伊古和中国国防部长李尚福率领的两国代表团')).toBe(0);
    expect(text).not.toMatch(/Via Reuters|美联社图片/);
    for (const related of ['美最新情报：中国加大对俄罗斯的经济及军事支持', '望常态组织联演联巡', '普京意外会见李尚福']) {
      expect(text).not.toContain(related);
    }
    expect(text).not.toMatch(/记者：|责编：|网编：/);
    expect(lines).toContain('中俄频繁互访 联盟牢不可破？');
    expect(lines).toContain('美日韩加强三方联盟 拟每年举行联合军演。');
    // Inline spans join into one paragraph.
    expect(lines[1]).toMatch(/^中国国防部新闻发言人吴谦8月14日介绍，应俄罗斯.*并访问白俄罗斯。$/);
  });

  it('VOA: feed date, footer and captions dropped, inline link text kept', () => {
    const a = parseSeed('001_cea4301530abbfbc');
    expect(a.text).not.toContain('Sep 2023');
    expect(count(a.text, '俄罗斯总统普京在莫斯科克里姆林宫为到访的中国国家主席习近平举行欢迎仪式')).toBe(0);
    expect(a.text).not.toContain('（2023年9月20日）');
    expect(a.text).toContain('布鲁斯·贝内特(Bruce W. Bennett)撰文说');
    expect(a.text.split('\n')).toContain('美中关系再次转暖。');

    const b = parseSeed('004_afc0d1c9d80862fc');
    expect(b.text).not.toContain('RSS');
    expect(count(b.text, '2023年2月出席中俄与南非三国联合军事演习')).toBe(0);
    expect(b.text.endsWith('外界认为这是中俄连手针对亲美势力所发出的警告。')).toBe(true);
  });

  it('DW: copyright, attribution and photo captions dropped, gallery label dropped but its captions kept, sub-heading a sentence', () => {
    const a = parseSeed('002_76cb3dcc68cf4183');
    expect(a.text).not.toContain('德國之聲版權聲明');
    expect(a.text).not.toContain('2023-04-16T13:06');
    expect(a.text.split('\n')).toContain('西方緊盯中國是否軍援俄國。');
    expect(a.text).not.toContain('（德國之聲中文網）');
    expect(a.text).not.toContain('李尚福2023年3月被任命为中国国防部长');
    expect(a.text.split('\n')[0]).toMatch(/^中國國防部長李尚福週日（4月16日）起出訪俄羅斯/);
    expect(a.text).toContain('俄烏戰爭屆滿一週年之際，中國曾發布「政治解決」烏克蘭危機的12點聲明，此後');

    const b = parseSeed('003_3cc4566c36d10d80');
    // Gallery slides are captioned prose about the story (searchable); the "相关图集" label is not.
    for (const slide of ['最初的盟友', '中苏交恶', '睦邻友好合作条约']) expect(b.text).toContain(slide);
    expect(b.text).not.toContain('相关图集');
    expect(b.script).toBe('Hant');
  });
});
