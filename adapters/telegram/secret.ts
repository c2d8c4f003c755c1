import { hash, timingSafeEqual } from 'node:crypto';

// One-shot hashing: no Hash object per webhook.
const sha256 = (text: string) => hash('sha256', text, 'buffer');

/**
 * A check of the `X-Telegram-Bot-Api-Secret-Token` a request carries against our webhook secret,
 * in constant time. Both sides are hashed (ours once), so timingSafeEqual always compares
 * equal-length buffers and the time taken tells nothing, not even the secret's length.
 */
export function secretMatcher(expected: string): (given: string | undefined) => boolean {
  const want = sha256(expected);
  return (given) => given !== undefined && given !== '' && expected !== '' && timingSafeEqual(sha256(given), want);
}
