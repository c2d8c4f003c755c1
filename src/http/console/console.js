// Shopdesk agent console. The agent's token lives in sessionStorage (never in the URL); every call
// to /api carries it as a Bearer header, which is why the live event stream is read with fetch
// (EventSource cannot send headers). Everything buyers wrote, and every contact field, is put on
// the page with textContent or text nodes, never as HTML.
const TOKEN_KEY = 'shopdesk.console.token';
const NAME_KEY = 'shopdesk.console.name';
const API = new URL('../api/', document.baseURI);
const REFRESH_MS = 30_000; // a safety net: the stream leaves out claims by other agents
const TICK_MS = 15_000;
const STREAM_SILENCE_MS = 45_000; // the server pings every 15 s; silence this long means a dead connection
const CHANNELS = { telegram: 'Telegram', slack: 'Slack', facebook: 'Messenger', twilio: 'SMS', web: 'Web chat', line: 'LINE', whatsapp: 'WhatsApp' };
const REASONS = { human: 'asked for a person', complaint: 'complaint', unmatched: 'the bot could not answer', agent: 'taken over by an agent', away: 'asked while away' };

const $ = (id) => document.getElementById(id);

const state = {
  token: null,
  owner: false,
  /** This agent's name, as the API spells it: from GET /api/me, or learned from claims. */
  me: null,
  faq: [],
  lists: { queued: [], agent: [], bot: [] },
  /** The conversation on screen: { id, detail, lines: Map<id, line>, unavailable }. */
  open: null,
  drafts: new Map(),
  stream: null,
  timers: [],
  listsSeq: 0,
  refreshTimer: 0,
  detailTimer: 0,
  statusFormFilled: false,
};

class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

// ---------- small DOM helpers (text only) ----------

/** An element with properties (text goes through textContent) and children (strings become text nodes). */
function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null) continue;
    if (key === 'text') node.textContent = value;
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key in node) node[key] = value;
    else node.setAttribute(key, value);
  }
  node.append(...children.filter((c) => c !== undefined && c !== null && c !== false));
  return node;
}

function showError(message) {
  $('notice-text').textContent = message;
  $('notice').hidden = !message;
}

let toastTimer = 0;
function toast(message) {
  $('toast').textContent = message;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => ($('toast').textContent = ''), 5000);
}

function setLive(status, text) {
  $('live').dataset.state = status;
  $('live').textContent = text;
}

// ---------- formatting ----------

const enc = encodeURIComponent;

function channelOf(id) {
  return id.slice(0, id.indexOf(':'));
}

/** The channel as agents know it: WhatsApp through Twilio (`twilio:whatsapp:+…`) is WhatsApp, not SMS. */
function channelName(id, channel) {
  if (id.startsWith('twilio:whatsapp:')) return 'WhatsApp';
  return CHANNELS[channel] || channel;
}

function displayName(id, contact) {
  if (contact && (contact.name || contact.phone || contact.email)) return contact.name || contact.phone || contact.email;
  return `Buyer ${id.slice(channelOf(id).length + 1).slice(-8)}`;
}

function languageName(code) {
  if (!code) return 'unknown';
  try {
    const name = new Intl.DisplayNames([navigator.language || 'en'], { type: 'language' }).of(code);
    return name && name !== code ? `${name} (${code})` : code;
  } catch {
    return code;
  }
}

function clock(iso) {
  const at = new Date(iso);
  const sameDay = at.toDateString() === new Date().toDateString();
  return at.toLocaleString([], sameDay ? { hour: '2-digit', minute: '2-digit' } : { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

function since(iso) {
  const minutes = Math.max(0, Math.floor((Date.now() - new Date(iso).getTime()) / 60_000));
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return hours < 24 ? `${hours} h ${minutes % 60} min` : `${Math.floor(hours / 24)} d`;
}

function relative(node) {
  const text = since(node.dataset.since);
  return node.dataset.prefix + text + (text === 'just now' ? '' : node.dataset.suffix);
}

/** A <time>: a clock time, or "waiting 3 min" / "3 min ago" kept current by tick(). */
function timeEl(iso, { prefix = '', suffix = '', live = false } = {}) {
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
function tick() {
  for (const node of document.querySelectorAll('time[data-since]')) node.textContent = relative(node);
}

// ---------- the API ----------

async function request(method, path, body, token = state.token) {
  let res;
  try {
    res = await fetch(new URL(path, API), {
      method,
      cache: 'no-store',
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiError(0, 'The gateway cannot be reached. Check your connection and try again.');
  }
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, data.error || `${res.status} ${res.statusText}`);
  return data;
}

/** A call made while signed in: a token that stops working signs the agent out. */
async function api(method, path, body) {
  try {
    return await request(method, path, body);
  } catch (err) {
    if (err.status === 401 && state.token) signOut('Your token is no longer accepted. Sign in again.');
    throw err;
  }
}

// ---------- signing in and out ----------

async function signIn(token) {
  const faq = await request('GET', 'faq', undefined, token);
  // Who this is: GET /api/me where the gateway has it; otherwise an owner-only route answers
  // 200 to owners and 403 to agents, and the name is learned from the first claim.
  const me = await request('GET', 'me', undefined, token).catch(() => null);
  const owner = me?.role
    ? me.role === 'owner'
    : await request('GET', 'dead-letters', undefined, token).then(
        () => true,
        () => false,
      );
  state.token = token;
  state.owner = owner;
  state.faq = faq.topics || [];
  state.me = me?.name || sessionStorage.getItem(NAME_KEY);
  sessionStorage.setItem(TOKEN_KEY, token);
  startApp();
}

function signInMessage(err) {
  if (err.status === 401) return 'This token was not accepted. Check it and try again.';
  return err.message;
}

function showSignIn(message = '') {
  $('app').hidden = true;
  $('sign-in').hidden = false;
  $('sign-in-error').textContent = message;
  $('token').value = '';
  $('token').focus();
  document.title = 'Shopdesk console';
}

function signOut(message = '') {
  state.stream?.abort();
  state.stream = null;
  for (const timer of state.timers) clearInterval(timer);
  state.timers = [];
  clearTimeout(state.refreshTimer);
  clearTimeout(state.detailTimer);
  state.listsSeq++; // answers still on their way belong to the old session
  Object.assign(state, { token: null, owner: false, me: null, faq: [], open: null, lists: { queued: [], agent: [], bot: [] }, statusFormFilled: false });
  state.drafts.clear();
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(NAME_KEY);
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
  showError('');
  showSignIn(message);
}

function setMe(name) {
  if (!name || state.me === name) return;
  state.me = name;
  sessionStorage.setItem(NAME_KEY, name);
  renderWho();
}

function renderWho() {
  $('who').textContent = `${state.me ? `${state.me} · ` : ''}${state.owner ? 'owner' : 'agent'}`;
}

function startApp() {
  $('sign-in').hidden = true;
  $('app').hidden = false;
  $('token').value = '';
  renderWho();
  $('owner-status').hidden = !state.owner;
  $('others-panel').hidden = !state.owner;
  buildCannedLanguages();
  renderLists();
  void refreshLists().catch(() => {});
  void refreshShopStatus().catch(() => {});
  void refreshChannels().catch(() => {});
  state.stream = new AbortController();
  void runStream(state.stream.signal);
  state.timers.push(setInterval(tick, TICK_MS));
  state.timers.push(
    setInterval(() => {
      void refreshLists().catch(() => {});
      void refreshShopStatus().catch(() => {});
      void refreshChannels().catch(() => {});
    }, REFRESH_MS),
  );
  void route();
}

/** A channel that cannot deliver at all (e.g. Slack's app token revoked): replies wait until an operator fixes it. */
async function refreshChannels() {
  const { down } = await api('GET', 'channels');
  const lines = Object.entries(down || {}).map(([channel, reason]) => `${CHANNELS[channel] || channel} is down: ${reason}`);
  $('channels-down').textContent = lines.join(' · ');
  $('channels-down').hidden = lines.length === 0;
}

// ---------- lists ----------

async function refreshLists() {
  const seq = ++state.listsSeq;
  const [queued, agent, bot] = await Promise.all([api('GET', 'conversations?state=queued'), api('GET', 'conversations?state=agent'), api('GET', 'conversations?state=bot&limit=20')]);
  if (seq !== state.listsSeq || !state.token) return; // a newer refresh is on its way
  state.lists = { queued: queued.conversations, agent: agent.conversations, bot: bot.conversations };
  // Agents are only shown the conversations they hold themselves: any holder's name is theirs.
  if (!state.owner && agent.conversations[0]?.agent) setMe(agent.conversations[0].agent);
  renderLists();
}

/** Many events arrive together (a message, the bot's reply, a handoff): refresh once for all of them. */
function scheduleRefresh() {
  clearTimeout(state.refreshTimer);
  state.refreshTimer = setTimeout(() => void refreshLists().catch(() => {}), 250);
}

function isMine(row) {
  return !state.owner || (state.me !== null && row.agent === state.me);
}

function renderLists() {
  const { queued, agent, bot } = state.lists;
  const waiting = [...queued].sort((a, b) => (a.waitingSince || '').localeCompare(b.waitingSince || ''));
  const byLatest = (a, b) => (b.lastMessage?.at || '').localeCompare(a.lastMessage?.at || '');
  fill('queued', waiting, 'queued');
  fill('mine', agent.filter(isMine).sort(byLatest), 'mine');
  fill('others', agent.filter((row) => !isMine(row)).sort(byLatest), 'others');
  fill('bot', bot, 'bot');
  document.title = waiting.length ? `(${waiting.length}) Shopdesk console` : 'Shopdesk console';
}

function fill(name, rows, kind) {
  $(`list-${name}`).replaceChildren(...rows.map((row) => listItem(row, kind)));
  $(`count-${name}`).textContent = String(rows.length);
  $(`empty-${name}`).hidden = rows.length > 0;
}

function listItem(row, kind) {
  const link = el('a', { className: 'conversation-item', href: `#/c/${enc(row.id)}` });
  if (state.open?.id === row.id) link.setAttribute('aria-current', 'page');
  const meta = el('span', { className: 'item-meta' });
  const ago = () => timeEl(row.lastMessage.at, { live: true, suffix: ' ago' });
  if (kind === 'queued' && row.waitingSince) meta.append(timeEl(row.waitingSince, { live: true, prefix: 'waiting ' }), row.reason ? ` · ${REASONS[row.reason] || row.reason}` : '');
  else if (kind === 'others') meta.append(`with ${row.agent || 'an agent'}`, ...(row.lastMessage ? [' · ', ago()] : []));
  else if (row.lastMessage) meta.append(ago());
  link.append(
    el('span', { className: 'item-top' }, el('span', { className: 'item-name', text: displayName(row.id, row.contact) }), el('span', { className: 'channel', dataset: { channel: row.channel }, text: channelName(row.id, row.channel) })),
    el('span', { className: 'item-preview', text: row.lastMessage ? `${row.lastMessage.from === 'buyer' ? '' : `${row.lastMessage.from}: `}${row.lastMessage.text}` : 'no messages yet' }),
    meta,
  );
  return el('li', { dataset: { id: row.id } }, link);
}

function allRows() {
  return [...state.lists.queued, ...state.lists.agent, ...state.lists.bot];
}

/** Move a conversation between lists at once; the refresh that follows fills in the rest. */
function applyHandoff(event) {
  const previous = allRows().find((row) => row.id === event.conversationId);
  const base = { id: event.conversationId, channel: channelOf(event.conversationId), contact: previous?.contact || {}, ...(previous?.lastMessage ? { lastMessage: previous.lastMessage } : {}) };
  const { queued, agent, bot } = state.lists;
  const without = (rows) => rows.filter((row) => row.id !== event.conversationId);
  state.lists = { queued: without(queued), agent: without(agent), bot: without(bot) };
  if (event.state === 'queued') state.lists.queued.push({ ...base, state: 'queued', waitingSince: event.at, ...(event.reason ? { reason: event.reason } : {}) });
  if (event.state === 'agent') state.lists.agent.push({ ...base, state: 'agent', agent: event.agent });
  if (event.state === 'bot') state.lists.bot.unshift({ ...base, state: 'bot' });
  renderLists();
}

function noteMessage(event) {
  let known = false;
  for (const row of allRows()) {
    if (row.id !== event.conversationId) continue;
    row.lastMessage = { from: event.from, text: event.text, at: event.at };
    known = true;
  }
  if (known) renderLists();
  else scheduleRefresh(); // a conversation we do not list yet
}

// ---------- the live stream ----------

function sleep(ms, signal) {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}

/** Read /api/events for as long as the agent is signed in, reconnecting with backoff when it drops. */
async function runStream(signal) {
  let delayMs = 1000;
  let connectedBefore = false;
  while (!signal.aborted) {
    const connection = new AbortController();
    const stop = () => connection.abort();
    signal.addEventListener('abort', stop, { once: true });
    let watchdog = 0;
    const alive = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(stop, STREAM_SILENCE_MS);
    };
    try {
      setLive('connecting', connectedBefore ? 'reconnecting…' : 'connecting…');
      const res = await fetch(new URL('events', API), { headers: { authorization: `Bearer ${state.token}`, accept: 'text/event-stream' }, cache: 'no-store', signal: connection.signal });
      if (res.status === 401) {
        signOut('Your token is no longer accepted. Sign in again.');
        return;
      }
      if (!res.ok || !res.body) throw new Error(`event stream refused: ${res.status}`);
      alive();
      setLive('live', 'live');
      delayMs = 1000;
      // Whatever happened while we were not listening: fetch it once now.
      if (connectedBefore) {
        scheduleRefresh();
        scheduleDetailReload();
      }
      connectedBefore = true;
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        alive();
        buffer += value;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          dispatch(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    } catch {
      // dropped, refused or silent too long: retried below
    } finally {
      clearTimeout(watchdog);
      signal.removeEventListener('abort', stop);
    }
    if (signal.aborted) return;
    setLive('offline', 'reconnecting…');
    await sleep(delayMs * (0.75 + Math.random() * 0.5), signal);
    delayMs = Math.min(delayMs * 2, 30_000);
  }
}

/** One server-sent event block: `event:` and `data:` lines; lines starting with ":" are pings. */
function dispatch(block) {
  let type = 'message';
  const data = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) type = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
  }
  if (!data.length) return;
  let event;
  try {
    event = JSON.parse(data.join('\n'));
  } catch {
    return;
  }
  if (type === 'message' && event.type === 'message') onMessage(event);
  if (type === 'handoff' && event.type === 'handoff') onHandoff(event);
}

function onMessage(event) {
  noteMessage(event);
  if (state.open?.id !== event.conversationId) return;
  if (state.open.detail) appendLine(event);
  else state.open.lines.set(event.id, { id: event.id, from: event.from, text: event.text, at: event.at }); // shown once the transcript loads
}

function onHandoff(event) {
  // Agents receive claims of their own conversations only, so a claim they see is theirs.
  if (event.state === 'agent' && event.agent && !state.owner) setMe(event.agent);
  applyHandoff(event);
  scheduleRefresh();
  if (state.open?.id === event.conversationId) scheduleDetailReload();
}

// ---------- one conversation ----------

function currentId() {
  const match = /^#\/c\/(.+)$/.exec(location.hash);
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return null;
  }
}

async function route() {
  if (!state.token) return;
  const id = currentId();
  if (!id) return closeView();
  if (state.open?.id === id) return;
  await openConversation(id);
}

function closeView() {
  saveDraft();
  state.open = null;
  document.body.dataset.view = 'lists';
  $('conversation-view').hidden = true;
  $('conversation-empty').hidden = false;
  renderLists();
}

function saveDraft() {
  if (!state.open) return;
  const text = $('reply-text').value;
  if (text) state.drafts.set(state.open.id, text);
  else state.drafts.delete(state.open.id);
}

async function openConversation(id) {
  saveDraft();
  showError('');
  state.open = { id, detail: null, lines: new Map(), unavailable: null };
  document.body.dataset.view = 'conversation';
  $('conversation-empty').hidden = true;
  $('conversation-view').hidden = false;
  $('conversation-title').textContent = displayName(id, allRows().find((row) => row.id === id)?.contact);
  $('conversation-state').textContent = 'loading…';
  $('transcript').replaceChildren();
  $('details').replaceChildren();
  $('reply-text').value = state.drafts.get(id) || '';
  fitReply();
  $('canned').open = false;
  renderActions();
  renderLists();
  await loadDetail();
  if (state.open?.id === id) $('conversation-title').focus();
}

function scheduleDetailReload() {
  if (!state.open) return;
  clearTimeout(state.detailTimer);
  state.detailTimer = setTimeout(() => void loadDetail(), 200);
}

async function loadDetail() {
  const open = state.open;
  if (!open) return;
  let detail;
  try {
    detail = await api('GET', `conversations/${enc(open.id)}`);
  } catch (err) {
    if (state.open !== open) return;
    open.detail = null;
    open.unavailable = err.status === 0 ? err.message : `This conversation cannot be shown: ${err.message}.`;
    renderConversation();
    return;
  }
  if (state.open !== open) return; // the agent opened another one meanwhile
  open.unavailable = null;
  open.detail = detail;
  if (detail.state === 'agent' && detail.agent && !state.owner) setMe(detail.agent);
  for (const line of detail.transcript) open.lines.set(line.id, { ...open.lines.get(line.id), ...line });
  renderConversation();
  renderTranscript();
}

function holdsOpen() {
  const detail = state.open?.detail;
  if (!detail || detail.state !== 'agent') return false;
  // An agent can only load conversations held by themselves; an owner must be the holder.
  return !state.owner || detail.agent === state.me;
}

function renderConversation() {
  const open = state.open;
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
  const stateText = {
    queued: detail.waitingSince ? `waiting for a person since ${clock(detail.waitingSince)}` : 'waiting for a person',
    agent: holdsOpen() ? 'with you' : `with ${detail.agent || 'an agent'}`,
    bot: 'with the bot',
    closed: 'closed',
  }[detail.state];
  $('conversation-state').textContent = `${channelName(detail.id, detail.channel)} · ${languageName(detail.language)} · ${stateText || detail.state}`;

  const contact = detail.contact || {};
  const rows = [
    ['Name', contact.name],
    ['Phone', contact.phone],
    ['E-mail', contact.email],
    ['Address', contact.address],
    ['Channel', channelName(detail.id, detail.channel)],
    ['Language', languageName(detail.language)],
    ['Reason', detail.reason ? REASONS[detail.reason] || detail.reason : null],
    ['Conversation', detail.id],
  ].filter(([, value]) => value);
  const items = rows.flatMap(([term, value]) => [el('dt', { text: term }), el('dd', { text: value })]);
  if (!contact.name && !contact.phone && !contact.email && !contact.address) items.unshift(el('dt', { text: 'Contact' }), el('dd', { className: 'muted', text: 'none given yet' }));
  $('details').replaceChildren(...items);
  const lang = detail.language && state.faqLanguages?.includes(detail.language) ? detail.language : $('canned-lang').value;
  if (lang) $('canned-lang').value = lang;
  renderCanned();
  renderActions();
}

function renderActions() {
  const detail = state.open?.detail;
  const s = detail?.state;
  const mine = holdsOpen();
  $('claim').hidden = !detail || s === 'agent';
  $('claim').textContent = s === 'queued' ? 'Claim' : 'Take over';
  $('ask-contact').hidden = !mine;
  $('release').hidden = !detail || !(s === 'queued' || (s === 'agent' && (mine || state.owner)));
  $('close').hidden = !detail || !(s === 'queued' || (s === 'agent' && (mine || state.owner)));
  $('reply-form').hidden = !mine;
  fitReply();
  $('reply-hint').textContent = !detail ? '' : mine ? '' : s === 'agent' ? `${detail.agent || 'Another agent'} holds this conversation.` : 'Claim the conversation to reply.';
}

function whoWrote(line) {
  if (line.from === 'buyer') return state.open?.detail?.contact?.name || 'Buyer';
  if (line.from === 'bot') return 'Bot';
  return line.agent || 'Agent';
}

function lineEl(line) {
  return el(
    'li',
    { className: `line from-${line.from === 'buyer' || line.from === 'bot' ? line.from : 'agent'}`, dataset: { id: line.id } },
    el('div', { className: 'line-meta' }, el('span', { className: 'line-who', text: whoWrote(line) }), ' ', timeEl(line.at)),
    el('p', { className: 'line-text', text: line.text }),
  );
}

function sortedLines() {
  return [...state.open.lines.values()].sort((a, b) => a.at.localeCompare(b.at));
}

function nearBottom(list) {
  return list.scrollHeight - list.scrollTop - list.clientHeight < 80;
}

function renderTranscript() {
  const list = $('transcript');
  list.replaceChildren(...sortedLines().map(lineEl));
  list.scrollTop = list.scrollHeight;
}

function appendLine(event) {
  const open = state.open;
  const line = { id: event.id, from: event.from, text: event.text, at: event.at, ...(event.agent ? { agent: event.agent } : {}) };
  const known = open.lines.get(line.id);
  if (known) {
    // The same line again: a repeat, or the buyer edited their message (Telegram): show the new text.
    if (known.text === line.text) return;
    known.text = line.text;
    const shown = [...$('transcript').children].find((li) => li.dataset.id === line.id);
    shown?.querySelector('.line-text')?.replaceChildren(line.text);
    return;
  }
  open.lines.set(line.id, line);
  const list = $('transcript');
  const stick = nearBottom(list) || line.from === 'agent';
  const last = list.lastElementChild;
  const lastAt = last ? last.querySelector('time')?.dateTime || '' : '';
  if (lastAt <= line.at) list.append(lineEl(line));
  else list.replaceChildren(...sortedLines().map(lineEl));
  if (stick) list.scrollTop = list.scrollHeight;
}

// ---------- actions ----------

async function act(button, work) {
  showError('');
  button.disabled = true;
  try {
    await work();
  } catch (err) {
    if (err.status !== 401) showError(err.message);
  } finally {
    button.disabled = false;
  }
}

function conversationAction(name, done) {
  return () => {
    const open = state.open;
    if (!open) return;
    return act($(name), async () => {
      try {
        const result = await api('POST', `conversations/${enc(open.id)}/${name}`);
        await done?.(result);
      } finally {
        scheduleRefresh();
        if (state.open === open) await loadDetail();
      }
    });
  };
}

const claim = conversationAction('claim', (result) => {
  setMe(result.agent);
  toast('You hold this conversation now.');
  setTimeout(() => $('reply-text').focus(), 0);
});
const release = conversationAction('release', () => toast('Handed back to the bot. The buyer was told.'));
const close = conversationAction('close', () => toast('Conversation closed.'));
const askContact = conversationAction('ask-contact', () => toast('The bot will ask the buyer for a phone number or e-mail.'));

async function sendReply() {
  const open = state.open;
  const input = $('reply-text');
  const text = input.value.trim();
  if (!open || !text) return;
  await act($('send'), async () => {
    const result = await api('POST', `conversations/${enc(open.id)}/messages`, { text });
    if (state.open === open) {
      input.value = '';
      fitReply();
      state.drafts.delete(open.id);
      // The stream brings the same line (same id); show it now in case the stream is down.
      appendLine({ id: result.id, from: 'agent', text, at: new Date().toISOString(), ...(state.me ? { agent: state.me } : {}) });
    }
  });
  input.focus();
}

// ---------- canned answers ----------

function buildCannedLanguages() {
  const languages = [...new Set(state.faq.flatMap((topic) => Object.keys(topic.answer || {})))];
  state.faqLanguages = languages;
  $('canned-lang').replaceChildren(...languages.map((code) => el('option', { value: code, text: languageName(code) })));
  $('canned').hidden = state.faq.length === 0;
}

function topicLabel(id) {
  const words = id.replace(/[-_]+/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function renderCanned() {
  const lang = $('canned-lang').value;
  const filter = $('canned-filter').value.trim().toLowerCase();
  const items = state.faq
    .map((topic) => ({ topic, text: topic.answer[lang] || Object.values(topic.answer)[0] || '' }))
    .filter(({ topic, text }) => !filter || topic.id.toLowerCase().includes(filter) || text.toLowerCase().includes(filter))
    .map(({ topic, text }) => {
      const button = el('button', { type: 'button', className: 'canned-item' }, el('strong', { text: topicLabel(topic.id) }), el('span', { text }));
      button.addEventListener('click', () => useCanned(text));
      return el('li', {}, button);
    });
  $('canned-list').replaceChildren(...(items.length ? items : [el('li', { className: 'muted', text: 'No answer matches.' })]));
}

/** Grow the reply box with what is in it (up to the limit the stylesheet sets). */
function fitReply() {
  const input = $('reply-text');
  input.style.height = '';
  if (input.offsetParent === null || !input.value) return; // hidden or empty: the stylesheet's height
  input.style.height = `${input.scrollHeight + 2}px`;
}

function useCanned(text) {
  const input = $('reply-text');
  input.value = input.value.trim() ? `${input.value.trimEnd()}\n${text}` : text;
  fitReply();
  $('canned').open = false;
  input.focus();
  input.setSelectionRange(input.value.length, input.value.length);
}

// ---------- the shop's status ----------

async function refreshShopStatus() {
  renderShopStatus(await api('GET', 'shop/status'));
}

function renderShopStatus(status) {
  const pill = $('shop-status-pill');
  pill.dataset.mode = status.mode;
  pill.textContent = `Shop ${status.mode}`;
  const parts = [`${status.mode}`];
  if (status.source === 'owner') parts.push(`set by ${status.setByOwner?.setBy || 'an owner'}`);
  else if (status.source === 'hours') parts.push('from business hours');
  if (status.until) parts.push(`until ${clock(status.until)}`);
  const line = parts.join(' · ');
  pill.title = status.message ? `${line}: “${status.message}”` : line;
  const now = $('status-now');
  now.replaceChildren(el('strong', { text: `Now: ${line}` }), ...(status.message ? [el('br'), el('span', { className: 'status-message', text: `“${status.message}”` })] : []));
  if (!state.statusFormFilled) {
    state.statusFormFilled = true;
    const own = status.setByOwner;
    const mode = own?.mode || 'online';
    for (const radio of document.querySelectorAll('#status-form input[name="mode"]')) radio.checked = radio.value === mode;
    $('status-message').value = own?.message || '';
  }
}

async function submitStatus(event) {
  event.preventDefault();
  $('status-error').textContent = '';
  const form = $('status-form');
  const mode = new FormData(form).get('mode');
  const message = $('status-message').value.trim();
  const until = $('status-until').value.trim();
  const button = form.querySelector('button[type="submit"]');
  button.disabled = true;
  try {
    renderShopStatus(await api('PUT', 'shop/status', { mode, ...(message ? { message } : {}), ...(until ? { until } : {}) }));
    $('status-until').value = '';
    toast(`The shop is ${mode} now.`);
  } catch (err) {
    if (err.status !== 401) $('status-error').textContent = err.message;
  } finally {
    button.disabled = false;
  }
}

async function clearStatus() {
  $('status-error').textContent = '';
  const button = $('status-clear');
  button.disabled = true;
  try {
    const status = await api('DELETE', 'shop/status');
    renderShopStatus(status);
    $('status-message').value = '';
    $('status-until').value = '';
    toast(`Business hours decide again: the shop is ${status.mode}.`);
  } catch (err) {
    if (err.status !== 401) $('status-error').textContent = err.message;
  } finally {
    button.disabled = false;
  }
}

// ---------- wiring ----------

$('sign-in-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const token = $('token').value.trim();
  const error = $('sign-in-error');
  if (!token) {
    error.textContent = 'Enter your agent token.';
    return;
  }
  const button = event.submitter || $('sign-in-form').querySelector('button');
  button.disabled = true;
  error.textContent = '';
  try {
    await signIn(token);
  } catch (err) {
    error.textContent = signInMessage(err);
    $('token').select();
  } finally {
    button.disabled = false;
  }
});
$('sign-out').addEventListener('click', () => signOut('You are signed out.'));
$('notice-dismiss').addEventListener('click', () => showError(''));
$('claim').addEventListener('click', () => void claim());
$('release').addEventListener('click', () => void release());
$('close').addEventListener('click', () => void close());
$('ask-contact').addEventListener('click', () => void askContact());
$('back').addEventListener('click', () => {
  location.hash = '';
});
$('reply-form').addEventListener('submit', (event) => {
  event.preventDefault();
  void sendReply();
});
$('reply-text').addEventListener('keydown', (event) => {
  // Enter sends; Shift+Enter is a new line; never while an input method is composing (Chinese, Japanese…).
  if (event.key !== 'Enter' || event.shiftKey || event.altKey || event.ctrlKey || event.metaKey || event.isComposing || event.keyCode === 229) return;
  event.preventDefault();
  void sendReply();
});
$('reply-text').addEventListener('input', fitReply);
$('canned').addEventListener('toggle', () => {
  if ($('canned').open) {
    renderCanned();
    $('canned-filter').focus();
  }
});
$('canned').addEventListener('keydown', (event) => {
  if (event.key !== 'Escape') return;
  $('canned').open = false;
  $('canned').querySelector('summary').focus();
});
$('canned-filter').addEventListener('input', renderCanned);
$('canned-lang').addEventListener('change', renderCanned);
$('status-form').addEventListener('submit', (event) => void submitStatus(event));
$('status-clear').addEventListener('click', () => void clearStatus());
window.addEventListener('hashchange', () => void route());

const saved = sessionStorage.getItem(TOKEN_KEY);
if (saved) {
  signIn(saved).catch((err) => {
    // Only a refused token is forgotten; an unreachable gateway is retried by the next reload.
    if (err.status === 401) sessionStorage.removeItem(TOKEN_KEY);
    showSignIn(err.status === 401 ? 'Your token is no longer accepted. Sign in again.' : signInMessage(err));
  });
} else {
  showSignIn();
}
