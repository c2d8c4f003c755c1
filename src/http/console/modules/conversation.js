// @ts-check
// The conversation on screen (#/c/<id>): its transcript, the buyer's details, and the draft reply
// kept per conversation while the agent looks at another one.
import { fitReply, renderActions } from './actions.js';
import { errorMessage, errorStatus, getConversation } from './api.js';
import { renderCanned } from './canned.js';
import { $, el, showError } from './dom.js';
import { channelName, clock, displayName, languageName, REASONS, timeEl } from './format.js';
import { allRows, renderLists } from './lists.js';
import { clearOrders, loadOrders } from './orders.js';
import { setMe } from './session.js';
import { state } from './state.js';

/** @typedef {import('../../api-types.js').ConversationDetail} ConversationDetail */
/** @typedef {import('../../api-types.js').TranscriptLine} TranscriptLine */
/** A line as shown: the live stream also says which agent wrote it. @typedef {TranscriptLine & { agent?: string }} ShownLine */

/**
 * @typedef {object} OpenConversation
 * @property {string} id
 * @property {ConversationDetail | null} detail null until loaded, or when it cannot be shown
 * @property {Map<string, ShownLine>} lines by id: the stream and the transcript bring the same lines
 * @property {string | null} unavailable why it cannot be shown
 */

/** @type {OpenConversation | null} */
let open = null;
/** Unsent replies, by conversation id. @type {Map<string, string>} */
const drafts = new Map();
/** @type {ReturnType<typeof setTimeout> | undefined} */
let detailTimer;

/** The conversation on screen, if any. */
export function current() {
  return open;
}

export function openId() {
  return open?.id ?? null;
}

/** Forget the conversation and every draft (signing out). */
export function resetConversation() {
  clearTimeout(detailTimer);
  open = null;
  drafts.clear();
}

/** The draft of this conversation is gone: it was sent. @param {string} id */
export function dropDraft(id) {
  drafts.delete(id);
}

function currentId() {
  const match = /^#\/c\/(.+)$/.exec(location.hash);
  if (!match?.[1]) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return null;
  }
}

/** Show what the address bar says: a conversation, or the lists. */
export async function route() {
  if (!state.token) return;
  const id = currentId();
  if (!id) return closeView();
  if (open?.id === id) return;
  await openConversation(id);
}

function closeView() {
  saveDraft();
  open = null;
  document.body.dataset.view = 'lists';
  $('conversation-view').hidden = true;
  $('conversation-empty').hidden = false;
  renderLists();
}

function saveDraft() {
  if (!open) return;
  const text = $('reply-text', HTMLTextAreaElement).value;
  if (text) drafts.set(open.id, text);
  else drafts.delete(open.id);
}

/** @param {string} id */
async function openConversation(id) {
  saveDraft();
  showError('');
  open = { id, detail: null, lines: new Map(), unavailable: null };
  document.body.dataset.view = 'conversation';
  $('conversation-empty').hidden = true;
  $('conversation-view').hidden = false;
  $('conversation-title').textContent = displayName(id, allRows().find((row) => row.id === id)?.contact);
  $('conversation-state').textContent = 'loading…';
  $('transcript').replaceChildren();
  $('details').replaceChildren();
  clearOrders();
  $('reply-text', HTMLTextAreaElement).value = drafts.get(id) || '';
  fitReply();
  $('canned', HTMLDetailsElement).open = false;
  renderActions();
  renderLists();
  await loadDetail();
  if (open?.id === id) $('conversation-title').focus();
}

/** Several events about the open conversation: load it once for all of them. */
export function scheduleDetailReload() {
  if (!open) return;
  clearTimeout(detailTimer);
  detailTimer = setTimeout(() => void loadDetail(), 200);
}

export async function loadDetail() {
  const shown = open;
  if (!shown) return;
  let detail;
  try {
    detail = await getConversation(shown.id);
  } catch (err) {
    if (open !== shown) return;
    shown.detail = null;
    shown.unavailable = errorStatus(err) === 0 ? errorMessage(err) : `This conversation cannot be shown: ${errorMessage(err)}.`;
    clearOrders();
    renderConversation();
    return;
  }
  if (open !== shown) return; // the agent opened another one meanwhile
  shown.unavailable = null;
  shown.detail = detail;
  if (detail.state === 'agent' && detail.agent && !state.owner) setMe(detail.agent);
  for (const line of detail.transcript) shown.lines.set(line.id, { ...shown.lines.get(line.id), ...line });
  renderConversation();
  renderTranscript();
  void loadOrders(shown.id);
}

/** Whether this agent holds the conversation on screen (and so may reply). */
export function holdsOpen() {
  const detail = open?.detail;
  if (!detail || detail.state !== 'agent') return false;
  // An agent can only load conversations held by themselves; an owner must be the holder.
  return !state.owner || detail.agent === state.me;
}

function renderConversation() {
  if (!open) return;
  const { detail } = open;
  if (!detail) {
    $('conversation-state').textContent = open.unavailable || '';
    $('details').replaceChildren();
    $('transcript').replaceChildren();
    renderActions();
    return;
  }
  $('conversation-title').textContent = displayName(detail.id, detail.contact);
  /** @type {Record<ConversationDetail['state'], string>} */
  const states = {
    queued: detail.waitingSince ? `waiting for a person since ${clock(detail.waitingSince)}` : 'waiting for a person',
    agent: holdsOpen() ? 'with you' : `with ${detail.agent || 'an agent'}`,
    bot: 'with the bot',
    closed: 'closed',
  };
  $('conversation-state').textContent = `${channelName(detail.id, detail.channel)} · ${languageName(detail.language)} · ${states[detail.state] || detail.state}`;

  const contact = detail.contact || {};
  /** @type {[string, string | null | undefined][]} */
  const rows = [
    ['Name', contact.name],
    ['Phone', contact.phone],
    ['E-mail', contact.email],
    ['Messenger', contact.messenger],
    ['Address', contact.address],
    ['Channel', channelName(detail.id, detail.channel)],
    ['Language', languageName(detail.language)],
    ['Reason', detail.reason ? REASONS[detail.reason] || detail.reason : null],
    ['Conversation', detail.id],
  ];
  const items = rows.filter(([, value]) => value).flatMap(([term, value]) => [el('dt', { text: term }), el('dd', { text: value || '' })]);
  if (!contact.name && !contact.phone && !contact.email && !contact.messenger && !contact.address) items.unshift(el('dt', { text: 'Contact' }), el('dd', { className: 'muted', text: 'none given yet' }));
  $('details').replaceChildren(...items);
  const cannedLang = $('canned-lang', HTMLSelectElement);
  const lang = detail.language && state.faqLanguages.includes(detail.language) ? detail.language : cannedLang.value;
  if (lang) cannedLang.value = lang;
  renderCanned();
  renderActions();
}

/** @param {ShownLine} line */
function whoWrote(line) {
  if (line.from === 'buyer') return open?.detail?.contact?.name || 'Buyer';
  if (line.from === 'bot') return 'Bot';
  return line.agent || 'Agent';
}

/** @param {ShownLine} line */
function lineEl(line) {
  return el(
    'li',
    { className: `line from-${line.from === 'buyer' || line.from === 'bot' ? line.from : 'agent'}`, dataset: { id: line.id } },
    el('div', { className: 'line-meta' }, el('span', { className: 'line-who', text: whoWrote(line) }), ' ', timeEl(line.at)),
    el('p', { className: 'line-text', text: line.text }),
  );
}

/** @param {OpenConversation} shown */
function sortedLines(shown) {
  return [...shown.lines.values()].sort((a, b) => a.at.localeCompare(b.at));
}

/** @param {HTMLElement} list */
function nearBottom(list) {
  return list.scrollHeight - list.scrollTop - list.clientHeight < 80;
}

function renderTranscript() {
  if (!open) return;
  const list = $('transcript');
  list.replaceChildren(...sortedLines(open).map(lineEl));
  list.scrollTop = list.scrollHeight;
}

/**
 * A line from the stream, or the agent's own reply just sent: once loaded, the transcript shows it.
 * Before that it is kept, and shown when the transcript loads.
 * @param {ShownLine} line
 */
export function appendLine(line) {
  const shown = open;
  if (!shown) return;
  if (!shown.detail) {
    shown.lines.set(line.id, { id: line.id, from: line.from, text: line.text, at: line.at });
    return;
  }
  const known = shown.lines.get(line.id);
  if (known) {
    // The same line again: a repeat, or the buyer edited their message (Telegram): show the new text.
    if (known.text === line.text) return;
    known.text = line.text;
    const li = [...$('transcript').children].find((node) => node instanceof HTMLElement && node.dataset.id === line.id);
    li?.querySelector('.line-text')?.replaceChildren(line.text);
    return;
  }
  shown.lines.set(line.id, line);
  const list = $('transcript');
  const stick = nearBottom(list) || line.from === 'agent';
  const last = list.lastElementChild;
  const lastAt = last ? last.querySelector('time')?.dateTime || '' : '';
  if (lastAt <= line.at) list.append(lineEl(line));
  else list.replaceChildren(...sortedLines(shown).map(lineEl));
  if (stick) list.scrollTop = list.scrollHeight;
}

export function wireConversation() {
  $('back').addEventListener('click', () => {
    location.hash = '';
  });
  window.addEventListener('hashchange', () => void route());
}
