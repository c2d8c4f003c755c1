import type { LocalizedText } from '../../src/config/schema.js';
import type { Flow, FlowContext } from '../../src/engine/flow.js';
import { extractContact, extractEmail, extractMessenger, extractPhone, looksLikePhone, type ContactDetails } from './extract.js';

export type ContactPurpose = 'callback' | 'address';
type Step = 'reach' | 'name' | 'address';

const fill = (text: string, values: Record<string, string>) => {
  let out = text;
  // A missing value takes its lead-in with it: "Thank you, {name}!" -> "Thank you!"
  for (const [key, value] of Object.entries(values)) out = value ? out.replaceAll(`{${key}}`, value) : out.replace(new RegExp(`[,，]?\\s*\\{${key}\\}`, 'g'), '');
  return out;
};

const normalized = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();

const HAN = /\p{Script=Han}/u;
/** A word list, normalized once per shop config (this runs on every message). */
const normalizedLists = new WeakMap<Record<string, string[]>, { word: string; han: boolean }[]>();
function normalizedList(words: Record<string, string[]>): { word: string; han: boolean }[] {
  let list = normalizedLists.get(words);
  if (!list) {
    list = Object.values(words)
      .flat()
      .map((w) => normalized(w))
      .map((word) => ({ word, han: HAN.test(word) }));
    normalizedLists.set(words, list);
  }
  return list;
}

function saidAny(text: string, words: Record<string, string[]>, exact: boolean): boolean {
  const said = normalized(text);
  const padded = ` ${said} `;
  return normalizedList(words).some(({ word, han }) => (exact ? said === word : padded.includes(` ${word} `) || (han && said.includes(word))));
}

const isQuestion = (text: string) => /[?？]\s*$/.test(text) || /^\s*[¿]/.test(text);

/** A way to reach the buyer: a phone, an e-mail address or a messenger account. */
const reachable = (contact: ContactDetails): boolean => Boolean(contact.phone || contact.email || contact.messenger);
const reachOf = (contact: ContactDetails & { address?: string }): string => contact.phone ?? contact.email ?? contact.messenger ?? contact.address ?? '';

/** Ask for contact details, starting with what is missing for `purpose`. */
export function startContact(ctx: FlowContext, purpose: ContactPurpose): void {
  const { contact } = ctx.session;
  const texts = ctx.shop.contact.texts;
  if (purpose === 'address') return ask(ctx, 'address', purpose, texts.askAddress);
  if (!reachable(contact)) return ask(ctx, 'reach', purpose, texts.askReach);
  if (!contact.name) return ask(ctx, 'name', purpose, texts.askName);
}

function ask(ctx: FlowContext, step: Step, purpose: ContactPurpose, text: LocalizedText): void {
  ctx.session.flow = { id: 'contact', step, data: { purpose } };
  // Asking for a phone uses the platform's own "share my number" button where it has one.
  ctx.reply(step === 'reach' ? { kind: 'contact_request', text: ctx.t(text) } : { kind: 'text', text: ctx.t(text) });
}

function finish(ctx: FlowContext): void {
  const { contact } = ctx.session;
  ctx.session.flow = undefined;
  ctx.reply({ kind: 'text', text: fill(ctx.t(ctx.shop.contact.texts.thanks), { name: contact.name ?? '', reach: reachOf(contact) }) });
}

/** A wrong answer gets a short explanation and one more chance; after that the shop's own contact. */
function retry(ctx: FlowContext, explanation: LocalizedText): void {
  const flow = ctx.session.flow!;
  const tries = Number(flow.data?.tries ?? '0') + 1;
  if (tries >= 2) {
    ctx.session.flow = undefined;
    ctx.reply({ kind: 'text', text: ctx.t(ctx.shop.contact.texts.shopContact) });
    return;
  }
  ctx.session.flow = { ...flow, data: { ...flow.data, tries: String(tries) } };
  ctx.reply({ kind: 'text', text: ctx.t(explanation) });
}

/**
 * Contact gathering, Telegraf-wizard style: one question at a time (`session.flow.step`), each
 * answer checked (phones with libphonenumber-js to E.164, e-mails with zod), a wrong one re-asked
 * once, "no"/"skip" respected with the shop's own contact offered instead (seed 004). A question
 * asked mid-way is answered by the flows after this one and the step waits. Outside the wizard,
 * details given unasked (or a platform's share-contact card) are kept, and an order announcement
 * starts the delivery-address confirmation.
 */
export const contact: Flow = {
  id: 'contact',
  run(ctx, next) {
    const { msg, shop } = ctx;
    const region = shop.contact.defaultRegion;
    const flow = ctx.session.flow?.id === 'contact' ? ctx.session.flow : undefined;
    const texts = shop.contact.texts;

    if (!flow) {
      const cardPhone = msg.contact?.phone ? extractPhone(msg.contact.phone.startsWith('+') ? msg.contact.phone : `+${msg.contact.phone}`, region) : undefined;
      const found: ContactDetails | null = cardPhone ? { phone: cardPhone } : extractContact(msg.text, region);
      if (found) {
        ctx.session.contact = { ...ctx.session.contact, ...found, ...(msg.contact?.name && !ctx.session.contact.name ? { name: msg.contact.name } : {}) };
        ctx.reply({ kind: 'text', text: fill(ctx.t(texts.noted), { reach: reachOf(found) }) });
        return next();
      }
      if (saidAny(msg.text, shop.contact.orderWords, false)) {
        startContact(ctx, 'address');
        return;
      }
      return next();
    }

    const purpose = (flow.data?.purpose ?? 'callback') as ContactPurpose;
    const text = msg.text.trim();
    if (saidAny(text, shop.contact.skipWords, true)) {
      ctx.session.flow = undefined;
      ctx.reply({ kind: 'text', text: ctx.t(texts.shopContact) });
      return;
    }

    switch (flow.step as Step) {
      case 'reach': {
        const phone = msg.contact?.phone ? extractPhone(msg.contact.phone.startsWith('+') ? msg.contact.phone : `+${msg.contact.phone}`, region) : extractPhone(text, region);
        const email = extractEmail(text);
        const messenger = extractMessenger(text);
        if (phone || email || messenger) {
          ctx.session.contact = { ...ctx.session.contact, ...(phone ? { phone } : {}), ...(email ? { email } : {}), ...(messenger ? { messenger } : {}), ...(msg.contact?.name && !ctx.session.contact.name ? { name: msg.contact.name } : {}) };
          if (!ctx.session.contact.name) return ask(ctx, 'name', purpose, texts.askName);
          return finish(ctx);
        }
        if (isQuestion(text)) return next();
        return retry(ctx, text.includes('@') ? texts.invalidEmail : looksLikePhone(text) ? texts.invalidPhone : texts.invalidReach);
      }
      case 'name': {
        if (isQuestion(text)) return next();
        const name = text.replace(/^(my name is|i am|i'm|me llamo|soy|我叫|我是)\s*/i, '').trim();
        if (name.length < 1 || name.length > 80 || /\d{3,}/.test(name)) return retry(ctx, texts.askName);
        ctx.session.contact = { ...ctx.session.contact, name };
        return finish(ctx);
      }
      case 'address': {
        if (isQuestion(text)) return next();
        if (text.length < 8) return retry(ctx, texts.invalidAddress);
        ctx.session.contact = { ...ctx.session.contact, address: text };
        if (!reachable(ctx.session.contact)) return ask(ctx, 'reach', purpose, texts.askReach);
        return finish(ctx);
      }
      default:
        ctx.session.flow = undefined;
        return next();
    }
  },
};
