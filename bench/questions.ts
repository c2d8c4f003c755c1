/** Buyer questions the load generator sends: escrow, cash on delivery, shipping and returns, in English, Chinese and Spanish. */
export const QUESTIONS = [
  'Is my money safe if I pay now? Who holds the payment?',
  '付款后钱是直接给你们吗？安全吗？',
  '¿Si pago ahora, quién guarda el dinero hasta que reciba el pedido?',
  'Can I pay cash on delivery?',
  '可以货到付款吗？',
  '¿Puedo pagar contra reembolso?',
  'If I order today when will it ship?',
  '今天下单什么时候发货？',
  '¿Si compro hoy cuándo lo enviáis?',
  'Can I return it if it does not fit?',
  '不合适可以退货吗？运费谁出？',
  '¿Puedo devolverlo si no me queda bien?',
];
