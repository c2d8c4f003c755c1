/** A buyer question the load generator sends, and the FAQ topic whose answer it must get. */
export interface BenchQuestion {
  text: string;
  topic: 'escrow' | 'cod' | 'shipping' | 'returns';
  lang: 'en' | 'zh' | 'es';
}

/** One question per topic and language, as buyers write them. */
const BY_TOPIC: Record<BenchQuestion['topic'], Record<BenchQuestion['lang'], string>> = {
  escrow: {
    en: 'Is my money safe if I pay now? Who holds the payment?',
    zh: '付款后钱是直接给你们吗？安全吗？',
    es: '¿Si pago ahora, quién guarda el dinero hasta que reciba el pedido?',
  },
  cod: { en: 'Can I pay cash on delivery?', zh: '可以货到付款吗？', es: '¿Puedo pagar contra reembolso?' },
  shipping: { en: 'If I order today when will it ship?', zh: '今天下单什么时候发货？', es: '¿Si compro hoy cuándo lo enviáis?' },
  returns: { en: 'Can I return it if it does not fit?', zh: '不合适可以退货吗？运费谁出？', es: '¿Puedo devolverlo si no me queda bien?' },
};

/** Escrow, cash on delivery, shipping and returns, in English, Chinese and Spanish, languages alternating. */
export const QUESTIONS: readonly BenchQuestion[] = Object.entries(BY_TOPIC).flatMap(([topic, texts]) =>
  Object.entries(texts).map(([lang, text]) => ({ text, topic: topic as BenchQuestion['topic'], lang: lang as BenchQuestion['lang'] })),
);
