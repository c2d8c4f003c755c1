// @ts-check
// The buyer's orders and what agents promised them, beside the transcript: status, items, courier
// and tracking, the follow-ups still to send and what was sent; promises recorded here and marked
// kept or dropped. Order fields come from the shop's systems and are shown as text; only an http(s)
// tracking address becomes a link.
import { addPromise, changePromise, errorMessage, errorStatus, getOrders } from './api.js';
import { current } from './conversation.js';
import { $, el, toast } from './dom.js';
import { timeEl } from './format.js';

/** @typedef {import('../../api-types.js').BuyerOrder} BuyerOrder */
/** @typedef {import('../../api-types.js').BuyerOrdersAnswer} BuyerOrdersAnswer */
/** @typedef {import('../../api-types.js').OrderPromise} OrderPromise */
/** @typedef {import('../../api-types.js').OrderView['status']} OrderStatus */

/** @type {Record<OrderStatus, string>} */
const STATUS = { created: 'placed', paid: 'paid', shipped: 'shipped', delivered: 'delivered', cancelled: 'cancelled', refunded: 'refunded' };
/** What the gateway sends about an order, by the kind its notices and follow-ups carry. @type {Record<string, string>} */
const KINDS = { paid: 'Address check', shipped: 'Tracking message', followUp: 'Follow-up', usageFollowUp: 'Usage follow-up' };
/** @type {Record<string, string>} */
const OUTCOMES = { sent: 'sent', template: 'sent as template', skipped: 'skipped', cancelled: 'cancelled', scheduled: 'scheduled' };
const NOTICES_SHOWN = 4;

/** Bumped by every load and by leaving the conversation: an answer for an older one is dropped. */
let seq = 0;

/** Leave the panel empty and hidden (another conversation is opening, or this one cannot be shown). */
export function clearOrders() {
  seq++;
  $('orders-panel').hidden = true;
  $('orders-list').replaceChildren();
  $('promises-list').replaceChildren();
  $('orders-error').textContent = '';
}

/** Load and show the orders and promises of this conversation's buyer. @param {string} id */
export async function loadOrders(id) {
  const mine = ++seq;
  let answer;
  try {
    answer = await getOrders(id);
  } catch (err) {
    if (mine !== seq || current()?.id !== id || errorStatus(err) === 401) return;
    $('orders-panel').hidden = false;
    $('orders-error').textContent = `Orders cannot be shown: ${errorMessage(err)}`;
    return;
  }
  if (mine !== seq || current()?.id !== id) return;
  renderOrders(answer);
}

/** @param {BuyerOrdersAnswer} answer */
function renderOrders(answer) {
  $('orders-panel').hidden = false;
  $('orders-error').textContent = '';
  $('orders-list').replaceChildren(...answer.orders.map(orderEl));
  $('orders-empty').hidden = answer.orders.length > 0;
  // Open promises first: they are what the agent has to act on when the buyer comes back.
  const open = answer.promises.filter((p) => p.status === 'open');
  const closed = answer.promises.filter((p) => p.status !== 'open');
  $('promises-list').replaceChildren(...open.map(promiseEl), ...closed.map(promiseEl));
  $('promises-count').textContent = String(open.length);
  $('promises-empty').hidden = answer.promises.length > 0;
}

/** @param {string | undefined} url */
function safeLink(url) {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** @param {BuyerOrder} order */
function orderEl(order) {
  const items = order.items.map((item) => `${item.quantity} × ${item.name}`).join(', ');
  const total = order.total ? `${order.total}${order.currency ? ` ${order.currency}` : ''}` : '';
  const tracking = [order.courier, order.trackingNumber].filter(Boolean).join(' · ');
  const link = safeLink(order.trackingUrl);
  const notices = order.notices.filter((n) => n.outcome !== 'scheduled').slice(0, NOTICES_SHOWN);
  const history = [
    ...order.followUps.map((job) => el('li', { className: 'order-due' }, `${KINDS[job.kind] || job.kind} due `, timeEl(job.dueAt))),
    ...notices.map((n) => el('li', {}, `${KINDS[n.kind] || n.kind} ${OUTCOMES[n.outcome] || n.outcome}${n.reason ? ` (${n.reason})` : ''} `, timeEl(n.at))),
  ];
  return el(
    'li',
    { className: 'order', dataset: { order: order.orderId } },
    el('div', { className: 'order-top' }, el('strong', { className: 'order-number', text: order.orderNumber }), el('span', { className: 'order-status', dataset: { status: order.status }, text: STATUS[order.status] || order.status })),
    items || total ? el('p', { className: 'order-items', text: [items, total].filter(Boolean).join(' · ') }) : null,
    tracking || link ? el('p', { className: 'order-tracking' }, tracking, tracking && link ? ' · ' : '', link ? el('a', { href: link, target: '_blank', rel: 'noopener noreferrer', text: 'track' }) : null) : null,
    history.length ? el('ul', { className: 'order-history' }, ...history) : null,
  );
}

/** @param {OrderPromise} promise */
function promiseEl(promise) {
  const node = el(
    'li',
    { className: 'promise', dataset: { id: promise.id, status: promise.status } },
    el('p', { className: 'promise-text', text: promise.text }),
    el('p', { className: 'promise-meta muted' }, `by ${promise.by}, `, timeEl(promise.createdAt), promise.status === 'open' ? '' : ` · ${promise.status}${promise.closedBy ? ` by ${promise.closedBy}` : ''}`),
  );
  if (promise.status === 'open') {
    const kept = el('button', { type: 'button', text: 'Kept' });
    const dropped = el('button', { type: 'button', text: 'Dropped' });
    kept.addEventListener('click', () => void settle(promise, 'kept', kept));
    dropped.addEventListener('click', () => void settle(promise, 'dropped', dropped));
    node.append(el('div', { className: 'row promise-actions' }, kept, dropped));
  }
  return node;
}

/**
 * @param {OrderPromise} promise
 * @param {'kept' | 'dropped'} status
 * @param {HTMLButtonElement} button
 */
async function settle(promise, status, button) {
  const id = current()?.id;
  if (!id) return;
  await work(button, async () => {
    await changePromise(id, promise.id, status);
    toast(status === 'kept' ? 'Promise marked as kept.' : 'Promise dropped.');
  });
  await loadOrders(id);
}

/** Run one change with its button disabled; a refusal is shown in the panel (a refused token signs out instead). @param {HTMLButtonElement} button @param {() => Promise<void>} change */
async function work(button, change) {
  $('orders-error').textContent = '';
  button.disabled = true;
  try {
    await change();
  } catch (err) {
    if (errorStatus(err) !== 401) $('orders-error').textContent = errorMessage(err);
  } finally {
    button.disabled = false;
  }
}

export function wireOrders() {
  const form = $('promise-form', HTMLFormElement);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const id = current()?.id;
    const input = $('promise-text', HTMLInputElement);
    const text = input.value.trim();
    if (!id || !text) return;
    await work($('promise-add', HTMLButtonElement), async () => {
      await addPromise(id, text);
      if (current()?.id === id) input.value = '';
      toast('Promise recorded. It is shown here whenever this buyer comes back.');
    });
    await loadOrders(id);
  });
}
