import type { Flow } from '../../src/engine/flow.js';
import { parseUntil } from '../../src/store/shop-status.js';
import { effectiveStatus, formatBackAt } from '../away/status.js';
import { statusText } from './texts.js';

const COMMAND = /^\/(away|busy|online|auto)(?:@\w+)?(?:\s+([\s\S]*))?$/i;

/** Whether the sender is one of the shop's owners on this channel (shop config `owners`). */
export function isOwner(channel: string, senderId: string, owners: Record<string, string[] | undefined>): boolean {
  return owners[channel]?.includes(senderId) ?? false;
}

/**
 * `/away [until] [message]`, `/busy [until] [message]` and `/online [until]` from an owner's own chat
 * account set the shop's status for every instance, winning over business hours until it expires;
 * `/auto` clears it (business hours decide again). `until` is "18:00", "2h", "30m" or an ISO time.
 * From anyone else these are ordinary messages.
 */
export const status: Flow = {
  id: 'status',
  run(ctx, next) {
    const command = COMMAND.exec(ctx.msg.text.trim());
    if (!command || !isOwner(ctx.msg.address.channel, ctx.msg.sender.id, ctx.shop.owners)) return next();
    const mode = command[1]!.toLowerCase() as 'away' | 'busy' | 'online' | 'auto';
    // The owner's own language setting (their `agents:` entry), else the language of the chat.
    const lang = ctx.shop.agents.find((a) => (ctx.msg.address.channel === 'telegram' || ctx.msg.address.channel === 'slack') && a[ctx.msg.address.channel] === ctx.msg.sender.id)?.language ?? ctx.lang;
    if (mode === 'auto') {
      ctx.setShopStatus(undefined);
      const now = effectiveStatus(undefined, ctx.shop, ctx.now);
      ctx.reply({ kind: 'text', text: statusText(lang, 'cleared', { mode: statusText(lang, now.mode) }) });
      return;
    }
    let rest = (command[2] ?? '').trim();
    const [first = ''] = rest.split(/\s+/, 1);
    const until = first ? parseUntil(first, ctx.now, ctx.shop.hours?.timezone) : undefined;
    if (until) rest = rest.slice(first.length).trim();
    const set = {
      mode,
      setAt: ctx.now.toISOString(),
      setBy: `${ctx.msg.address.channel}:${ctx.msg.sender.id}`,
      ...(rest ? { message: rest } : {}),
      ...(until ? { until: until.toISOString() } : {}),
    };
    ctx.setShopStatus(set);
    const shown = effectiveStatus(set, ctx.shop, ctx.now);
    const text = statusText(lang, 'set', {
      mode: statusText(lang, mode),
      until: shown.until ? statusText(lang, 'until', { at: formatBackAt(shown.until, lang, ctx.shop) }) : '',
      message: rest ? statusText(lang, 'message', { text: rest }) : '',
    });
    ctx.reply({ kind: 'text', text });
  },
};
