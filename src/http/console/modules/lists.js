// @ts-check
// The conversation lists on the left: waiting, mine, with other agents (owners only), recent with the bot.
import { getConversations } from './api.js';
import { openId } from './conversation.js';
import { $, el } from './dom.js';
import { channelName, channelOf, displayName, enc, REASONS, timeEl } from './format.js';
import { setMe } from './session.js';
import { state } from './state.js';

/** @typedef {import('../../api-types.js').ConversationSummary} ConversationSummary */
/** @typedef {import('../../api-types.js').LiveHandoff} LiveHandoff */
/** @typedef {import('../../api-types.js').LiveMessage} LiveMessage */
/** @typedef {'queued' | 'mine' | 'others' | 'bot'} ListName */

/** @type {{ queued: ConversationSummary[], agent: ConversationSummary[], bot: ConversationSummary[] }} */
let lists = { queued: [], agent: [], bot: [] };
/** Bumped by every refresh and by signing out: an answer for an older one is dropped. */
let listsSeq = 0;
/** @type {ReturnType<typeof setTimeout> | undefined} */
let refreshTimer;

/** Forget the lists (signing out); answers still on their way belong to the old session. */
export function resetLists() {
  clearTimeout(refreshTimer);
  listsSeq++;
  lists = { queued: [], agent: [], bot: [] };
}

export async function refreshLists() {
  const seq = ++listsSeq;
  const [queued, agent, bot] = await Promise.all([getConversations('queued'), getConversations('agent'), getConversations('bot', 20)]);
  if (seq !== listsSeq || !state.token) return; // a newer refresh is on its way
  lists = { queued: queued.conversations, agent: agent.conversations, bot: bot.conversations };
  // Agents are only shown the conversations they hold themselves: any holder's name is theirs.
  if (!state.owner && agent.conversations[0]?.agent) setMe(agent.conversations[0].agent);
  renderLists();
}

/** Many events arrive together (a message, the bot's reply, a handoff): refresh once for all of them. */
export function scheduleRefresh() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => void refreshLists().catch(() => {}), 250);
}

/** @param {ConversationSummary} row */
function isMine(row) {
  return !state.owner || (state.me !== null && row.agent === state.me);
}

export function renderLists() {
  const { queued, agent, bot } = lists;
  const waiting = [...queued].sort((a, b) => (a.waitingSince || '').localeCompare(b.waitingSince || ''));
  /** @param {ConversationSummary} a @param {ConversationSummary} b */
  const byLatest = (a, b) => (b.lastMessage?.at || '').localeCompare(a.lastMessage?.at || '');
  fill('queued', waiting);
  fill('mine', agent.filter(isMine).sort(byLatest));
  fill('others', agent.filter((row) => !isMine(row)).sort(byLatest));
  fill('bot', bot);
  document.title = waiting.length ? `(${waiting.length}) Shopdesk console` : 'Shopdesk console';
}

/** @param {ListName} name @param {ConversationSummary[]} rows */
function fill(name, rows) {
  $(`list-${name}`).replaceChildren(...rows.map((row) => listItem(row, name)));
  $(`count-${name}`).textContent = String(rows.length);
  $(`empty-${name}`).hidden = rows.length > 0;
}

/** @param {ConversationSummary} row @param {ListName} kind */
function listItem(row, kind) {
  const link = el('a', { className: 'conversation-item', href: `#/c/${enc(row.id)}` });
  if (openId() === row.id) link.setAttribute('aria-current', 'page');
  const meta = el('span', { className: 'item-meta' });
  const last = row.lastMessage;
  /** @param {{ at: string }} message */
  const ago = (message) => timeEl(message.at, { live: true, suffix: ' ago' });
  if (kind === 'queued' && row.waitingSince) meta.append(timeEl(row.waitingSince, { live: true, prefix: 'waiting ' }), row.reason ? ` · ${REASONS[row.reason] || row.reason}` : '');
  else if (kind === 'others') meta.append(`with ${row.agent || 'an agent'}`, ...(last ? [' · ', ago(last)] : []));
  else if (last) meta.append(ago(last));
  link.append(
    el('span', { className: 'item-top' }, el('span', { className: 'item-name', text: displayName(row.id, row.contact) }), el('span', { className: 'channel', dataset: { channel: row.channel }, text: channelName(row.id, row.channel) })),
    el('span', { className: 'item-preview', text: last ? `${last.from === 'buyer' ? '' : `${last.from}: `}${last.text}` : 'no messages yet' }),
    meta,
  );
  return el('li', { dataset: { id: row.id } }, link);
}

/** Every listed conversation. */
export function allRows() {
  return [...lists.queued, ...lists.agent, ...lists.bot];
}

/** Move a conversation between lists at once; the refresh that follows fills in the rest. @param {LiveHandoff} event */
export function applyHandoff(event) {
  const previous = allRows().find((row) => row.id === event.conversationId);
  /** @type {Omit<ConversationSummary, 'state'>} */
  const base = { id: event.conversationId, channel: channelOf(event.conversationId), contact: previous?.contact || {}, ...(previous?.lastMessage ? { lastMessage: previous.lastMessage } : {}) };
  const { queued, agent, bot } = lists;
  /** @param {ConversationSummary[]} rows */
  const without = (rows) => rows.filter((row) => row.id !== event.conversationId);
  lists = { queued: without(queued), agent: without(agent), bot: without(bot) };
  if (event.state === 'queued') lists.queued.push({ ...base, state: 'queued', waitingSince: event.at, ...(event.reason ? { reason: event.reason } : {}) });
  if (event.state === 'agent') lists.agent.push({ ...base, state: 'agent', ...(event.agent ? { agent: event.agent } : {}) });
  if (event.state === 'bot') lists.bot.unshift({ ...base, state: 'bot' });
  renderLists();
}

/** A new line in a listed conversation updates its preview; an unknown conversation refreshes the lists. @param {LiveMessage} event */
export function noteMessage(event) {
  let known = false;
  for (const row of allRows()) {
    if (row.id !== event.conversationId) continue;
    row.lastMessage = { from: event.from, text: event.text, at: event.at };
    known = true;
  }
  if (known) renderLists();
  else scheduleRefresh(); // a conversation we do not list yet
}
