// @ts-check
// The shop's status as buyers see it (online, busy, away; set by an owner or from business hours),
// and channels that cannot deliver at all.
import { deleteShopStatus, errorMessage, errorStatus, getChannels, getShopStatus, putShopStatus } from './api.js';
import { $, el, toast } from './dom.js';
import { channelLabel, clock } from './format.js';

/** @typedef {import('../../api-types.js').ShopStatusView} ShopStatusView */
/** @typedef {import('../../api-types.js').ShopStatusBody} ShopStatusBody */

/** The owner's form is filled from the server once per session, then left to the owner. */
let statusFormFilled = false;

export function resetStatus() {
  statusFormFilled = false;
}

export async function refreshShopStatus() {
  renderShopStatus(await getShopStatus());
}

/** @param {ShopStatusView} status */
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
  if (!statusFormFilled) {
    statusFormFilled = true;
    const own = status.setByOwner;
    const mode = own?.mode || 'online';
    for (const radio of document.querySelectorAll('#status-form input[name="mode"]')) {
      if (radio instanceof HTMLInputElement) radio.checked = radio.value === mode;
    }
    $('status-message', HTMLInputElement).value = own?.message || '';
  }
}

/** @param {SubmitEvent} event */
async function submitStatus(event) {
  event.preventDefault();
  $('status-error').textContent = '';
  const form = $('status-form', HTMLFormElement);
  const mode = /** @type {ShopStatusBody['mode']} */ (new FormData(form).get('mode'));
  const message = $('status-message', HTMLInputElement).value.trim();
  const until = $('status-until', HTMLInputElement).value.trim();
  const button = /** @type {HTMLButtonElement} */ (form.querySelector('button[type="submit"]'));
  button.disabled = true;
  try {
    renderShopStatus(await putShopStatus({ mode, ...(message ? { message } : {}), ...(until ? { until } : {}) }));
    $('status-until', HTMLInputElement).value = '';
    toast(`The shop is ${mode} now.`);
  } catch (err) {
    if (errorStatus(err) !== 401) $('status-error').textContent = errorMessage(err);
  } finally {
    button.disabled = false;
  }
}

async function clearStatus() {
  $('status-error').textContent = '';
  const button = $('status-clear', HTMLButtonElement);
  button.disabled = true;
  try {
    const status = await deleteShopStatus();
    renderShopStatus(status);
    $('status-message', HTMLInputElement).value = '';
    $('status-until', HTMLInputElement).value = '';
    toast(`Business hours decide again: the shop is ${status.mode}.`);
  } catch (err) {
    if (errorStatus(err) !== 401) $('status-error').textContent = errorMessage(err);
  } finally {
    button.disabled = false;
  }
}

/** A channel that cannot deliver at all (e.g. Slack's app token revoked): replies wait until an operator fixes it. */
export async function refreshChannels() {
  const { down } = await getChannels();
  const lines = Object.entries(down || {}).map(([channel, reason]) => `${channelLabel(channel)} is down: ${reason}`);
  const notice = $('channels-down');
  notice.textContent = lines.join(' · ');
  notice.hidden = lines.length === 0;
}

export function wireStatus() {
  $('status-form').addEventListener('submit', (event) => void submitStatus(event));
  $('status-clear').addEventListener('click', () => void clearStatus());
}
