// @ts-check
// How ids, names, languages and times are shown to agents.
import { el } from './dom.js';

/** @typedef {import('../../api-types.js').ChannelId} ChannelId */
/** @typedef {import('../../api-types.js').Contact} Contact */

/** Every channel the gateway speaks, as agents know it: a new channel id fails the type check until it has a label. */
/** @type {Record<ChannelId, string>} */
export const CHANNELS = { telegram: 'Telegram', slack: 'Slack', facebook: 'Messenger', twilio: 'SMS', web: 'Web chat', whatsapp: 'WhatsApp', line: 'LINE' };

/** Why a conversation waits for a person. @type {Record<string, string>} */
export const REASONS = { human: 'asked for a person', complaint: 'complaint', unmatched: 'the bot could not answer', agent: 'taken over by an agent', away: 'asked while away' };

export const enc = encodeURIComponent;

/** `telegram:123` -> `telegram`. @param {string} id */
export function channelOf(id) {
  return id.slice(0, id.indexOf(':'));
}

/**
 * A channel's label, or its id when the gateway knows one the console does not (yet).
 * @param {string} channel
 */
export function channelLabel(channel) {
  return /** @type {Record<string, string | undefined>} */ (CHANNELS)[channel] || channel;
}

/**
 * The channel as agents know it: WhatsApp through Twilio (`twilio:whatsapp:+…`) is WhatsApp, not SMS.
 * @param {string} id
 * @param {string} channel
 */
export function channelName(id, channel) {
  if (id.startsWith('twilio:whatsapp:')) return 'WhatsApp';
  return channelLabel(channel);
}

/**
 * The buyer's name, phone, e-mail or messenger account, else a short form of their platform id.
 * @param {string} id
 * @param {Contact | Record<string, string> | undefined} contact
 */
export function displayName(id, contact) {
  if (contact && (contact.name || contact.phone || contact.email || contact.messenger)) return contact.name || contact.phone || contact.email || contact.messenger || '';
  return `Buyer ${id.slice(channelOf(id).length + 1).slice(-8)}`;
}

/** `es` -> `Spanish (es)` in the agent's own language. @param {string | null | undefined} code */
export function languageName(code) {
  if (!code) return 'unknown';
  try {
    const name = new Intl.DisplayNames([navigator.language || 'en'], { type: 'language' }).of(code);
    return name && name !== code ? `${name} (${code})` : code;
  } catch {
    return code;
  }
}

/** A clock time today, with the date on other days. @param {string} iso */
export function clock(iso) {
  const at = new Date(iso);
  const sameDay = at.toDateString() === new Date().toDateString();
  return at.toLocaleString([], sameDay ? { hour: '2-digit', minute: '2-digit' } : { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** @param {string} iso */
function since(iso) {
  const minutes = Math.max(0, Math.floor((Date.now() - new Date(iso).getTime()) / 60_000));
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return hours < 24 ? `${hours} h ${minutes % 60} min` : `${Math.floor(hours / 24)} d`;
}

/** @param {HTMLElement} node */
function relative(node) {
  const text = since(node.dataset.since || '');
  return (node.dataset.prefix || '') + text + (text === 'just now' ? '' : node.dataset.suffix || '');
}

/**
 * A <time>: a clock time, or "waiting 3 min" / "3 min ago" kept current by tick().
 * @param {string} iso
 * @param {{ prefix?: string, suffix?: string, live?: boolean }} [options]
 */
export function timeEl(iso, { prefix = '', suffix = '', live = false } = {}) {
  const node = el('time', { dateTime: iso, title: new Date(iso).toLocaleString() });
  if (!live) {
    node.textContent = clock(iso);
    return node;
  }
  Object.assign(node.dataset, { since: iso, prefix, suffix });
  node.textContent = relative(node);
  return node;
}

/** Keep "waiting 3 min" true without reloading anything. */
export function tick() {
  for (const node of document.querySelectorAll('time[data-since]')) {
    if (node instanceof HTMLElement) node.textContent = relative(node);
  }
}
