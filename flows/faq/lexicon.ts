/**
 * A small shop-talk thesaurus across English, Spanish and Chinese. Words of one concept share a
 * concept term (`~broken` for "cracked", "rajada", "碎"), so a question can match a topic through
 * a synonym, or through an example written in another language: the shop's examples in three
 * languages all count for every buyer. Concepts are tight synonym sets on purpose; a loose one
 * ("price" with "fee") would blur two topics.
 *
 * `neutral` words name things (a teapot, a box, Monday, Madrid): they say what the buyer talks
 * about, not which topic, so they weigh little when judging how much of a question a topic explains.
 */
export const CONCEPTS: Record<string, { en: string[]; es: string[]; zh: string[] }> = {
  pay: {
    en: ['pay', 'paying', 'paid', 'payment', 'payments', 'checkout', 'check out', 'settle'],
    es: ['pagar', 'pago', 'pague', 'pagado', 'pagando', 'abonar', 'abono'],
    zh: ['付', '付款', '付钱', '支付', '付了', '买单', '结账'],
  },
  money: {
    en: ['money', 'funds', 'cash'],
    es: ['dinero', 'plata', 'pasta'],
    zh: ['钱', '钱款', '货款'],
  },
  cash: { en: ['cash', 'in cash'], es: ['efectivo', 'metalico', 'en mano'], zh: ['现金', '现钱'] },
  safe: {
    en: ['safe', 'secure', 'security', 'protected', 'protection', 'guarantee', 'guaranteed', 'reliable', 'risk', 'risky'],
    es: ['seguro', 'segura', 'seguridad', 'protegido', 'proteccion', 'garantia', 'garantizado', 'fiable', 'riesgo', 'arriesgado'],
    zh: ['安全', '保障', '保证', '靠谱', '可靠', '放心', '风险', '担保'],
  },
  cheat: {
    en: ['cheated', 'scammed', 'tricked', 'swindled', 'lose my money'],
    es: ['enganen', 'enganado', 'estafen', 'timen', 'perder mi dinero'],
    zh: ['被骗', '上当', '骗', '白花', '打水漂'],
  },
  delivery: {
    en: ['delivery', 'deliver', 'delivered', 'arrival', 'arrive', 'arrives', 'arrived', 'comes', 'shows up'],
    es: ['entrega', 'entregar', 'entreguen', 'llegar', 'llega', 'llegue', 'llegado', 'llego', 'recibir', 'reciba'],
    zh: ['送到', '送达', '到货', '到了', '收货', '送货'],
  },
  courier: {
    en: ['courier', 'couriers', 'carrier', 'postman', 'mailman', 'delivery man', 'delivery guy', 'driver', 'delivery company', 'logistics'],
    es: ['mensajero', 'mensajeria', 'transportista', 'repartidor', 'cartero', 'empresa de reparto', 'reparto', 'agencia de transporte', 'transporte'],
    zh: ['快递', '快递员', '快递小哥', '邮递员', '物流公司', '快递公司', '顺丰', '中通', '圆通', '韵达', '邮政'],
  },
  ship: {
    en: ['ship', 'ships', 'shipped', 'shipping', 'dispatch', 'dispatched', 'send', 'sent', 'post', 'posted', 'mail', 'mailed', 'leave', 'leaves', 'left'],
    es: ['enviar', 'envio', 'envios', 'enviais', 'enviado', 'mandar', 'mandais', 'mandado', 'despachar', 'sale', 'salir', 'salido', 'salio'],
    zh: ['发货', '发出', '寄', '寄出', '发走', '发'],
  },
  shippingfee: {
    en: ['postage', 'shipping cost', 'shipping fee', 'delivery fee', 'delivery charge', 'delivery cost', 'shipping charge'],
    es: ['portes', 'gastos de envio', 'coste de envio', 'costo de envio', 'precio del envio'],
    zh: ['运费', '邮费', '快递费'],
  },
  free: { en: ['free'], es: ['gratis', 'gratuito', 'gratuita'], zh: ['包邮', '免运费', '免邮', '免费'] },
  howlong: {
    en: ['how long', 'how many days', 'how soon', 'how fast', 'when will', 'eta', 'shipping time', 'transit time', 'dispatch time'],
    es: ['cuanto tarda', 'cuanto tardais', 'cuantos dias', 'cuanto tiempo', 'en cuanto', 'plazo', 'tiempo de envio', 'plazo de entrega'],
    zh: ['多久', '几天', '多长时间', '多少天', '时效', '发货时间'],
  },
  cod: {
    en: ['cod', 'cash on delivery', 'pay on delivery', 'payment on delivery', 'pay on arrival', 'cash on arrival'],
    es: ['contra reembolso', 'contrareembolso', 'contra entrega', 'pago a la entrega'],
    zh: ['货到付款', '到付', '货到付'],
  },
  escrow: {
    en: ['escrow', 'buyer protection', 'alipay', 'paypal', 'held', 'middleman'],
    es: ['alipay', 'paypal', 'proteccion al comprador', 'retenido', 'intermediario'],
    zh: ['担保交易', '支付宝', '第三方', '平台保管'],
  },
  abroad: {
    en: ['abroad', 'overseas', 'international', 'internationally', 'worldwide', 'other countries'],
    es: ['extranjero', 'internacional', 'internacionales', 'otros paises', 'fuera de'],
    zh: ['国外', '海外', '国际', '境外'],
  },
  today: { en: ['today', 'same day', 'tonight', 'this afternoon'], es: ['hoy', 'mismo dia', 'esta tarde'], zh: ['当天', '今天', '当日'] },
  track: {
    en: ['track', 'tracking', 'trace', 'follow', 'locate', 'waybill', 'tracking number', 'tracking code', 'status'],
    es: ['seguimiento', 'rastrear', 'localizar', 'codigo de seguimiento', 'numero de seguimiento', 'estado'],
    zh: ['物流', '单号', '快递单号', '运单号', '查件', '跟踪', '物流信息'],
  },
  parcel: {
    en: ['parcel', 'package', 'packet', 'shipment', 'my order'],
    es: ['paquete', 'bulto', 'envio', 'mi pedido', 'mi compra'],
    zh: ['包裹', '快递', '我的订单', '我的货'],
  },
  late: {
    en: ['late', 'delayed', 'delay', 'lost', 'missing', 'stuck', 'not moved', 'hasnt moved', 'still waiting', 'nothing yet', 'not arrived', 'not received', 'never arrived', 'taking too long', 'still not here'],
    es: ['retraso', 'retrasado', 'perdido', 'extraviado', 'atascado', 'no se mueve', 'no ha llegado', 'no he recibido', 'no me ha llegado', 'todavia nada', 'tarda mucho', 'nunca llego'],
    zh: ['没到', '还没到', '没收到', '丢了', '丢件', '不动', '没更新', '延误', '卡住', '催', '还没发'],
  },
  broken: {
    en: ['broken', 'broke', 'cracked', 'crack', 'damaged', 'damage', 'smashed', 'shattered', 'chipped', 'dented', 'torn', 'leaking', 'defective', 'faulty', 'crushed'],
    es: ['roto', 'rota', 'rotos', 'rajado', 'rajada', 'danado', 'danada', 'estropeado', 'estropeada', 'defectuoso', 'defectuosa', 'aplastado', 'abollado', 'golpeado'],
    zh: ['坏', '坏了', '碎', '碎了', '裂', '裂了', '破', '破了', '破损', '损坏', '压坏', '漏'],
  },
  wrong: {
    en: ['wrong', 'incorrect', 'not what i ordered', 'mixed up', 'different one'],
    es: ['equivocado', 'equivocada', 'incorrecto', 'no es lo que pedi'],
    zh: ['发错', '错了', '不对', '搞错', '不是我买的', '不一致'],
  },
  giveback: {
    en: ['return', 'returns', 'returned', 'returning', 'send back', 'send it back', 'give back', 'bring back'],
    es: ['devolver', 'devolucion', 'devolverlo', 'devolverla', 'devuelvo', 'devolvais', 'devueltos', 'de vuelta', 'mandar de vuelta'],
    zh: ['退货', '退回', '寄回', '退', '退掉', '寄回去'],
  },
  refund: {
    en: ['refund', 'refunded', 'refunds', 'money back', 'reimburse', 'reimbursement', 'get my money'],
    es: ['reembolso', 'reembolsar', 'devolver el dinero', 'devolvais el dinero', 'mi dinero de vuelta', 'me devolveis el dinero'],
    zh: ['退款', '退钱', '返款', '到账'],
  },
  exchange: {
    en: ['exchange', 'swap', 'replace', 'replacement', 'change it', 'switch'],
    es: ['cambiar', 'cambio', 'cambiarlo', 'cambiarla', 'reemplazar', 'sustituir'],
    zh: ['换', '换货', '更换', '调换', '换成'],
  },
  discount: {
    en: ['discount', 'discounts', 'cheaper', 'cheap', 'lower', 'reduce', 'reduction', 'deal', 'bargain', 'knock off', 'take off', 'lowest', 'best price', 'better price', 'negotiable', 'negotiate', 'offer', 'offers', 'for less'],
    es: ['descuento', 'descuentito', 'rebaja', 'rebajas', 'rebajar', 'barato', 'baratito', 'bajar', 'reducir', 'mejor precio', 'precio final', 'negociable', 'regatear', 'oferta', 'ofertas'],
    zh: ['便宜', '优惠', '打折', '折扣', '降价', '少点', '让点', '最低', '砍价', '讲价', '还价', '让利', '抹零', '满减', '便宜些', '打个折'],
  },
  expensive: { en: ['expensive', 'pricey', 'costly', 'too much', 'overpriced', 'over budget'], es: ['caro', 'cara', 'carisimo', 'demasiado caro', 'presupuesto'], zh: ['贵', '太贵', '超预算', '预算'] },
  coupon: {
    en: ['coupon', 'coupons', 'voucher', 'promo code', 'discount code', 'promo', 'promotion', 'code'],
    es: ['cupon', 'cupones', 'vale descuento', 'codigo promocional', 'codigo de descuento', 'promocion', 'promo'],
    zh: ['优惠券', '优惠码', '券', '红包', '活动', '促销'],
  },
  photo: {
    en: ['photo', 'photos', 'picture', 'pictures', 'pic', 'pics', 'image', 'images', 'shot'],
    es: ['foto', 'fotos', 'imagen', 'imagenes', 'fotografia'],
    zh: ['图片', '照片', '图', '实拍', '拍的'],
  },
  edited: {
    en: ['edited', 'photoshop', 'photoshopped', 'retouched', 'filter', 'filtered', 'filters', 'enhanced'],
    es: ['retocado', 'retocada', 'retocadas', 'retocar', 'editadas', 'editado', 'editais', 'filtro', 'filtros', 'photoshop'],
    zh: ['修图', '修过', 'ps', '滤镜', '美颜', 'p图', '处理过'],
  },
  fake: {
    en: ['fake', 'counterfeit', 'replica', 'knockoff', 'imitation', 'copy', 'not real'],
    es: ['falso', 'falsa', 'falsificado', 'falsificacion', 'imitacion', 'replica', 'copia', 'trucho'],
    zh: ['假', '假的', '假货', '仿', '仿品', '高仿', '山寨', '冒牌'],
  },
  genuine: {
    en: ['genuine', 'authentic', 'original', 'real', 'legit', 'the real thing'],
    es: ['autentico', 'autentica', 'original', 'genuino', 'de verdad', 'real'],
    zh: ['正品', '正宗', '真的', '真货', '原装', '真品'],
  },
  colour: { en: ['colour', 'color', 'colours', 'colors', 'shade'], es: ['color', 'colores', 'tono'], zh: ['颜色', '色差', '色'] },
  screen: { en: ['screen', 'monitor', 'display'], es: ['pantalla', 'monitor'], zh: ['屏幕', '显示器', '屏'] },
};

/** Words that name things rather than topics (products, packaging, places, days). */
export const NEUTRAL: { en: string[]; es: string[]; zh: string[] } = {
  en: [
    'tea', 'teas', 'teapot', 'pot', 'cup', 'cups', 'mug', 'lid', 'box', 'tin', 'tins', 'bag', 'bags', 'jar', 'leaves', 'leaf', 'sample',
    'green', 'black', 'white', 'red', 'oolong', 'jasmine', 'longjing', 'puer', 'matcha', 'taste', 'flavour', 'flavor', 'size', 'bigger',
    'smaller', 'goods', 'stuff', 'items', 'purchase', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday',
    'morning', 'afternoon', 'evening', 'night', 'week', 'month', 'uk', 'usa', 'us', 'spain', 'mexico', 'china', 'france', 'germany',
    'europe', 'madrid', 'london', 'opened', 'honestly', 'warehouse', 'area', 'place', 'address', 'city', 'country',
  ],
  es: [
    'te', 'tetera', 'taza', 'tazas', 'tapa', 'caja', 'lata', 'latas', 'bolsa', 'bolsita', 'tarro', 'hojas', 'muestra', 'verde', 'negro',
    'blanco', 'rojo', 'oolong', 'jazmin', 'longjing', 'matcha', 'sabor', 'talla', 'tamano', 'grande', 'pequena', 'mercancia', 'compra',
    'lunes', 'martes', 'miercoles', 'jueves', 'viernes', 'sabado', 'domingo', 'noche', 'mes', 'espana', 'mexico',
    'china', 'francia', 'europa', 'madrid', 'barcelona', 'canarias', 'mallorca', 'abrir', 'abri', 'almacen', 'zona', 'ciudad',
    'pais', 'direccion', 'venia', 'viaja',
  ],
  zh: [
    '茶', '茶叶', '茶壶', '壶', '杯子', '杯', '盖子', '盒子', '罐', '大罐', '袋', '茶包', '样品', '绿茶', '红茶', '白茶', '乌龙', '龙井',
    '普洱', '绿色', '红色', '白色', '黑色', '口味', '味道', '大小', '尺寸', '周一', '周二', '周三', '周四', '周五', '周六', '周日', '上午', '下午', '晚上', '打开', '说实话',
    '仓库', '上海', '北京', '广州', '杭州', '西班牙', '路上', '盒',
  ],
};
