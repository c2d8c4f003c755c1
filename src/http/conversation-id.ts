import { z } from 'zod';
import type { ChannelId } from '../engine/types.js';

/** Every channel id at run time. The `satisfies` below fails the type check when ChannelId gains one not listed here. */
export const CHANNEL_IDS = ['telegram', 'slack', 'facebook', 'twilio', 'web', 'line', 'whatsapp'] as const satisfies readonly ChannelId[];
true satisfies [Exclude<ChannelId, (typeof CHANNEL_IDS)[number]>] extends [never] ? true : false;

/**
 * A `:id` route parameter naming a conversation, `<channel>:<platform id>`. `slash: false` refuses a
 * "/" in the platform id (the conversation routes, whose ids never have one).
 */
export function conversationIdParam(opts: { slash: boolean }) {
  const rest = opts.slash ? '[^\\s]{1,200}' : '[^\\s/]{1,200}';
  return z.string().regex(new RegExp(`^(${CHANNEL_IDS.join('|')}):${rest}$`), 'a conversation id like telegram:12345');
}
