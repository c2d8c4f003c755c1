import { findPhoneNumbersInText, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { z } from 'zod';
import { extractMessenger, MESSENGER_HINT, withoutMessenger } from '../../src/engine/messenger-accounts.js';

export { extractMessenger, withoutMessenger };

const EMAIL_CANDIDATE = /[^\s<>()[\]{},;:"'，。；：]+@[^\s<>()[\]{},;:"'，。；：]+/g;
const Email = z.email();

/**
 * Order and tracking numbers are not phones: a run of digits glued to letters ("SF1234567890123",
 * "YT1234567890") or written after a word that names a reference ("tracking 1234…", "pedido nº 12…",
 * "订单号 12…") is blanked out before looking for a phone number.
 */
const GLUED_REFERENCE = /[A-Za-z]+\d{5,}[A-Za-z\d]*|\d{5,}[A-Za-z]+[A-Za-z\d]*/g;
const NAMED_REFERENCE =
  /((?<![a-zà-ÿ])(?:tracking|track|trace|waybill|parcel|package|order|invoice|ref(?:erence)?|seguimiento|pedido|orden|paquete|env[ií]o|factura|referencia|localizador|n[º°o]\.?)|#|单号|订单|运单|快递|物流|包裹|编号)(?:\s*(?:number|no\.?|num(?:ber|ero|ero)?|n[º°o]\.?|code|id|de|is|es|la|el|号码?|是|为|[:：#]))*\s*[:：#]?\s*\+?[\d][\d\s-]{4,}\d/giu;

/** The text with order and tracking numbers blanked out (same length), for phone extraction. */
export function withoutReferences(text: string): string {
  const blank = (m: string) => ' '.repeat(m.length);
  return text.replace(GLUED_REFERENCE, blank).replace(NAMED_REFERENCE, (m, word: string) => word + ' '.repeat(m.length - word.length));
}

/** The first valid phone number in free text, in E.164 ("+34612345678"); `region` reads numbers without a country code. */
export function extractPhone(input: string, region: string): string | undefined {
  const text = withoutReferences(input);
  // A number read out of a longer digit run (13 digits) is a piece of something else.
  const whole = (start: number, end: number) => !/\d/.test(text[start - 1] ?? '') && !/\d/.test(text[end] ?? '');
  const found = findPhoneNumbersInText(text, region as CountryCode).find((m) => m.number.isValid() && whole(m.startsAt, m.endsAt));
  if (found) return found.number.number;
  // A bare number the text search skipped (e.g. glued to Chinese characters): try each digit run.
  for (const run of text.match(/\+?\d[\d\s().-]{6,}\d/g) ?? []) {
    const parsed = parsePhoneNumberFromString(run, region as CountryCode);
    if (parsed?.isValid()) return parsed.number;
  }
  return undefined;
}

/** Whether the text holds something phone-like that is not a valid number (for a helpful re-ask). */
export function looksLikePhone(text: string): boolean {
  return !/@/.test(text) && (/^[\d\s+().-]{4,}$/.test(text.trim()) || text.replace(/\D/g, '').length >= 6);
}

/** The first valid e-mail address in free text, lower-cased domain. */
export function extractEmail(text: string): string | undefined {
  for (const candidate of text.match(EMAIL_CANDIDATE) ?? []) {
    const trimmed = candidate.replace(/[.!?。！？]+$/, '');
    if (Email.safeParse(trimmed).success) {
      const at = trimmed.lastIndexOf('@');
      return trimmed.slice(0, at) + trimmed.slice(at).toLowerCase();
    }
  }
  return undefined;
}

/** How many ASCII digits (what /\d/ matches) the text has. */
export function countDigits(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) count++;
  }
  return count;
}

/** Fewer digits than this, and no "@": the text carries no phone number or e-mail address. */
export const MIN_CONTACT_DIGITS = 6;

/** Contact details a buyer types: a phone, an e-mail address, a messenger account. */
export interface ContactDetails {
  phone?: string;
  email?: string;
  messenger?: string;
}

/** Whether the text may hold contact details at all (cheap: run on every message). */
export const mayHoldContact = (text: string): boolean => text.includes('@') || countDigits(text) >= MIN_CONTACT_DIGITS || MESSENGER_HINT.test(text);

/** Phone, e-mail and messenger account found in a message, or null when it carries none. */
export function extractContact(text: string, region: string): ContactDetails | null {
  // Cheap check first: libphonenumber's text search costs more than the rest of a turn.
  if (!mayHoldContact(text)) return null;
  const messenger = extractMessenger(text);
  // Take the account out first: a QQ number is not a phone.
  const rest = messenger ? withoutMessenger(text) : text;
  const email = rest.includes('@') ? extractEmail(rest) : undefined;
  // Take the e-mail out first so its digits are not read as a phone number.
  const phone = countDigits(rest) >= MIN_CONTACT_DIGITS ? extractPhone(email ? rest.replace(email, ' ') : rest, region) : undefined;
  return phone || email || messenger ? { ...(phone ? { phone } : {}), ...(email ? { email } : {}), ...(messenger ? { messenger } : {}) } : null;
}
