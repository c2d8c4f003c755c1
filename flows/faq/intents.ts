/** Intents recognised from phrases, besides FAQ topics and contact details. */
export const PHRASE_INTENTS = ['complaint', 'human', 'greeting', 'thanks'] as const;
/** One of PHRASE_INTENTS. */
export type PhraseIntent = (typeof PHRASE_INTENTS)[number];

/**
 * Built-in phrases per intent and language; a shop config's `intents` adds its own to these.
 * A Latin phrase matches its words in order (one extra word may sit between two of them, a typo
 * is forgiven in words of six letters or more after the first); a Chinese phrase matches as
 * written. Complaints win over everything (an angry buyer goes to a person first, seed 004),
 * then asking for a person, then FAQ topics; greetings and thanks count only when nothing else
 * is said. Accusations are phrased ("this is a scam", "me habéis estafado") so that a worried
 * "is this a scam?" is not one: see SOFT_COMPLAINTS.
 */
export const BUILT_IN_PHRASES: Record<PhraseIntent, Record<string, readonly string[]>> = {
  complaint: {
    en: [
      'this is a scam', 'its a scam', 'total scam', 'what a scam', 'scammer', 'scammers', 'you scammed', 'scammed me', 'rip off',
      'ripped off', 'ripoff', 'this is fraud', 'fraudster', 'fraudsters',
      'bad review', 'negative review', 'one star', '1 star', 'report you', 'reporting you', 'complain', 'complaint',
      'terrible', 'awful', 'horrible', 'worst', 'disgusting', 'unacceptable', 'ridiculous', 'pathetic', 'useless',
      'angry', 'furious', 'fed up', 'sick of', 'never again', 'waste of money', 'liar', 'liars', 'cheated me', 'you cheated',
      'sue you', 'lawyer', 'disappointed', 'not happy', 'unhappy', 'bad service', 'poor service', 'rubbish',
      'garbage', 'shame on you', 'thieves', 'stole my money',
      'unprofessional', 'how bad you are', 'how bad u are', 'tell everyone', 'worst shop', 'never buying', 'being ignored', 'ignoring me', 'so bad',
    ],
    es: [
      'esto es una estafa', 'menuda estafa', 'vaya estafa', 'estafadores', 'estafador', 'me habeis estafado', 'me han estafado',
      'me estafaron', 'menudo timo', 'vaya timo', 'timadores', 'mala resena', 'resena negativa',
      'una estrella', 'denunciar', 'denuncia', 'os voy a denunciar', 'hoja de reclamaciones', 'reclamacion', 'queja', 'quejarme',
      'verguenza', 'fatal', 'pesimo', 'pesima', 'horrible', 'terrible', 'enfadado', 'enfadada', 'indignado', 'indignada',
      'harto', 'harta', 'nunca mas', 'ladrones', 'ladron', 'mentirosos', 'mentiroso', 'tomadura de pelo', 'penoso',
      'lamentable', 'decepcionado', 'decepcionada', 'una basura', 'que asco', 'me habeis enganado', 'me han enganado',
      'inutil', 'inutiles',
      'la peor tienda', 'peor tienda', 'peor servicio', 'peor compra', 'me siento robado', 'poco profesional',
      'poco profesionales', 'cutrez', 'un asco', 'poner a parir', 'malisimo', 'malisima', 'no tienen verguenza', 'me tienen harto',
    ],
    zh: [
      '差评', '投诉', '被骗了', '骗钱', '诈骗', '垃圾', '太差', '差劲', '坑人', '黑店', '举报', '维权', '12315', '生气',
      '气死', '恶心', '态度差', '态度太差', '服务差', '失望', '不满意', '无语', '忽悠', '欺骗', '什么破', '烂货',
      '太烂', '有多烂', '不专业', '被无视', '别在这买', '都不回', '不回消息', '没人回', '给我个说法', '什么玩意', '晾着', '差劲死了',
      'cha ping', 'chaping',
    ],
  },
  human: {
    en: [
      'talk to a person', 'speak to a person', 'talk with a person', 'speak with a person', 'talk to someone', 'speak to someone',
      'talk with someone', 'speak with someone', 'talk to a human', 'speak to a human', 'real person', 'real human', 'human',
      'agent', 'live agent', 'customer service', 'customer support', 'operator', 'representative', 'manager', 'the owner',
      'a person please', 'transfer me', 'chat with a person', 'is there a person', 'someone real', 'a real one', 'are you a bot', 'are you a robot', 'not a bot', 'talk to staff', 'someone from the shop', 'staff member', 'a real agent',
    ],
    es: [
      'hablar con una persona', 'hablar con alguien', 'persona real', 'una persona de verdad', 'un humano', 'humano', 'agente',
      'atencion al cliente', 'servicio al cliente', 'operador', 'operadora', 'que me atienda', 'me atienda alguien',
      'atienda una persona', 'atender alguien', 'atenderme alguien', 'alguien de verdad', 'persona de verdad', 'el encargado', 'la encargada', 'el dueno', 'pasame con', 'pasadme con', 'eres un bot',
      'eres un robot', 'hablar con un agente', 'hablar con el responsable',
      'asesor', 'asesora', 'alguien del equipo', 'que me escriba alguien', 'una persona por favor',
    ],
    zh: ['人工', '真人', '找客服', '客服电话', '转客服', '叫客服', '找老板', '叫老板', '找店主', '机器人', '找个人', '人工客服', '转人工', 'rengong', 'ren gong', 'kefu', 'ke fu'],
  },
  greeting: {
    en: [
      'hi', 'hello', 'hey', 'hiya', 'howdy', 'yo', 'greetings', 'good morning', 'good afternoon', 'good evening', 'morning',
      'anyone there', 'anybody there', 'anyone here', 'are you there', 'you there', 'still there', 'are you open',
      'sup', 'wassup', 'whats up', 'gm', 'good day', 'namaste', 'assalamualaikum', 'salam', 'hii', 'heyy', 'helo', 'hallo',
    ],
    es: [
      'hola', 'buenas', 'buenos dias', 'buenas tardes', 'buenas noches', 'hay alguien', 'estas ahi', 'esta ahi', 'estais ahi',
      'estan ahi', 'que tal', 'saludos', 'holi', 'holaa', 'buen dia',
      'holis', 'ola', 'epa', 'alo', 'que onda', 'quiubo', 'wenas', 'buenass',
    ],
    zh: ['在吗', '在不在', '在么', '在嘛', '在没', '你好', '您好', '亲', '哈喽', '嗨', '早上好', '上午好', '下午好', '晚上好', '有人吗', '有人在吗', '老板在吗', '店家在吗', '掌柜的在吗', '掌柜在吗', '午安', '哈罗', '你好呀', '您好呀', 'nihao', 'ni hao'],
  },
  thanks: {
    en: ['thanks', 'thank you', 'thx', 'ty', 'cheers', 'bye', 'goodbye', 'see you', 'ok', 'okay', 'got it', 'perfect', 'great', 'cool', 'alright', 'all right', 'noted', 'understood', 'appreciate it', 'appreciated', 'much appreciated', 'tysm', 'tnx', 'thanx', 'thnx', 'thank u', 'many thanks'],
    es: ['gracias', 'muchas gracias', 'mil gracias', 'vale', 'de acuerdo', 'perfecto', 'genial', 'adios', 'hasta luego', 'chao', 'ok', 'entendido', 'estupendo', 'se agradece', 'te lo agradezco', 'agradecido', 'agradecida', 'mil gracias'],
    zh: ['谢谢', '多谢', '感谢', '好的', '好滴', '好嘞', '嗯嗯', '明白了', '知道了', '拜拜', '再见', '好', '太好了', '谢啦', '谢了', '感恩', '辛苦了', 'xiexie', 'xie xie'],
  },
};

/**
 * Words of a complaint that are also words of a worry: "scam!" accuses, "is paying safe or is it
 * a scam?" asks. They make a complaint only when no FAQ topic answers the message and it is not a
 * question the message model reads as a topic ("不会是骗子吧？钱能追回来吗" is about escrow).
 */
export const SOFT_COMPLAINTS: Record<string, readonly string[]> = {
  en: ['scam', 'scammed', 'fraud', 'cheat', 'cheated'],
  es: ['estafa', 'estafado', 'estafada', 'timo', 'fraude', 'enganado'],
  zh: ['骗', '被骗', '欺诈', '骗子', '骗人', '被坑', '坑了'],
};
