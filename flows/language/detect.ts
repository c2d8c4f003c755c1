import { withoutMessenger } from '../../src/engine/messenger-accounts.js';

const HAN = /\p{Script=Han}/gu;
/** Chinese particles and function words: a writer who uses them writes Chinese, English words or not ("any discount? 亲"); a product name (龙井) has none. */
const CHINESE_FUNCTION = /[吗嗎呢吧的是有亲親哦啊么麼嘛了我你您们們不没沒在怎啥咋能要会會]/u;
const SPANISH_MARKS = /[¿¡ñ]|[áéíóú]/i;
const LATIN_WORD = /[\p{L}']+/gu;
const ASCII_ONLY = /^[\x00-\x7f]*$/;
/** LATIN_WORD on lower-cased ASCII, where the only letters are a to z. */
const ASCII_WORD = /[a-z']+/g;
/** The only ASCII characters that are diacritics. */
const ASCII_DIACRITICS = /[\^`]/g;
const SPANISH_ENDING = /(ais|eis|cion|ciones)$/;
/** Where a sentence or a clause ends: "pago contra entrega? i mean can i pay when it gets here". */
const LETTER = /\p{L}/u;
const CLAUSE_END = /[?!.,;:¿¡？！。，；]+/;

/** A pinyin syllable without its tone (initial and final; a few impossible pairs pass, which is harmless here). */
const PINYIN_WORD = /^(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iong|uang|iang|ueng|ang|eng|ing|ong|uan|ian|iao|uai|ai|ei|ao|ou|an|en|in|un|ua|uo|ia|ie|iu|ui|ue|ve|er|a|o|e|i|u|v))+$/;

/** Latin text that reads as pinyin throughout ("wo de baoguo zai nali"): every word splits into syllables. */
export function looksLikePinyin(text: string): boolean {
  const found = text.toLowerCase().normalize('NFD').replace(/\p{Diacritic}/gu, '').match(/[a-z]+/g) ?? [];
  return found.length > 0 && found.every((w) => PINYIN_WORD.test(w));
}

const words = (list: string) => new Set(list.split(/\s+/).filter(Boolean));
// Words that are common in one language and rare in the other. Function words (and everyday verbs)
// frame a sentence and tell who writes it; shop words are borrowed across languages ("hacen cash on
// delivery?" is a Spanish writer's; "do you have descuento?" an English writer's).
const SPANISH_FRAME = words(`hola buenas buenos gracias favor porfa xfa quiero quieres puedo puede podeis pueden tengo tiene teneis tienen hay
  cuanto cuanta cuantos cuando donde como cual que por para pero con sin del los las una unos unas el la es son
  esta este esto estoy estan llamo mi mis tu su nos os vosotros usted ustedes muy mas tambien ya si vale pues
  un lo le les se te y o de en al algo alguien haces hace hacen tenéis sabeis sabes va van
  hacer haceis dias semana hasta luego digo osea sea aceptan acepta mandan mandais envian disponible posible
  cuesta costo funciona fuera pido hoy manana aqui alla bien gusta seguro verdad amable`);
const SPANISH_SHOP = words(`envio envios enviais enviar pago pagar pedido pedidos paquete devolucion devolver reembolso contrareembolso contra
  descuento barato barata caro precio llega llegado tarda fotos original gratis mensajeria gastos entrega orden
  persona humano maquina falso`);
const ENGLISH_FRAME = words(`the is are was do does did you your my i what how when where why which can could will would have has
  and for to of it this that with about from please thanks thank hello hi hey yes want need get mean
  at in am be an or not sorry just any there here if so but all`);
const ENGLISH_SHOP = words(`order orders ship shipping shipped pay payment delivery parcel package return refund discount cheap price
  arrive arrived track tracking photos real fake long much many days week free cost safe secure`);
/** Words that close any message in any language ("¿cuánto tarda? thanks"): a clause of these names no writer. */
const SOCIAL = words('thanks thank please pls hi hello hey ok gracias porfa xfa hola vale');

interface Count {
  es: number;
  en: number;
  /** Words of either language that are not social: how much the clause says. */
  said: number;
  /** Only one language's function words frame the text; the other's words, if any, are shop words it borrows ("cod disponible?"). */
  framed: boolean;
}

function count(found: readonly string[]): Count {
  let esFrame = 0;
  let esShop = 0;
  let enFrame = 0;
  let enShop = 0;
  let said = 0;
  for (const raw of found) {
    const w = raw.includes("'") ? raw.replace(/'/g, '') : raw;
    const es = SPANISH_FRAME.has(w) ? ++esFrame : SPANISH_SHOP.has(w) ? ++esShop : 0;
    const en = ENGLISH_FRAME.has(w) ? ++enFrame : ENGLISH_SHOP.has(w) ? ++enShop : 0;
    // Spanish endings: vosotros verbs (tenéis, enviáis) and -ción nouns, accents or not.
    const ending = w.length > 4 && SPANISH_ENDING.test(w) ? ++esShop : 0;
    if ((es || en || ending) && !SOCIAL.has(w)) said++;
  }
  // A frame in one language and only shop words of the other: the frame's writer.
  if (esFrame > 0 && enFrame === 0) return { es: esFrame + esShop, en: 0, said, framed: true };
  if (enFrame > 0 && esFrame === 0) return { es: 0, en: enFrame + enShop, said, framed: true };
  return { es: esFrame + esShop, en: enFrame + enShop, said, framed: false };
}

const winner = (c: Count) => (c.es > c.en ? 'es' : c.en > c.es ? 'en' : undefined);

export interface DetectedLanguage {
  lang: string | undefined;
  /**
   * The text says so beyond doubt: by its script, by a last clause in its own words after another
   * ("tui huo possible? i mean return": a writer who adds a clause explains in their own language),
   * or by its frame around the other language's shop words ("cod disponible?"). No nearer example
   * in another language should overrule it.
   */
  sure: boolean;
}

/**
 * The language a buyer wrote in, when the text says so: Chinese by its script, a clarifying last
 * clause by its words, Spanish by its marks (¿ ¡ ñ, accents), otherwise by counting words common in
 * Spanish or in English ("cuanto tarda el envio" has no accent and is still Spanish). Undefined when
 * the text does not tell (a name, a number, "ok?"), so the conversation keeps its language.
 */
export function detectLanguageSurely(message: string): DetectedLanguage {
  // An account's id ("wechat: carlos_te") is no language.
  const text = withoutMessenger(message);
  // Plain ASCII (most Latin messages) has no Chinese, no Spanish marks and nothing to decompose.
  const ascii = ASCII_ONLY.test(text);
  const han = ascii ? 0 : (text.match(HAN)?.length ?? 0);
  const plain = ascii ? text.toLowerCase().replace(ASCII_DIACRITICS, '') : text.toLowerCase().normalize('NFD').replace(/\p{Diacritic}/gu, '');
  const wordRe = ascii ? ASCII_WORD : LATIN_WORD;
  const all = plain.match(wordRe) ?? [];
  if (han > 0 && (han >= all.length || CHINESE_FUNCTION.test(text))) return { lang: 'zh', sure: true };
  if (han === 0) {
    const clauses = plain.split(CLAUSE_END).filter((c) => LETTER.test(c));
    if (clauses.length >= 2) {
      const last = count(clauses[clauses.length - 1]!.match(wordRe) ?? []);
      const lang = winner(last);
      if (lang && last.said >= 2) return { lang, sure: true };
    }
  }
  if (!ascii && SPANISH_MARKS.test(text)) return { lang: 'es', sure: false };
  const whole = count(all);
  const lang = winner(whole);
  // Pinyin reads as Spanish function words ("wo de baoguo"): no frame there.
  if (lang) return { lang, sure: whole.framed && !looksLikePinyin(text) };
  return { lang: han > 0 ? 'zh' : undefined, sure: false };
}

/** The language a buyer wrote in, when the text says so (detectLanguageSurely without the certainty). */
export const detectLanguage = (text: string): string | undefined => detectLanguageSurely(text).lang;
