import type { ShopConfig } from '../../src/config/schema.js';
import { withoutMessenger } from '../contact/extract.js';

/**
 * What the FAQ reads of a message: phone numbers and e-mail addresses say nothing of the question
 * (the word matcher and the message model read it without them, and the model learns from its
 * examples without them too), nor does the shop's own name ("hola Lotus Tea House" is a greeting).
 */
export const EMAIL_LIKE = /[^\s@<>()[\]{},;:"'，。；：]+@[^\s@<>()[\]{},;:"'，。；：]+/g;
export const PHONE_LIKE = /\+?\d[\d\s().-]{5,}\d/g;

/** The message without its e-mail addresses, phone numbers and messenger accounts. */
export const withoutContact = (text: string): string => withoutMessenger(text).replace(EMAIL_LIKE, ' ').replace(PHONE_LIKE, ' ');

/** A pattern source for these words as buyers write them: literally, with any spacing between (none too). */
export const anySpacing = (words: string[]): string => words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s*');

/** The shop's name as buyers write it (any case, any spacing), or undefined for a name too short to tell. */
export function shopNamePattern(shop: ShopConfig): RegExp | undefined {
  const words = shop.shop.name.trim().split(/\s+/).filter(Boolean);
  if (words.join('').length < 4) return undefined;
  return new RegExp(anySpacing(words), 'giu');
}
