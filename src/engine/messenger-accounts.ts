/**
 * A messenger account a buyer leaves instead of a phone ("加我微信 mike_cha88", "wechat: carlos_te",
 * "QQ:278995101", "telegram @hojaverde_mx"): the shopkeepers' handbook takes "QQ, MSN, anything" when
 * a buyer will not give a phone (seed 004). The app's name, then an id; after a plain word ("my wechat
 * is down") the id must look like one (a digit, _ . - or @), after ":" or "id" any id will do.
 */
const MESSENGER =
  /(?<![a-z\d])(wechat|weixin|wx|vx|微信|qq|telegram|tg|whatsapp|line|skype|instagram|ig)(\s*(?:id|号|號|账号|帳號|号码))?(\s*(?:is|es|是)?\s*[:：]\s*|\s*(?:is|es|是)\s*|\s*)(@?[a-z][\w.-]{2,31}|\d{5,12})(?![\w.@-])/giu;
/** The app names MESSENGER reads: a message without one is not searched. */
export const MESSENGER_HINT = /wechat|weixin|wx|vx|微信|qq|telegram|tg|whatsapp|line|skype|instagram|ig/i;
const APP_NAMES: Record<string, string> = { wechat: 'WeChat', weixin: 'WeChat', wx: 'WeChat', vx: 'WeChat', 微信: 'WeChat', qq: 'QQ', telegram: 'Telegram', tg: 'Telegram', whatsapp: 'WhatsApp', line: 'LINE', skype: 'Skype', instagram: 'Instagram', ig: 'Instagram' };
/** Short or English app names that are also words ("line", "ig"): only with ":", "id" or an "@" id after them. */
const WORD_NAMES = new Set(['line', 'ig', 'tg', 'wx', 'vx']);

/** The first messenger account in free text, as "WeChat: mike_cha88". */
export function extractMessenger(text: string): string | undefined {
  if (!MESSENGER_HINT.test(text)) return undefined;
  for (const [, app, idWord, separator, id] of text.matchAll(MESSENGER) as IterableIterator<[string, string, string | undefined, string, string]>) {
    const name = app.toLowerCase();
    const marked = Boolean(idWord) || /[:：]/.test(separator) || id.startsWith('@');
    if (!marked && (WORD_NAMES.has(name) || !/[\d_.-]/.test(id))) continue;
    // A WhatsApp number is a phone: extractPhone reads it.
    if (name === 'whatsapp' && /^\d+$/.test(id)) continue;
    return `${APP_NAMES[name]}: ${id.replace(/[.-]+$/, '')}`;
  }
  return undefined;
}

/** The text with each messenger account's id replaced by `by`, the app's name kept ("my wechat [account]"). */
export const replaceMessenger = (text: string, by: string): string =>
  MESSENGER_HINT.test(text) ? text.replace(MESSENGER, (m: string, app: string) => (extractMessenger(m) ? `${app} ${by}` : m)) : text;
/** The text without its messenger ids (what the FAQ reads: "add me on wechat" says what the message is for, the id does not). */
export const withoutMessenger = (text: string): string => replaceMessenger(text, ' ');
