import { randomUUID } from 'node:crypto';
import type { Address, Delivery } from './types.js';
/**
 * The reply windows some platforms impose: WhatsApp takes free-form messages only within 24 h of
 * the buyer's last message (an approved template after that), Messenger within 24 h, and an
 * agent's reply (the HUMAN_AGENT tag) within 7 days. Pure, channel-neutral: a channel describes
 * its window in its capabilities, and the API, the engine's callers and the adapter itself all
 * decide with this one function.
 */

/** A channel's window, as its adapter declares it. */
export interface ReplyWindow {
  /** The platform's name, for the reasons shown to agents. */
  label: string;
  /** Free-form messages are accepted this many hours after the buyer's last message. */
  hours: number;
  /** An agent's reply is still accepted this many hours after it (Messenger's HUMAN_AGENT tag). */
  agentHours?: number;
  /** Past the window an approved template may go instead (WhatsApp). */
  templates?: boolean;
}

/** How a message may go: free-form, tagged as a person's reply, as a template, or not at all (and why). */
export type WindowDecision = { send: 'free' } | { send: 'agent_tag' } | { send: 'template' } | { send: 'refuse'; reason: string };

const HOUR = 3_600_000;

const ago = (ms: number) => (ms >= 48 * HOUR ? `${Math.floor(ms / (24 * HOUR))} days` : `${Math.floor(ms / HOUR)} h`);

/**
 * Whether a message may go now, `lastBuyerAt` (ms) being the buyer's last message; unknown counts
 * as inside (channels without a window, conversations recorded before the window was tracked).
 */
export function decideWindow(window: ReplyWindow | undefined, lastBuyerAt: number | undefined, now: number, opts: { from: 'bot' | 'agent'; hasTemplate: boolean }): WindowDecision {
  if (!window || lastBuyerAt === undefined) return { send: 'free' };
  const elapsed = now - lastBuyerAt;
  if (elapsed <= window.hours * HOUR) return { send: 'free' };
  if (opts.from === 'agent' && window.agentHours !== undefined && elapsed <= window.agentHours * HOUR) return { send: 'agent_tag' };
  if (window.templates && opts.hasTemplate) return { send: 'template' };
  const limit = opts.from === 'agent' && window.agentHours !== undefined ? window.agentHours : window.hours;
  const how = window.templates ? 'name an approved template for this language in the shop config (windowTemplates), or wait until the buyer writes again' : 'wait until the buyer writes again';
  return { send: 'refuse', reason: `outside ${window.label}'s ${limit >= 48 ? `${limit / 24}-day` : `${limit}-hour`} window (the buyer last wrote ${ago(elapsed)} ago): ${window.label} refuses free-form messages now; ${how}` };
}

/** The shop's approved template for a late message in `lang` on `channel` (shop config `windowTemplates`), if any. */
export type TemplateOf = (channel: string, lang: string) => { name: string; language: string } | undefined;

/**
 * An agent's reply as it may go now: free-form, with the person's-reply tag, as the approved
 * template with the text as its parameter, or refused with the reason. One decision for the
 * console's API and the agents' chats, so both obey the same window.
 */
export function planAgentReply(
  window: ReplyWindow | undefined,
  session: { address: Address; lang?: string | undefined; lastBuyerAt?: string | undefined; lastSeenAt: string },
  text: string,
  opts: { now: Date; templateOf: TemplateOf; defaultLanguage: string },
): { delivery: Delivery; send: 'free' | 'agent_tag' | 'template' } | { refused: string } {
  const template = opts.templateOf(session.address.channel, session.lang ?? opts.defaultLanguage) ?? opts.templateOf(session.address.channel, opts.defaultLanguage);
  const lastBuyerAt = Date.parse(session.lastBuyerAt ?? session.lastSeenAt);
  const decision = decideWindow(window, Number.isNaN(lastBuyerAt) ? undefined : lastBuyerAt, opts.now.getTime(), { from: 'agent', hasTemplate: template !== undefined });
  if (decision.send === 'refuse') return { refused: decision.reason };
  const delivery: Delivery = {
    id: `a:${randomUUID()}`,
    address: session.address,
    from: 'agent',
    replies: [{ kind: 'text', text }],
    ...(decision.send === 'template' && template ? { template: { name: template.name, language: template.language, parameters: [text] } } : {}),
  };
  return { delivery, send: decision.send };
}
