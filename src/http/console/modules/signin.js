// @ts-check
// Signing in and out. The token is tried on the API before anything is shown, kept in
// sessionStorage (never in the URL), and forgotten on signing out or when the gateway refuses it.
import { errorMessage, errorStatus, getFaq, getMe, probeOwner } from './api.js';
import { buildCannedLanguages } from './canned.js';
import { resetConversation, route } from './conversation.js';
import { $, showError } from './dom.js';
import { tick } from './format.js';
import { onHandoff, onMessage, onReconnected } from './live.js';
import { refreshLists, renderLists, resetLists } from './lists.js';
import { NAME_KEY, state, TOKEN_KEY } from './state.js';
import { refreshChannels, refreshShopStatus, resetStatus } from './status.js';
import { runStream } from './stream.js';

const REFRESH_MS = 30_000; // a safety net: the stream leaves out claims by other agents
const TICK_MS = 15_000;

/** @param {string} token */
async function signIn(token) {
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
  state.token = token;
  state.owner = owner;
  state.faq = faq.topics || [];
  state.me = me?.name || sessionStorage.getItem(NAME_KEY);
  sessionStorage.setItem(TOKEN_KEY, token);
  startApp();
}

/** @param {unknown} err */
function signInMessage(err) {
  if (errorStatus(err) === 401) return 'This token was not accepted. Check it and try again.';
  return errorMessage(err);
}

function showSignIn(message = '') {
  $('app').hidden = true;
  $('sign-in').hidden = false;
  $('sign-in-error').textContent = message;
  $('token', HTMLInputElement).value = '';
  $('token').focus();
  document.title = 'Shopdesk console';
}

/** Stop everything of this session and show the sign-in form, with why. */
export function signOut(message = '') {
  state.stream?.abort();
  state.stream = null;
  for (const timer of state.timers) clearInterval(timer);
  state.timers = [];
  resetLists();
  resetConversation();
  resetStatus();
  Object.assign(state, { token: null, owner: false, me: null, faq: [] });
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(NAME_KEY);
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
  showError('');
  showSignIn(message);
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

function startApp() {
  $('sign-in').hidden = true;
  $('app').hidden = false;
  $('token', HTMLInputElement).value = '';
  renderWho();
  $('owner-status').hidden = !state.owner;
  $('others-panel').hidden = !state.owner;
  buildCannedLanguages();
  renderLists();
  void refreshLists().catch(() => {});
  void refreshShopStatus().catch(() => {});
  void refreshChannels().catch(() => {});
  state.stream = new AbortController();
  void runStream(state.stream.signal, { message: onMessage, handoff: onHandoff, reconnected: onReconnected });
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

export function wireSignIn() {
  const form = $('sign-in-form', HTMLFormElement);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const input = $('token', HTMLInputElement);
    const token = input.value.trim();
    const error = $('sign-in-error');
    if (!token) {
      error.textContent = 'Enter your agent token.';
      return;
    }
    const button = /** @type {HTMLButtonElement} */ (event.submitter || form.querySelector('button'));
    button.disabled = true;
    error.textContent = '';
    try {
      await signIn(token);
    } catch (err) {
      error.textContent = signInMessage(err);
      input.select();
    } finally {
      button.disabled = false;
    }
  });
  $('sign-out').addEventListener('click', () => signOut('You are signed out.'));
}

/** A reload keeps the agent signed in: try the token this tab kept, else show the form. */
export function resumeSession() {
  const saved = sessionStorage.getItem(TOKEN_KEY);
  if (!saved) {
    showSignIn();
    return;
  }
  signIn(saved).catch((err) => {
    // Only a refused token is forgotten; an unreachable gateway is retried by the next reload.
    if (errorStatus(err) === 401) sessionStorage.removeItem(TOKEN_KEY);
    showSignIn(errorStatus(err) === 401 ? 'Your token is no longer accepted. Sign in again.' : signInMessage(err));
  });
}
