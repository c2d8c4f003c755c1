/**
 * Words that carry no topic: function words, pronouns, question words, politeness and filler.
 * They are left out of matching so "¿me podéis decir cuándo enviáis?" and "when do you ship?"
 * come down to the words that name the topic. Stored folded (lower case, no accents), before stemming.
 */
const EN = `a an the and or but if so to of in on at by for from with without about into over under up out off as than then
i im ive id me my mine myself we our ours us you youre your yours yourself he she it its they them their this that these those there here
is am are was were be been being do does did doing done have has had having will would shall should can could may might must
what whats which who whom whose when where wheres why how hows whats
not no yes ok okay please pls plz thanks thank hi hello hey dear just also too very really quite any some all each
get got gets getting go going want wanted wanna need needed like would let lets tell know make
one thing things something anything item items product products stuff bit lot much many
question questions ask asking wondering help hmm um well sure now already again
dont doesnt didnt cant cannot wont isnt arent wasnt havent hasnt im youre theyre thats
phone number mobile cell email mail call contact reach whatsapp wechat
two three four five six ten hundred
come comes came coming moment little another shop store website site guys guy
last week ago yesterday`;

const ES = `a al ante bajo con contra de del desde en entre hacia hasta para por segun sin sobre tras y e o u ni que
el la lo los las un una unos unas este esta esto estos estas ese esa eso esos esas aquel aquella
yo me mi mis mio mia tu te ti tus tuyo usted ustedes vosotros vosotras os vuestro vuestra vuestros vuestras
el ella ellos ellas le les se su sus nos nosotros nuestro nuestra nuestros nuestras conmigo contigo
es son ser soy eres sois somos era fue sea estoy esta estan estais estamos estar hay habia ha he has han hemos habeis
puedo puede puedes pueden podeis podemos podria podrias podriais poder
tengo tiene tienes tienen teneis tenemos tenia hago hace haces hacen haceis hacemos hacer
quiero quiere quieres quieren quereis queria quisiera gustaria saber
como cuando donde cual cuales quien quienes cuanto cuanta cuantos cuantas que por porque
si no ya muy mas menos tambien pero algo alguno alguna algun nada todo toda todos todas cada otro otra
hola buenas buenos dias tardes noches gracias favor porfa vale ok okey oye mira bueno pues entonces
pregunta preguntas consulta duda dudas ayuda cosa cosas producto productos articulo articulos
ahora solo asi bien va van voy vas ir sabeis sabes sabe se
momento poco poquito otra otro tienda web pagina chicos
semana pasada pasado ayer hice hizo
telefono movil numero correo email llamar llamame llamadme contacto contactar escribidme escribeme whatsapp
uno dos tres cuatro cinco seis diez cien mil`;

/** Chinese function words and filler, matched as whole segments of `Intl.Segmenter`. */
const ZH = [
  '的', '了', '吗', '呢', '哦', '噢', '啊', '吧', '呀', '嘛', '么', '啦', '喔', '哈', '哈哈', '嗯', '呃', '哎', '诶', '耶',
  '亲', '亲亲', '亲爱的', '我', '我们', '我的', '你', '你们', '你的', '您', '您好', '你好', '他', '她', '它', '他们', '咱们', '大家',
  '是', '是不是', '不是', '有', '有没有', '没有', '在', '在吗', '就', '都', '也', '还', '又', '和', '跟', '与', '或', '或者', '及',
  '这', '那', '这个', '那个', '这些', '那些', '这款', '那款', '这样', '那样', '一下', '一点', '一个', '个',
  '请', '请问', '问', '问一下', '想问', '想', '要', '想要', '需要', '可以', '可不可以', '能', '能不能', '能否', '会', '会不会', '得',
  '款', '这款', '那款', '有货', '没货', '现货', '后', '以后', '之后', '前', '以前', '之前', '发现', '觉得', '看到', '看着', '号', '操作', '时候', '的时候', '有点', '一点', '有些', '比较', '非常', '很', '特别', '自己', '知道', '上周', '昨天', '几点', '一般', '通常', '大概', '大约', '在不在', '在么', '有人吗', '哈喽', '早上好', '下午好', '晚上好', '哪家', '哪种', '哪些', '什么', '怎么', '怎么样', '怎样', '如何', '哪', '哪里', '哪个', '为什么', '为啥', '啥', '什么时候', '多少', '多少钱', '价格', '价钱',
  '电话', '手机', '手机号', '号码', '邮箱', '联系', '微信', '问题', '东西', '宝贝', '商品', '产品', '老板', '店家', '掌柜', '客服', '谢谢', '好的', '好', '嗯嗯', '麻烦', '帮忙',
];

/** Folded Latin stopwords, English and Spanish together (buyers mix them, and they rarely collide). */
export const LATIN_STOPWORDS: ReadonlySet<string> = new Set(`${EN} ${ES}`.split(/\s+/).filter(Boolean));

/** Chinese stop segments. */
export const HAN_STOPWORDS: ReadonlySet<string> = new Set(ZH);

/** Single Chinese characters that never name a topic on their own (used to drop filler inside longer segments). */
export const HAN_STOPCHARS: ReadonlySet<string> = new Set([...'的了吗呢哦噢啊吧呀嘛么啦喔哈嗯呃哎诶耶亲我你您他她它们是在就都也还又和跟与或这那个请问想要能会得啥给把用有一二三四五六七八九十两几']);
