import type { Flow } from '../src/engine/flow.js';
import { away } from './away/index.js';
import { busy } from './busy/index.js';
import { contact } from './contact/index.js';
import { fallback, parked } from './fallback/index.js';
import { faq } from './faq/index.js';
import { handoff } from './handoff/index.js';
import { language } from './language/index.js';
import { orders } from './orders/index.js';
import { status } from './status/index.js';

/**
 * THE ORDER, and it is policy: each flow either answers and stops, or calls `next()`.
 * 1. language  picks the reply language from the buyer's text (never answers).
 * 2. status    an owner's /away, /busy, /online, /auto from their own chat account.
 * 3. handoff   while an agent holds the conversation, the bot is silent; "talk to a person" queues it.
 * 4. contact   continues an active contact-details wizard; keeps details given unasked.
 * 5. away      once per away period: sorry, back at…, leave your contact; then lets the rest answer.
 * 6. busy      once per busy period: please wait a moment; then lets the rest answer.
 * 7. orders   "where is my order?" with this buyer's own orders (when the shop config has `orders`).
 * 8. faq       answers the shop's FAQ topics; greets and thanks; fetches a person for a complaint
 *              or when asked (unless an auto-reply already greeted).
 * 9. fallback  answers what nothing else did, without guessing; offers a person after two in a row.
 */
export const flows: readonly Flow[] = [language, status, handoff, contact, away, busy, orders, faq, fallback];

/** Not in the chain: the reply to a buyer whose message kept failing and was parked as a dead letter. */
export const deadLetter: Flow = parked;
