/** A buyer question the load generator sends, and the FAQ topic whose answer it must get. */
export interface BenchQuestion {
  text: string;
  topic: 'escrow' | 'cod' | 'shipping' | 'returns';
  lang: 'en' | 'zh' | 'es';
}

/** Escrow, cash on delivery, shipping and returns, in English, Chinese and Spanish. */
export const QUESTIONS: readonly BenchQuestion[] = [
  { text: 'Is my money safe if I pay now? Who holds the payment?', topic: 'escrow', lang: 'en' },
  { text: '付款后钱是直接给你们吗？安全吗？', topic: 'escrow', lang: 'zh' },
  { text: '¿Si pago ahora, quién guarda el dinero hasta que reciba el pedido?', topic: 'escrow', lang: 'es' },
  { text: 'Can I pay cash on delivery?', topic: 'cod', lang: 'en' },
  { text: '可以货到付款吗？', topic: 'cod', lang: 'zh' },
  { text: '¿Puedo pagar contra reembolso?', topic: 'cod', lang: 'es' },
  { text: 'If I order today when will it ship?', topic: 'shipping', lang: 'en' },
  { text: '今天下单什么时候发货？', topic: 'shipping', lang: 'zh' },
  { text: '¿Si compro hoy cuándo lo enviáis?', topic: 'shipping', lang: 'es' },
  { text: 'Can I return it if it does not fit?', topic: 'returns', lang: 'en' },
  { text: '不合适可以退货吗？运费谁出？', topic: 'returns', lang: 'zh' },
  { text: '¿Puedo devolverlo si no me queda bien?', topic: 'returns', lang: 'es' },
];
