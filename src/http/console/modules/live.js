// @ts-check
// What the live event stream changes on screen: the lists at once, the open conversation's transcript,
// and after a reconnect one catch-up load of whatever happened meanwhile.
import { current, appendLine, scheduleDetailReload } from './conversation.js';
import { applyHandoff, noteMessage, scheduleRefresh } from './lists.js';
import { setMe } from './session.js';
import { showError } from './dom.js';
import { state } from './state.js';

/** @typedef {import('../../api-types.js').LiveHandoff} LiveHandoff */
/** @typedef {import('../../api-types.js').LiveMessage} LiveMessage */
/** @typedef {import('../../api-types.js').LiveUndelivered} LiveUndelivered */

/** @param {LiveMessage} event */
export function onMessage(event) {
  noteMessage(event);
  if (current()?.id !== event.conversationId) return;
  appendLine({ id: event.id, from: event.from, text: event.text, at: event.at, ...(event.agent ? { agent: event.agent } : {}) });
}

/** @param {LiveHandoff} event */
export function onHandoff(event) {
  // Agents receive claims of their own conversations only, so a claim they see is theirs.
  if (event.state === 'agent' && event.agent && !state.owner) setMe(event.agent);
  applyHandoff(event);
  scheduleRefresh();
  if (current()?.id === event.conversationId) scheduleDetailReload();
}

/**
 * An agent's reply the platform would not take (sent to the holder only): said in the notice bar,
 * with the conversation when it is not the one open.
 * @param {LiveUndelivered} event
 */
export function onUndelivered(event) {
  const where = current()?.id === event.conversationId ? '' : ` (${event.conversationId})`;
  showError(`Not delivered${where}: ${event.reason}. “${event.text.slice(0, 200)}”`);
}

export function onReconnected() {
  scheduleRefresh();
  scheduleDetailReload();
}
