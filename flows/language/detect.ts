const HAN = /\p{Script=Han}/u;
const SPANISH_MARKS = /[¿¡ñ]|[áéíóú]/i;
const SPANISH_WORDS =
  /\b(hola|buenas|buenos|gracias|por favor|quiero|puedo|cuánto|cuanto|envío|envio|pago|pedido|tienen|hacen|cómo|como|dónde|donde|cuándo|cuando|devolución|devolucion|contra reembolso|qué|que tal)\b/i;
const LATIN = /[A-Za-z]/;

/**
 * The language a buyer wrote in, when the text says so: Chinese by its script, Spanish by its
 * marks and common words, English by Latin letters otherwise. Undefined for emoji, digits and
 * the like, so the caller falls back to the platform's hint.
 */
export function detectLanguage(text: string): string | undefined {
  if (HAN.test(text)) return 'zh';
  if (SPANISH_MARKS.test(text) || SPANISH_WORDS.test(text)) return 'es';
  if (LATIN.test(text)) return 'en';
  return undefined;
}
