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

// Words that are common in one language and rare in the other: function words first, then shop words.
const SPANISH = new Set(
  `hola buenas buenos gracias favor porfa quiero quieres puedo puede podeis pueden tengo tiene teneis tienen hay
  cuanto cuanta cuantos cuando donde como cual que por para pero con sin del los las una unos unas el la es son
  esta este esto estoy estan llamo mi mis tu su nos os vosotros usted ustedes muy mas tambien ya si vale pues
  un lo le les se te y de en al algo alguien haces hace hacen hay tenéis sabeis sabes va van
  envio envios enviais enviar pago pagar pedido pedidos paquete devolucion devolver reembolso contrareembolso contra descuento
  barato caro precio llega llegado tarda fotos original hacer haceis hacen dias semana gratis mensajeria gastos`.split(/\s+/),
);
const ENGLISH = new Set(
  `the is are was do does did you your my i what how when where why which can could will would have has
  and for to of it this that with about from please thanks thank hello hi hey yes want need get
  order orders ship shipping shipped pay payment delivery parcel package return refund discount cheap price
  arrive arrived track tracking photos real fake long much many days week free cost`.split(/\s+/),
);

/**
 * The language a buyer wrote in, when the text says so: Chinese by its script, Spanish by its
 * marks (¿ ¡ ñ, accents), otherwise by counting words common in Spanish or in English
 * ("cuanto tarda el envio" has no accent and is still Spanish). Undefined when the text does not
 * tell (a name, a number, "ok?"), so the conversation keeps its language.
 */
export function detectLanguage(text: string): string | undefined {
  // Plain ASCII (most Latin messages) has no Chinese, no Spanish marks and nothing to decompose.
  const ascii = ASCII_ONLY.test(text);
  const han = ascii ? 0 : (text.match(HAN)?.length ?? 0);
  const plain = ascii ? text.toLowerCase().replace(ASCII_DIACRITICS, '') : text.toLowerCase().normalize('NFD').replace(/\p{Diacritic}/gu, '');
  const words = plain.match(ascii ? ASCII_WORD : LATIN_WORD) ?? [];
  if (han > 0 && (han >= words.length || CHINESE_FUNCTION.test(text))) return 'zh';
  if (!ascii && SPANISH_MARKS.test(text)) return 'es';
  let es = 0;
  let en = 0;
  for (const found of words) {
    const w = found.includes("'") ? found.replace(/'/g, '') : found;
    if (SPANISH.has(w)) es++;
    if (ENGLISH.has(w)) en++;
    // Spanish endings: vosotros verbs (tenéis, enviáis) and -ción nouns, accents or not.
    if (w.length > 4 && SPANISH_ENDING.test(w)) es++;
  }
  if (es > en) return 'es';
  if (en > es) return 'en';
  if (han > 0) return 'zh';
  return undefined;
}
