const HAN = /\p{Script=Han}/u;
const SPANISH_MARKS = /[¿¡ñ]|[áéíóú]/i;
const SPANISH_WORDS =
  /\b(hola|buenas|buenos|gracias|por favor|quiero|puedo|cuánto|cuanto|envío|envio|pago|pedido|tienen|hacen|cómo|como|dónde|donde|cuándo|cuando|devolución|devolucion|contra reembolso|qué|que tal)\b/i;
const ENGLISH_WORDS = /\b(the|is|are|do|does|you|your|my|me|i|what|how|when|where|can|could|will|would|have|has|and|for|to|of|it|this|that|please|thanks|thank|hello|hi|hey|yes|ok|okay|order|ship|shipping|pay|payment|want|need|with|about)\b/i;

/**
 * The language a buyer wrote in, when the text says so: Chinese by its script, Spanish by its
 * marks and common words, English by common words. Undefined when the text does not tell (a name,
 * a number, "ok?"), so the conversation keeps its language.
 */
export function detectLanguage(text: string): string | undefined {
  if (HAN.test(text)) return 'zh';
  if (SPANISH_MARKS.test(text) || SPANISH_WORDS.test(text)) return 'es';
  if (ENGLISH_WORDS.test(text)) return 'en';
  return undefined;
}
