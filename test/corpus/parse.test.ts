import { describe, expect, it } from 'vitest';
import { ArticleError, SKIP_REASONS, parseArticle, sourceFromUrl } from '../../src/corpus/parse.js';

const STAMP = '<!--1692124800000-->';
const LINK = '[测试标题](https://www.rfa.org/mandarin/a.html)';

function doc(body: string, stamp = STAMP, link = LINK): string {
  return `${stamp}\n${link}\n------\n\n${body}`;
}

/** The ArticleError thrown by parsing `raw`, or a failure. */
function errorOf(raw: Buffer | string): ArticleError {
  try {
    parseArticle(raw, 'x.txt');
  } catch (err) {
    expect(err).toBeInstanceOf(ArticleError);
    return err as ArticleError;
  }
  throw new Error('expected parseArticle to throw');
}

describe('parseArticle skip reasons', () => {
  it.each([
    ['only a timestamp line', `${STAMP}\n`],
    ['no separator', `${STAMP}\n${LINK}\n`],
    ['no timestamp comment', doc('<p>正文</p>', '1692124800000')],
    ['no link line', doc('<p>正文</p>', STAMP, '测试标题 https://www.rfa.org/a.html')],
    ['separator is not dashes', `${STAMP}\n${LINK}\n<p>正文</p>\n<p>更多</p>`],
    ['empty file', ''],
  ])('missing header: %s', (_what, raw) => {
    expect(errorOf(raw).kind).toBe('missing header');
  });

  it.each([
    ['non-numeric', '<!--yesterday-->'],
    ['negative', '<!---1692124800000-->'],
    ['fractional', '<!--1692124800000.5-->'],
    ['seconds, not ms (1970)', '<!--1692124800-->'],
    ['absurd year', '<!--99999999999999-->'],
    ['empty', '<!---->'],
  ])('bad timestamp: %s', (_what, stamp) => {
    expect(errorOf(doc('<p>正文</p>', stamp)).kind).toBe('bad timestamp');
  });

  it.each([
    ['ftp', '[标题](ftp://example.com/a)', 'bad URL: not http(s)'],
    ['javascript', '[标题](javascript:alert(1))', 'bad URL: not http(s)'],
    ['empty parens', '[标题]()', 'bad URL: missing'],
    ['no parens', '[标题]', 'bad URL: missing'],
    ['not a URL', '[标题](not a url)', 'bad URL: unparseable'],
  ])('bad URL: %s', (_what, link, reason) => {
    expect(errorOf(doc('<p>正文</p>', STAMP, link)).reason).toBe(reason);
  });

  it.each([
    ['nothing', ''],
    ['only images and whitespace', '<p> </p><img src="a.jpg" alt="说明"><div>　</div>'],
    ['only feed footer and copyright', '<hr><div>获取更多RSS：<br><a href="https://feedx.net">https://feedx.net</a></div><p>© 2023 RFA</p>'],
  ])('empty body: %s', (_what, body) => {
    expect(errorOf(doc(body)).reason).toBe('empty body');
  });

  it('binary: NUL bytes or control-character noise', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48]);
    expect(errorOf(png).reason).toBe('binary');
    const noise = Buffer.from(Array.from({ length: 400 }, (_, i) => (i % 3 === 0 ? 0x01 : 0x41)));
    expect(errorOf(noise).reason).toBe('binary');
    expect(errorOf(`${doc('<p>正文</p>')}\u0000`).reason).toBe('binary');
  });

  it('invalid UTF-8: a GBK-encoded file and a truncated sequence', () => {
    const gbk = Buffer.concat([Buffer.from(doc('<p>')), Buffer.from([0xd6, 0xd0, 0xce, 0xc4]), Buffer.from('</p>')]);
    expect(errorOf(gbk).reason).toBe('invalid UTF-8');
    const cut = Buffer.concat([Buffer.from(doc('<p>正文')), Buffer.from([0xe4, 0xb8])]);
    expect(errorOf(cut).reason).toBe('invalid UTF-8');
  });

  it('ArticleError carries file, reason and a prefixed message', () => {
    const err = errorOf(doc('<p>正文</p>', STAMP, '[标题](mailto:a@b.c)'));
    expect(err.file).toBe('x.txt');
    expect(err.message).toBe('x.txt: bad URL: not http(s)');
    expect(SKIP_REASONS).toContain(err.kind);
  });
});

describe('parseArticle header handling', () => {
  const body = '<p>在短短四个月内，中国国防部长李尚福两度出访俄罗斯。</p>';

  it('accepts CRLF line endings and a UTF-8 BOM (Buffer and string)', () => {
    const crlf = doc(body).replace(/\n/g, '\r\n');
    const fromBuffer = parseArticle(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(crlf)]), 'a.txt');
    const fromString = parseArticle(`\ufeff${crlf}`, 'a.txt');
    const plain = parseArticle(doc(body), 'a.txt');
    expect(fromBuffer).toEqual(plain);
    expect(fromString).toEqual(plain);
    expect(plain.title).toBe('测试标题');
    expect(plain.url).toBe('https://www.rfa.org/mandarin/a.html');
    expect(plain.publishedAt).toBe('2023-08-15T18:40:00.000Z');
  });

  it('takes the URL from the final (...) even when the title has brackets', () => {
    const link = '[【独家】美国[观察]（分析）：谁在(增加)筹码？](https://www.voachinese.com/a/x_(y).html)';
    const a = parseArticle(doc(body, STAMP, link), 'a.txt');
    expect(a.title).toBe('【独家】美国[观察]（分析）：谁在(增加)筹码？');
    expect(a.url).toBe('https://www.voachinese.com/a/x_(y).html');
    expect(a.source).toBe('美国之音');
  });

  it('collapses full-width and repeated spaces in titles', () => {
    const a = parseArticle(doc(body, STAMP, '[李尚福出访　美日韩会面　　美中 双方](https://www.rfa.org/a)'), 'a.txt');
    expect(a.title).toBe('李尚福出访 美日韩会面 美中 双方');
  });
});

describe('sourceFromUrl', () => {
  it.each([
    ['https://www.rfa.org/mandarin/a.html', '自由亚洲电台'],
    ['https://www.voachinese.com/a/1.html', '美国之音'],
    ['https://www.voanews.com/a/1.html', '美国之音'],
    ['https://www.voacantonese.com/a/1.html', '美国之音'],
    ['https://www.dw.com/zh/a-1', '德国之声'],
    ['https://p.dw.com/p/1', '德国之声'],
    ['https://www.bbc.com/zhongwen/a', 'bbc.com'],
    ['https://news.example.org/a', 'news.example.org'],
  ])('%s → %s', (url, source) => {
    expect(sourceFromUrl(url)).toBe(source);
  });
});

describe('parseArticle body cleaning', () => {
  const textOf = (body: string): string => parseArticle(doc(body), 'a.txt').text;

  it('breaks paragraphs at blocks and <br>, joins inline elements', () => {
    expect(textOf('<p>第一<span>段</span><b>落</b>。<br>第二段。</p><div>第三<i>段</i>。</div><ul><li>第四段。</li></ul>')).toBe(
      '第一段落。\n第二段。\n第三段。\n第四段。',
    );
  });

  it('drops link-only lists, related-label sections and credit lines', () => {
    const body = [
      '<p>正文第一段。</p>',
      '<ul><li><a href="/1">相关文章一</a></li><li><a href="/2">相关文章二</a></li></ul>',
      '<p><strong>相关新闻：</strong></p><div><a href="/3">另一篇</a> 摘要文字</div>',
      '<p>相关报道指出，这一段是正文。</p>',
      '<p>记者：你怎么看这件事？</p>',
      '<p>正文最后一段。</p>',
      '<p>（文：王五）</p><p>撰稿/编辑：李四</p>',
    ].join('');
    expect(textOf(body)).toBe('正文第一段。\n相关报道指出，这一段是正文。\n记者：你怎么看这件事？\n正文最后一段。');
  });

  it('drops photo captions: figcaption, <small> under a photo, and text ending in a photo credit or date', () => {
    const cap = '2023年8月15日，两国代表团出席会议。';
    const body = `<p>正文。</p><figure><img alt="${cap}" title="${cap}"><figcaption>${cap}</figcaption><a title="${cap}"><img></a></figure><div><small>${cap}</small></div>`;
    expect(textOf(body)).toBe('正文。');
    const credited = ['<p>三国领导人将在山庄举行峰会（美联社图片）</p>', '<p>外长会晤（2023年4月14日）</p>', '<p>代表团出席会议。（Via Reuters）</p>', '<p>結語。</p>'];
    expect(textOf(credited.join(''))).toBe('結語。');
  });

  it('strips an outlet credit in front of the lead, in either script', () => {
    expect(textOf('<p>（德國之聲中文網）國防部長週日起出訪。</p>')).toBe('國防部長週日起出訪。');
    expect(textOf('<p>（美联社图片）三国加强同盟。</p><p>（中央社）記者會後表示。</p>')).toBe('三国加强同盟。\n記者會後表示。');
    // A parenthesis that is the sentence's own subject stays.
    expect(textOf('<p>（一）会谈的第一项议题是军售。</p>')).toBe('（一）会谈的第一项议题是军售。');
  });

  it('ends a sub-heading with a sentence break so it never runs into the next sentence', () => {
    const body = '<p>第一段。</p><p><strong>西方紧盯军援问题</strong></p><p>外长表示不会提供武器。</p><h3>Sanctions widen</h3><p>尾段</p>';
    expect(textOf(body).split('\n')).toEqual(['第一段。', '西方紧盯军援问题。', '外长表示不会提供武器。', 'Sanctions widen.', '尾段']);
    expect(textOf('<p>这是一个问题吗？</p><p>下文。</p>')).toBe('这是一个问题吗？\n下文。');
  });

  it('detects Traditional and Simplified script', () => {
    const hant = parseArticle(doc('<p>中國國防部長李尚福週日起出訪俄羅斯，行程為期4天。</p>', STAMP, '[中國防長會見普京](https://www.dw.com/zh/a-1)'), 'a.txt');
    expect(hant.script).toBe('Hant');
    expect(hant.source).toBe('德国之声');
    expect(parseArticle(doc('<p>中国国防部长李尚福周日起出访俄罗斯。</p>'), 'a.txt').script).toBe('Hans');
  });
});

describe('parseArticle on pathological HTML', () => {
  it('survives 10,000 nested <div>s', () => {
    const body = `${'<div>'.repeat(10_000)}<p>深层内容</p>${'</div>'.repeat(10_000)}`;
    expect(parseArticle(doc(body), 'a.txt').text).toBe('深层内容');
  });

  it('survives 10,000 unclosed inline elements and a related label deep inside', () => {
    const body = `${'<span><a href="/x">'.repeat(5_000)}相关新闻${'</a></span>'.repeat(5_000)}<p>正文。</p>`;
    expect(parseArticle(doc(body), 'a.txt').text).toBe('正文。');
  });

  it('survives a 5 MB body', () => {
    const para = (i: number): string => `<p><span>第${i}段</span>${'中文内容，测试。'.repeat(50)}</p>`;
    const n = Math.ceil(5_000_000 / Buffer.byteLength(para(0)));
    const raw = Buffer.from(doc(Array.from({ length: n }, (_, i) => para(i)).join('')));
    expect(raw.length).toBeGreaterThan(5_000_000);
    const lines = parseArticle(raw, 'a.txt').text.split('\n');
    expect(lines).toHaveLength(n);
    expect(lines[n - 1]).toMatch(new RegExp(`^第${n - 1}段中文内容`));
  });
});
