// Shopdesk web chat: a signed visitor token (kept in localStorage), one WebSocket, and
// messages resent after a reconnect until the server acknowledges it recorded them.
const TOKEN_KEY = 'shopdesk.token';
const PENDING_KEY = 'shopdesk.pending';
const ORDER_KEY = 'shopdesk.order';
// A shop's order link (`/?order=<token>`, signed by the gateway) attaches that order to this chat,
// as Telegram's `/start <token>` does: sent once per token, and never shown as the buyer's words.
const ORDER_LINK = /^o_[A-Za-z0-9_-]{1,120}$/;
const isOrderLink = (text) => typeof text === 'string' && /^\/start o_/.test(text);
const list = document.getElementById('messages');
const quick = document.getElementById('quick-replies');
const statusEl = document.getElementById('status');
const form = document.getElementById('composer');
const input = document.getElementById('text');

const shown = new Map(); // message id -> <li>
const pending = new Map(JSON.parse(localStorage.getItem(PENDING_KEY) || '[]')); // id -> frame
let socket;
let retryMs = 500;

function savePending() {
  localStorage.setItem(PENDING_KEY, JSON.stringify([...pending]));
}

function setStatus(state, text) {
  statusEl.dataset.state = state;
  statusEl.textContent = text;
}

// Buyer and bot text is always set as text, never as HTML.
function show({ id, from, text, quickReplies }, isPending = false) {
  let li = shown.get(id);
  if (!li) {
    li = document.createElement('li');
    li.dataset.id = id;
    list.append(li);
    shown.set(id, li);
  }
  li.className = `message ${from}${isPending ? ' pending' : ''}`;
  li.textContent = text;
  if (from !== 'buyer') showQuickReplies(quickReplies || []);
  list.scrollTop = list.scrollHeight;
}

function showQuickReplies(buttons) {
  quick.replaceChildren(
    ...buttons.map((b) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = b.label;
      button.addEventListener('click', () => send({ type: 'postback', payload: b.payload, text: b.label }));
      return button;
    }),
  );
}

function newId() {
  return crypto.randomUUID().replaceAll('-', '');
}

function send(partial) {
  const frame = { ...partial, id: newId(), language: navigator.language };
  pending.set(frame.id, frame);
  savePending();
  if (!isOrderLink(frame.text)) show({ id: `buyer:${frame.id}`, from: 'buyer', text: frame.text || frame.payload }, true);
  quick.replaceChildren();
  if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
}

async function token() {
  const res = await fetch('webhooks/web/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(localStorage.getItem(TOKEN_KEY) ? { token: localStorage.getItem(TOKEN_KEY) } : {}),
  });
  if (!res.ok) throw new Error(`session refused: ${res.status}`);
  const body = await res.json();
  localStorage.setItem(TOKEN_KEY, body.token);
  return body;
}

async function connect() {
  setStatus('connecting', 'connecting…');
  let session;
  try {
    session = await token();
  } catch {
    return reconnectLater();
  }
  const url = new URL(`webhooks/web/socket?token=${encodeURIComponent(session.token)}`, location.href);
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  socket = new WebSocket(url);
  socket.addEventListener('open', () => {
    retryMs = 500;
    setStatus('online', 'online');
    for (const frame of pending.values()) socket.send(JSON.stringify(frame));
  });
  socket.addEventListener('message', (event) => {
    const frame = JSON.parse(event.data);
    if (frame.type === 'history') {
      for (const m of frame.messages) {
        if (m.from === 'buyer' && isOrderLink(m.text)) continue;
        // The server's id for a buyer message is `<visitor>:<page id>`; the page shows `buyer:<page id>`.
        const id = m.from === 'buyer' ? `buyer:${m.id.split(':').pop()}` : m.id;
        show({ ...m, id });
      }
      for (const [id, f] of pending) if (!isOrderLink(f.text)) show({ id: `buyer:${id}`, from: 'buyer', text: f.text || f.payload }, true);
    } else if (frame.type === 'message') {
      show(frame);
    } else if (frame.type === 'ack') {
      const f = pending.get(frame.id);
      pending.delete(frame.id);
      savePending();
      if (f && !isOrderLink(f.text)) show({ id: `buyer:${frame.id}`, from: 'buyer', text: f.text || f.payload });
    } else if (frame.type === 'error') {
      console.warn('chat:', frame.reason);
    }
  });
  socket.addEventListener('close', reconnectLater);
}

function reconnectLater() {
  setStatus('offline', 'reconnecting…');
  setTimeout(connect, retryMs);
  retryMs = Math.min(retryMs * 2, 10_000);
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = input.value.trim();
  if (!text) return;
  input.value = '';
  send({ type: 'message', text });
});

function sendOrderLink() {
  const token = new URLSearchParams(location.search).get('order');
  if (!token || !ORDER_LINK.test(token) || localStorage.getItem(ORDER_KEY) === token) return;
  localStorage.setItem(ORDER_KEY, token);
  send({ type: 'message', text: `/start ${token}` }); // kept pending (and resent) until recorded
}

sendOrderLink();
connect();
