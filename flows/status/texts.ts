/** What the bot answers an owner's status command, in the languages it speaks to owners. */
const TEXTS = {
  en: {
    cleared: 'Status cleared: business hours decide again (now {mode}).',
    set: 'Status: {mode}{until}{message}.',
    until: ' until {at}',
    message: ', with your message: {text}',
    away: 'away',
    busy: 'busy',
    online: 'online',
  },
  es: {
    cleared: 'Estado borrado: vuelve a decidir el horario de atención (ahora {mode}).',
    set: 'Estado: {mode}{until}{message}.',
    until: ' hasta {at}',
    message: ', con tu mensaje: {text}',
    away: 'ausente',
    busy: 'ocupado',
    online: 'en línea',
  },
  zh: {
    cleared: '状态已清除：恢复按营业时间（当前：{mode}）。',
    set: '状态：{mode}{until}{message}。',
    until: '，直到 {at}',
    message: '，留言：{text}',
    away: '离开',
    busy: '忙碌',
    online: '在线',
  },
} as const;

export type StatusTextId = keyof (typeof TEXTS)['en'];

/** The text `id` in `lang` (else English), with `{name}` placeholders filled in. */
export function statusText(lang: string, id: StatusTextId, values: Record<string, string> = {}): string {
  const table = (TEXTS as Record<string, Record<StatusTextId, string>>)[lang] ?? TEXTS.en;
  return table[id].replace(/\{(\w+)\}/g, (m, key: string) => (key in values ? values[key]! : m));
}
