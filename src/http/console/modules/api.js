// @ts-check
// The gateway's /api, one typed function per route the console's pages call (the console, Insights,
// Teach). Every call carries the agent's token as a Bearer header (never in the URL); each answer's
// type comes from the server's own src/http/api-types.ts, so a renamed field fails the type check here.
import { signOut } from './signin.js';
import { state } from './state.js';
import { enc } from './format.js';

/** @typedef {import('../../api-types.js').AskContactAnswer} AskContactAnswer */
/** @typedef {import('../../api-types.js').BuyerOrdersAnswer} BuyerOrdersAnswer */
/** @typedef {import('../../api-types.js').ChannelsAnswer} ChannelsAnswer */
/** @typedef {import('../../api-types.js').ClaimAnswer} ClaimAnswer */
/** @typedef {import('../../api-types.js').ConversationDetail} ConversationDetail */
/** @typedef {import('../../api-types.js').ConversationList} ConversationList */
/** @typedef {import('../../api-types.js').ErrorAnswer} ErrorAnswer */
/** @typedef {import('../../api-types.js').FaqAnswer} FaqAnswer */
/** @typedef {import('../../api-types.js').HandoffStateName} HandoffStateName */
/** @typedef {import('../../api-types.js').InsightsReport} InsightsReport */
/** @typedef {import('../../api-types.js').KnowledgeAnswer} KnowledgeAnswer */
/** @typedef {import('../../api-types.js').KnowledgeAuditAnswer} KnowledgeAuditAnswer */
/** @typedef {import('../../api-types.js').MeAnswer} MeAnswer */
/** @typedef {import('../../api-types.js').MessageAnswer} MessageAnswer */
/** @typedef {import('../../api-types.js').OrderPromise} OrderPromise */
/** @typedef {import('../../api-types.js').PromiseBody} PromiseBody */
/** @typedef {import('../../api-types.js').PromiseChange} PromiseChange */
/** @typedef {import('../../api-types.js').ReleaseAnswer} ReleaseAnswer */
/** @typedef {import('../../api-types.js').ShopStatusBody} ShopStatusBody */
/** @typedef {import('../../api-types.js').ShopStatusView} ShopStatusView */
/** @typedef {import('../../api-types.js').TeachAnswer} TeachAnswer */
/** @typedef {import('../../api-types.js').TeachBody} TeachBody */
/** @typedef {import('../../api-types.js').TryAnswer} TryAnswer */
/** @typedef {import('../../api-types.js').UnansweredAnswer} UnansweredAnswer */

/** The gateway's /api, next to /console wherever the gateway is mounted: found from this module's own
 * address (/console/modules/api.js), so pages in folders under /console reach it too. */
export const API = new URL('../../api/', import.meta.url);

/** A refused call: `status` is the HTTP status, 0 when the gateway could not be reached. */
export class ApiError extends Error {
  /** @param {number} status @param {string} message */
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** The HTTP status of a failed call (0: unreachable), undefined for anything else thrown. @param {unknown} err */
export function errorStatus(err) {
  return err instanceof ApiError ? err.status : undefined;
}

/** @param {unknown} err */
export function errorMessage(err) {
  return err instanceof Error ? err.message : String(err);
}

/**
 * One call, with this token: the answer, or an ApiError with the server's `error` when refused.
 * @param {string} method
 * @param {string} path relative to /api/
 * @param {unknown} [body]
 * @param {string | null} [token]
 * @returns {Promise<Response>}
 */
async function send(method, path, body, token = state.token) {
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
  if (!res.ok) {
    const data = await res.json().catch(() => ({}));
    throw new ApiError(res.status, /** @type {Partial<ErrorAnswer>} */ (data).error || `${res.status} ${res.statusText}`);
  }
  return res;
}

/**
 * One call, with this token, its answer JSON.
 * @param {string} method
 * @param {string} path relative to /api/
 * @param {unknown} [body]
 * @param {string | null} [token]
 * @returns {Promise<unknown>}
 */
export async function request(method, path, body, token = state.token) {
  const res = await send(method, path, body, token);
  return res.json().catch(() => ({}));
}

/**
 * A call made while signed in: a token that stops working signs the agent out.
 * @template T
 * @param {Promise<T>} answer
 * @returns {Promise<T>}
 */
async function signedIn(answer) {
  try {
    return await answer;
  } catch (err) {
    if (errorStatus(err) === 401 && state.token) signOut('Your token is no longer accepted. Sign in again.');
    throw err;
  }
}

/** @param {string} method @param {string} path @param {unknown} [body] */
const call = (method, path, body) => signedIn(request(method, path, body));

/**
 * The owners' pages check a token by loading with it: given, the token being tried (a refusal is the
 * caller's to show); left out, the signed-in one.
 * @param {string} method @param {string} path @param {unknown} [body] @param {string} [token]
 */
const callOrTry = (method, path, body, token) => (token === undefined ? call(method, path, body) : request(method, path, body, token));

// Before signing in: the token to try is passed in, and a refusal is the caller's to show.

/** @param {string} token @returns {Promise<FaqAnswer>} */
export const getFaq = (token) => /** @type {Promise<FaqAnswer>} */ (request('GET', 'faq', undefined, token));
/** @param {string} token @returns {Promise<MeAnswer>} */
export const getMe = (token) => /** @type {Promise<MeAnswer>} */ (request('GET', 'me', undefined, token));
/** An owner-only route: 200 to owners, 403 to agents. @param {string} token */
export const probeOwner = (token) => request('GET', 'dead-letters', undefined, token);

// Signed in.

/**
 * @param {HandoffStateName} which
 * @param {number} [limit]
 * @returns {Promise<ConversationList>}
 */
export const getConversations = (which, limit) => /** @type {Promise<ConversationList>} */ (call('GET', `conversations?state=${which}${limit ? `&limit=${limit}` : ''}`));
/** @param {string} id @returns {Promise<ConversationDetail>} */
export const getConversation = (id) => /** @type {Promise<ConversationDetail>} */ (call('GET', `conversations/${enc(id)}`));

/**
 * @typedef {{ claim: ClaimAnswer, release: ReleaseAnswer, close: ReleaseAnswer, 'ask-contact': AskContactAnswer }} ActionAnswers
 */
/**
 * @template {keyof ActionAnswers} A
 * @param {string} id
 * @param {A} action
 * @returns {Promise<ActionAnswers[A]>}
 */
export const postAction = (id, action) => /** @type {Promise<ActionAnswers[A]>} */ (call('POST', `conversations/${enc(id)}/${action}`));
/** @param {string} id @param {string} text @returns {Promise<MessageAnswer>} */
export const sendMessage = (id, text) => /** @type {Promise<MessageAnswer>} */ (call('POST', `conversations/${enc(id)}/messages`, { text }));

/** @returns {Promise<ShopStatusView>} */
export const getShopStatus = () => /** @type {Promise<ShopStatusView>} */ (call('GET', 'shop/status'));
/** @param {ShopStatusBody} body @returns {Promise<ShopStatusView>} */
export const putShopStatus = (body) => /** @type {Promise<ShopStatusView>} */ (call('PUT', 'shop/status', body));
/** Back to business hours. @returns {Promise<ShopStatusView>} */
export const deleteShopStatus = () => /** @type {Promise<ShopStatusView>} */ (call('DELETE', 'shop/status'));
/** @returns {Promise<ChannelsAnswer>} */
export const getChannels = () => /** @type {Promise<ChannelsAnswer>} */ (call('GET', 'channels'));

/** The buyer's orders and promises. @param {string} id @returns {Promise<BuyerOrdersAnswer>} */
export const getOrders = (id) => /** @type {Promise<BuyerOrdersAnswer>} */ (call('GET', `orders?conversation=${enc(id)}`));
/** @param {string} id @param {string} text @returns {Promise<OrderPromise>} */
export const addPromise = (id, text) => /** @type {Promise<OrderPromise>} */ (call('POST', 'orders/promises', /** @satisfies {PromiseBody} */ ({ conversation: id, text })));
/**
 * @param {string} id the conversation
 * @param {string} promiseId
 * @param {PromiseChange['status']} status
 * @returns {Promise<OrderPromise>}
 */
export const changePromise = (id, promiseId, status) => /** @type {Promise<OrderPromise>} */ (call('PATCH', `orders/promises/${enc(promiseId)}`, /** @satisfies {PromiseChange} */ ({ conversation: id, status })));

// Owners only (403 to agents): the Insights and Teach pages.

/**
 * The numbers of a range of shop-local days (default: the last 7 days, per day).
 * @param {{ from?: string, to?: string, granularity?: 'day' | 'hour' }} [range]
 * @param {string} [token] the token being tried
 * @returns {Promise<InsightsReport>}
 */
export function getInsights(range = {}, token) {
  const query = new URLSearchParams(Object.entries(range).filter(([, value]) => value !== undefined)).toString();
  return /** @type {Promise<InsightsReport>} */ (callOrTry('GET', query ? `insights?${query}` : 'insights', undefined, token));
}

/** @param {string} [token] the token being tried @returns {Promise<KnowledgeAnswer>} */
export const getKnowledge = (token) => /** @type {Promise<KnowledgeAnswer>} */ (callOrTry('GET', 'knowledge', undefined, token));
/** @param {string} [token] the token being tried @returns {Promise<UnansweredAnswer>} */
export const getUnanswered = (token) => /** @type {Promise<UnansweredAnswer>} */ (callOrTry('GET', 'knowledge/unanswered', undefined, token));
/** @param {string} [token] the token being tried @returns {Promise<KnowledgeAuditAnswer>} */
export const getKnowledgeAudit = (token) => /** @type {Promise<KnowledgeAuditAnswer>} */ (callOrTry('GET', 'knowledge/audit', undefined, token));
/** @param {TeachBody} body @returns {Promise<TeachAnswer>} */
export const teach = (body) => /** @type {Promise<TeachAnswer>} */ (call('POST', 'knowledge/teach', body));
/** How the bot reads a message. @param {string} text @returns {Promise<TryAnswer>} */
export const tryMessage = (text) => /** @type {Promise<TryAnswer>} */ (call('POST', 'knowledge/try', { text }));
/** @param {Omit<KnowledgeAnswer['topics'][number], 'taught'>} topic */
export const putTopic = (topic) => call('PUT', `knowledge/topics/${enc(topic.id)}`, topic);
/** Only the replies sent change. @param {Record<string, Record<string, string>>} replies */
export const putReplies = (replies) => call('PUT', 'knowledge/replies', replies);
/** The shop config with what was taught, as YAML. @returns {Promise<string>} */
export const getKnowledgeExport = () => signedIn(send('GET', 'knowledge/export').then((res) => res.text()));
