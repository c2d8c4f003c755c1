// @ts-check
// Who is signed in. Each view keeps its own state (lists.js the lists, conversation.js the
// conversation on screen, status.js the status form); this is only what they all read.

/** @typedef {import('../../api-types.js').FaqAnswer['topics'][number]} FaqTopic */

/** The agent's token lives in sessionStorage, never in the URL: gone when the tab closes. */
export const TOKEN_KEY = 'shopdesk.console.token';
/** This agent's name once learned, so a reload does not forget it. */
export const NAME_KEY = 'shopdesk.console.name';

/**
 * @typedef {object} SignedIn
 * @property {string | null} token null: nobody is signed in
 * @property {boolean} owner
 * @property {string | null} me This agent's name, as the API spells it: from GET /api/me, or learned from claims.
 * @property {FaqTopic[]} faq the canned answers
 * @property {string[]} faqLanguages the languages the canned answers are written in
 * @property {AbortController | null} stream stops the live event stream
 * @property {ReturnType<typeof setInterval>[]} timers the clock tick and the safety-net refresh
 */

/** @type {SignedIn} */
export const state = {
  token: null,
  owner: false,
  me: null,
  faq: [],
  faqLanguages: [],
  stream: null,
  timers: [],
};
