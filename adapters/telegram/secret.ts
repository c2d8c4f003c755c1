import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Whether the `X-Telegram-Bot-Api-Secret-Token` a request carries is our webhook secret, in
 * constant time. Both sides are hashed first, so timingSafeEqual always compares equal-length
 * buffers and the time taken tells nothing, not even the secret's length.
 */
export function secretTokenMatches(given: string | undefined, expected: string): boolean {
  if (given === undefined || given === '' || expected === '') return false;
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}
