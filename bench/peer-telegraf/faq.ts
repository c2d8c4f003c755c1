/**
 * The peer's knowledge: 4 shop FAQ topics answered by keyword, copied unchanged from the peer the
 * issue names (../shared/bench/peer-telegraf/index.mjs), so that both bots answer the same questions.
 */
// Topics are tried in this order; the first keyword hit wins and picks the answer's language.
export const FAQ: { topic: string; keywords: Record<string, string[]>; answers: Record<string, string> }[] = [
  {
    topic: 'cash_on_delivery',
    keywords: {
      en: ['cash on delivery', 'pay on delivery', 'pay when it arrives', 'pay in cash'],
      zh: ['货到付款', '到付', '现金支付'],
      es: ['contra reembolso', 'contraentrega', 'pago al recibir', 'pagar al recibir', 'pago en efectivo'],
    },
    answers: {
      en: 'Yes, cash on delivery is available for most addresses. You pay the courier when the parcel arrives; a small COD fee may apply.',
      zh: '可以，大部分地址支持货到付款。包裹送达时直接付款给快递员，可能会收取少量服务费。',
      es: 'Sí, aceptamos pago contra reembolso en la mayoría de direcciones. Pagas al repartidor cuando llega el paquete; puede aplicarse una pequeña comisión.',
    },
  },
  {
    topic: 'escrow',
    keywords: {
      en: ['escrow', 'safe', 'secure', 'protect', 'guarantee'],
      zh: ['担保', '安全', '托管', '保障'],
      es: ['garantía', 'garantia', 'seguro', 'segura', 'protegido', 'protegida'],
    },
    answers: {
      en: 'Your money is safe: payment is held in escrow and only released to the seller after you confirm delivery.',
      zh: '请放心：货款由平台担保托管，您确认收货后才会打款给卖家。',
      es: 'Tu dinero está seguro: el pago queda en garantía y solo se libera al vendedor cuando confirmas la entrega.',
    },
  },
  {
    topic: 'returns',
    keywords: {
      en: ['return', 'refund', 'exchange', 'send it back'],
      zh: ['退货', '退款', '换货', '退回'],
      es: ['devolver', 'devolución', 'devolucion', 'reembolso', 'cambiar'],
    },
    answers: {
      en: 'You can return any item within 7 days of delivery. Open the order, tap "Return", and we refund you once the item is back.',
      zh: '收货后7天内可以申请退货。在订单页点击“退货”，商品寄回后我们会为您退款。',
      es: 'Puedes devolver cualquier artículo dentro de los 7 días posteriores a la entrega. Abre el pedido, pulsa "Devolver" y te reembolsamos al recibirlo.',
    },
  },
  {
    topic: 'shipping',
    keywords: {
      en: ['ship', 'deliver', 'how long', 'arrive', 'tracking'],
      zh: ['发货', '快递', '物流', '多久', '几天', '到货'],
      es: ['envío', 'envio', 'envían', 'envian', 'enviar', 'entrega', 'llega', 'tarda'],
    },
    answers: {
      en: 'Orders ship within 24 hours. Delivery usually takes 3-5 business days; you get a tracking number as soon as it ships.',
      zh: '订单会在24小时内发货，通常3-5个工作日送达，发货后您会收到物流单号。',
      es: 'Los pedidos se envían en 24 horas. La entrega suele tardar de 3 a 5 días hábiles; recibirás el número de seguimiento al enviarse.',
    },
  },
];

export const FALLBACK: Record<string, string> = {
  en: 'Sorry, I did not get that. I can help with escrow payment, cash on delivery, shipping times and returns.',
  zh: '抱歉，我没有理解。我可以解答担保付款、货到付款、发货时间和退货相关的问题。',
  es: 'Lo siento, no te entendí. Puedo ayudarte con el pago en garantía, contra reembolso, tiempos de envío y devoluciones.',
};

/** The peer's reply: the first topic with a keyword in the text, in that keyword's language; else the fallback. */
export function answerFor(text: string, languageCode = ''): string {
  const t = text.toLowerCase();
  for (const item of FAQ) {
    for (const [lang, words] of Object.entries(item.keywords)) {
      if (words.some((w) => t.includes(w))) return item.answers[lang]!;
    }
  }
  const lang = languageCode.startsWith('zh') ? 'zh' : languageCode.startsWith('es') ? 'es' : 'en';
  return FALLBACK[lang]!;
}
