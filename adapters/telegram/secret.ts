import { createHash, timingSafeEqual } from 'node:crypto';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/**
 * A check of the `X-Telegram-Bot-Api-Secret-Token` a request carries against our webhook secret,
 * in constant time. Both sides are hashed (ours once), so timingSafeEqual always compares
 * equal-length buffers and the time taken tells nothing, not even the secret's length.
 */
export function secretMatcher(expected: string): (given: string | undefined) => boolean {
  const want = sha256(expected);
  return (given) => given !== undefined && given !== '' && expected !== '' && timingSafeEqual(sha256(given), want);
}
