/**
 * Paragraph roles that must not reach answers as prose: photo captions, credit
 * lines glued to a paragraph ("（德國之聲中文網）中國國防部長…"), and sub-headings,
 * which carry no sentence end and would otherwise run into the next sentence
 * ("西方緊盯中國是否軍援俄國中國外長秦剛14日…") once chunks join sentences.
 */

/** Who took or supplied a photo: agencies, "图片/照片/摄", "Via Reuters", "AP Photo". */
const PHOTO_CREDIT =
  '[^（）()]{0,24}(?:[图圖]片|照片|[摄攝]|[资資]料[图圖]|Photo|photo|Via\\s+\\w+|via\\s+\\w+|Getty|Reuters|AFP|EPA|AP|美[联聯]社|路透社?|法新社|[欧歐]新社)[^（）()]{0,12}';
/** A caption ends in a photo credit or in the photo's date: "…举行峰会（美联社图片）", "…会谈。（2023年9月20日）". */
const CAPTION_END = new RegExp(`[（(](?:${PHOTO_CREDIT}|\\d{4}年\\d{1,2}月\\d{1,2}日)[）)]$`);
/** An outlet's own attribution in front of the lead: "（德國之聲中文網）", "（美联社图片）", "（中央社）". */
const LEADING_CREDIT = new RegExp(
  `^[（(](?:[^（）()]{1,16}(?:中文[网網]|[电電]台|之[声聲]|之音|[通][讯訊]社|[新][闻聞][网網]|[网網]|社|[报報]|日[报報])|${PHOTO_CREDIT})[）)]\\s*`,
);
const SENTENCE_END = /[。．.！!？?…；;：:」』”"）)]$/u;
const HEADING_MAX = 40;

/** A photo caption (dropped): ends with a photo credit or a bare date in brackets, and is short. */
export function isCaption(text: string): boolean {
  return text.length <= 160 && CAPTION_END.test(text);
}

/** The paragraph without an outlet or photo credit in front of it. */
export function stripLeadingCredit(text: string): string {
  return text.replace(LEADING_CREDIT, '');
}

/**
 * A sub-heading (short, no sentence end) becomes a sentence of its own: it keeps
 * its words for search but never runs into the sentence after it.
 */
export function endHeading(text: string): string {
  if (text.length > HEADING_MAX || SENTENCE_END.test(text)) return text;
  return /\p{Script=Han}/u.test(text) ? `${text}。` : `${text}.`;
}
