import { anySpacing } from './model-text.js';

/**
 * Shapes of a buyer's message the FAQ classifier tells by pattern, before or beside any model: where
 * one question ends and the next begins, what makes a part a question, and messages that ask no
 * topic whatever their words (sums, the time, keyboard noise) or give an address unasked.
 */
/** Where one question ends and another may begin: a question mark, a semicolon, "and", "y", "还有". */
export const QUESTION_SPLIT = /[?？;；!！。]+|\s(?:and also|and|also|plus|y también|y tambien|y además|y ademas|y|además|ademas|o)\s|[，,]\s*(?:and|y|还有|另外)?|还有|另外|顺便问一下|以及/iu;
export const QUESTION_BREAK = new RegExp(QUESTION_SPLIT.source.replace(/^/, '(?:').concat(')(?=.*\\p{L})'), 'iu');

/** Words that make a part of a message a question, in the three languages. */
export const ASKS = /\b(?:what|whats|when|where|how|why|which|who|do|does|did|can|could|is|are|will|would|any|que|qué|cuando|cuándo|donde|dónde|como|cómo|cuanto|cuánto|cuanta|cuántos|cuantos|puedo|puedes|podeis|podéis|teneis|tenéis|tienen|hay|aceptan|aceptais|aceptáis|hacen|haceis|hacéis)\b|[吗么嘛呢几啥哪]|多少|多久|怎么|什么|能不能|可不可以|可以|是否|有没有/iu;

/** Sums and products ("17 times 23", "7*6", "dos mas dos", "十二乘以八"): no topic, whatever words they share. */
const NUMBER = String.raw`(?:\d+|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|hundred|cero|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|veinte|cien)`;
const ARITHMETIC = new RegExp(String.raw`\b${NUMBER}\s*(?:[-+*/x×÷=]|times|plus|minus|divided by|por|mas|más|menos|entre)\s*${NUMBER}\b|\d+\s*(?:乘以?|加|减|除以?)\s*\d+|[一二三四五六七八九十百]+(?:乘以?|加|减|除以?)[一二三四五六七八九十百]+`, 'iu');
/** "2x1", "3x2", "dos por uno": a deal, not a sum. */
const PROMO = /\b(?:2\s*x\s*1|3\s*x\s*2|4\s*x\s*3|dos\s+por\s+uno|tres\s+por\s+dos)\b/iu;
/** The whole message asks the time or the date ("what time is it", "qué hora es", "现在几点"): a clock question, no topic. */
const CLOCK = /^\s*(?:(?:hey|hi|so|ok)[,\s]+)?(?:what(?:'s|s| is)?\s+(?:the\s+)?(?:time|date|day|year)(?:\s+is\s+it)?(?:\s+(?:now|today|right now))?|what day is (?:it|today)|qu[eé] hora es(?: ahora)?|qu[eé] d[ií]a es hoy|qu[eé] fecha es hoy|现在几点(?:了|钟)?|几点了|今天(?:几号|星期几|礼拜几)|現在幾點(?:了)?|幾點了|今天(?:幾號|星期幾))\s*[?？!！.。]*\s*$/iu;
/** A postal address given unasked ("address: 1200 Main St…", "地址：…", "dirección: …"): contact details. */
export const ADDRESS = /\b(?:my address|address|ship to|deliver to|mi direcci[oó]n|direcci[oó]n)\s*(?:is\b|es\b)?\s*[:：]?\s*\d+[a-z]?\s+\p{L}|\b(?:address|direcci[oó]n)\s*[:：]\s*\S.*\d|(?:收货地址|收件地址|地址)\s*[:：]?\s*\S.*(?:路|街|号|號|區|区|市|樓|楼|大道)/iu;
/** Letters in no word: keyboard mashing ("asdfgh"), long runs without a vowel. */
const NOISE = /^[^\p{L}]*$|^(?=.*[bcdfghjklmnpqrstvwxz]{5})[a-z\s]+$/iu;

/** A sum, a clock question or keyboard noise: no topic, whatever words it shares with one. */
export const asksNoTopic = (text: string): boolean => (ARITHMETIC.test(text) && !PROMO.test(text)) || CLOCK.test(text) || NOISE.test(text.trim());

/**
 * Other shops, marketplaces and services buyers name when the question is theirs, not this shop's
 * ("my Zara refund hasn't come", "拼多多的货到付款怎么弄", "do I pay the taxi in cash"). Couriers and
 * payment platforms a shop may itself use (SF, ZTO, EMS, DHL, Correos, Alipay, PayPal: "usan DHL?" asks
 * about this shop's shipping) and Taobao (buyers compare with it: "never bought outside Taobao, is
 * paying safe?") are not in the list.
 */
const OTHER_BUSINESSES = ['zara', 'shein', 'amazon', 'ebay', 'aliexpress', 'temu', 'mercado libre', 'mercadolibre', 'uber', 'didi', 'taxi', 'taxis', 'netflix', 'rappi', 'shopee', 'lazada', 'gucci', 'nike', 'apple', 'iphone', 'samsung'];
const OTHER_BUSINESSES_ZH = ['京东', '京東', '拼多多', '天猫', '天貓', '滴滴', '打车', '打車', '美团', '美團', '苹果官网', '蘋果官網'];
/**
 * A pattern for another business named in a message, without the names this shop's own FAQ uses (a
 * shop that sells on Amazon answers about Amazon). Latin names as whole words, Chinese ones anywhere.
 */
export function otherBusinessPattern(ownText: string): RegExp | undefined {
  const own = ownText.toLowerCase();
  const escape = (name: string) => anySpacing(name.split(' '));
  const latin = OTHER_BUSINESSES.filter((w) => !own.includes(w)).map(escape);
  const han = OTHER_BUSINESSES_ZH.filter((w) => !own.includes(w)).map(escape);
  const alternatives = [...(latin.length ? [String.raw`(?<![\p{L}\p{N}])(?:${latin.join('|')})(?![\p{L}\p{N}])`] : []), ...(han.length ? [`(?:${han.join('|')})`] : [])];
  return alternatives.length ? new RegExp(alternatives.join('|'), 'iu') : undefined;
}
