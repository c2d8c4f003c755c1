// @ts-check
// Signing in and out, for every page under /console (the console, Insights, Teach). The token is
// tried on the API before anything is shown, kept in sessionStorage (never in the URL; one tab's
// pages share it), and forgotten on signing out or when the gateway refuses it. Each page says what
// it loads with the token and what it starts and stops (a SignInPage); the markup is the same on
// every page: #sign-in with #sign-in-form, #token and #sign-in-error, and #app.
import { errorMessage, errorStatus } from './api.js';
import { $ } from './dom.js';
import { NAME_KEY, state, TOKEN_KEY } from './state.js';

/**
 * @typedef {object} SignInPage
 * @property {(token: string) => Promise<void>} load what the page needs before it shows, loaded with the token being tried; throws (an ApiError) when refused
 * @property {() => void} [start] once signed in (state.token is set and the page shows)
 * @property {() => void} [stop] on signing out: stop and forget what start and load began
 * @property {string} emptyMessage shown when the form is sent without a token
 * @property {string} [title] the document's title while the form shows
 * @property {(err: unknown) => string | undefined} [refusal] the page's own words for a refusal (e.g. an agent's token on an owners' page)
 */

/** @type {SignInPage | null} */
let page = null;

/** @param {string} token */
async function signIn(token) {
  await /** @type {SignInPage} */ (page).load(token);
  state.token = token;
  sessionStorage.setItem(TOKEN_KEY, token);
  $('sign-in').hidden = true;
  $('app').hidden = false;
  $('token', HTMLInputElement).value = '';
  page?.start?.();
}

/** @param {unknown} err */
function signInMessage(err) {
  const own = page?.refusal?.(err);
  if (own) return own;
  if (errorStatus(err) === 401) return 'This token was not accepted. Check it and try again.';
  return errorMessage(err);
}

/** @param {string} [message] */
function showSignIn(message = '') {
  $('app').hidden = true;
  $('sign-in').hidden = false;
  $('sign-in-error').textContent = message;
  $('token', HTMLInputElement).value = '';
  $('token').focus();
  if (page?.title) document.title = page.title;
}

/** Stop everything of this session and show the sign-in form, with why. */
export function signOut(message = '') {
  page?.stop?.();
  Object.assign(state, { token: null, owner: false, me: null, faq: [] });
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(NAME_KEY);
  showSignIn(message);
}

/** Sign this page in through its form. @param {SignInPage} signInPage */
export function wireSignIn(signInPage) {
  page = signInPage;
  const form = $('sign-in-form', HTMLFormElement);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const input = $('token', HTMLInputElement);
    const token = input.value.trim();
    const error = $('sign-in-error');
    if (!token) {
      error.textContent = signInPage.emptyMessage;
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
}

/** A reload, or another page of the console in this tab, keeps the agent signed in: try the token this tab kept, else show the form. */
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
