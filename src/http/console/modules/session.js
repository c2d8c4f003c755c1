// @ts-check
// The console's signed-in session: what it learns about the agent on signing in, the views and
// timers it starts, and how it stops them on signing out (signin.js does the signing in and out).
import { getFaq, getMe, probeOwner } from './api.js';
import { buildCannedLanguages } from './canned.js';
import { resetConversation, route } from './conversation.js';
import { $, showError } from './dom.js';
import { tick } from './format.js';
import { onHandoff, onMessage, onReconnected, onUndelivered } from './live.js';
import { refreshLists, renderLists, resetLists } from './lists.js';
import { signOut, wireSignIn } from './signin.js';
import { NAME_KEY, state } from './state.js';
import { refreshChannels, refreshShopStatus, resetStatus } from './status.js';
import { runStream } from './stream.js';

/** @typedef {import('./signin.js').SignInPage} SignInPage */

const REFRESH_MS = 30_000; // a safety net: the stream leaves out claims by other agents
const TICK_MS = 15_000;

/** @param {string} token */
async function load(token) {
  const faq = await getFaq(token);
  // Who this is: GET /api/me where the gateway has it; otherwise an owner-only route answers
  // 200 to owners and 403 to agents, and the name is learned from the first claim.
  const me = await getMe(token).catch(() => null);
  const owner = me?.role
    ? me.role === 'owner'
    : await probeOwner(token).then(
        () => true,
        () => false,
      );
  state.owner = owner;
  state.faq = faq.topics || [];
  state.me = me?.name || sessionStorage.getItem(NAME_KEY);
}

/** This agent's name, once the API tells it (a claim, a held conversation). @param {string | null | undefined} name */
export function setMe(name) {
  if (!name || state.me === name) return;
  state.me = name;
  sessionStorage.setItem(NAME_KEY, name);
  renderWho();
}

function renderWho() {
  $('who').textContent = `${state.me ? `${state.me} · ` : ''}${state.owner ? 'owner' : 'agent'}`;
}

function start() {
  renderWho();
  $('owner-status').hidden = !state.owner;
  $('others-panel').hidden = !state.owner;
  buildCannedLanguages();
  renderLists();
  void refreshLists().catch(() => {});
  void refreshShopStatus().catch(() => {});
  void refreshChannels().catch(() => {});
  state.stream = new AbortController();
  void runStream(state.stream.signal, { message: onMessage, handoff: onHandoff, undelivered: onUndelivered, reconnected: onReconnected });
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

function stop() {
  state.stream?.abort();
  state.stream = null;
  for (const timer of state.timers) clearInterval(timer);
  state.timers = [];
  resetLists();
  resetConversation();
  resetStatus();
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
  showError('');
}

/** @type {SignInPage} */
const consolePage = { load, start, stop, emptyMessage: 'Enter your agent token.', title: 'Shopdesk console' };

export function wireSession() {
  wireSignIn(consolePage);
  $('sign-out').addEventListener('click', () => signOut('You are signed out.'));
}
