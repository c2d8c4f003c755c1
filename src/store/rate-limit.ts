import type { Env } from '../config/schema.js';
import type { ConversationId } from '../engine/types.js';
import { StoreUnavailableError } from '../errors.js';
import { connectRedis, type RedisConnection } from './connection.js';
import { keys } from './keys.js';

/** A platform's sending limits, as its adapter declares them. */
export interface RateLimit {
  /** Messages per second for the whole bot/account, shared by every gateway instance; absent: no limit. */
  perSecond?: number;
  /** Minimum gap between deliveries to one conversation. */
  conversationIntervalMs?: number;
}

/**
 * The answer to "may this conversation get a message now?": `ok` with how long to wait for the
 * booked slot (short: waited in the worker), or `later` (nothing booked) because this chat's gap
 * is not over (`chat`), the platform paused the whole bot (`paused`), or the bot's rate is booked
 * further ahead than the caller is willing to wait (`booked`).
 */
/** `shift`: see RateLimitStore.shift, absent while 0. */
export type Slot = { ok: true; waitMs: number; shift?: number } | { ok: false; laterMs: number; why: 'chat' | 'paused' | 'booked' };

/**
 * Sending budgets counted for all gateway instances together (in Redis; in memory for a lone
 * instance), so that N instances send at the bot's limit, not N times it.
 */
export interface RateLimitStore {
  readonly kind: 'redis' | 'memory';
  /** Book one delivery's slot for `conversationId` on `channel`, unless it must wait longer than `horizonMs`. */
  take(channel: string, conversationId: ConversationId, limit: RateLimit, horizonMs: number): Promise<Slot>;
  /**
   * The platform answered 429, asking to wait `retryAfterMs`. That chat waits at least that long.
   * Platforms (Telegram) do not say which limit it was; the gateway keeps each chat's gap itself, so
   * one chat refused alone is that chat's limit ('chat'), and a second chat refused while the first
   * still waits is the bot's flood control: every instance pauses the channel ('bot').
   */
  refused(channel: string, conversationId: ConversationId, retryAfterMs: number): Promise<'chat' | 'bot'>;
  /**
   * Book a slot before every booked one (a busy reply under a burst): at most one in
   * `spacing` of the bot's slots, within `horizonMs`. Every slot booked before moves one interval
   * later (`shift` grows by one): a holder of a slot checks `shift` before sending (see `shift`).
   */
  takeFirst(channel: string, conversationId: ConversationId, limit: RateLimit, horizonMs: number, spacing: number): Promise<Slot>;
  /** How many slots were booked ahead of the booked ones so far (see takeFirst); `ok` slots carry it as of their booking. */
  shift(channel: string): Promise<number>;
  close(): Promise<void>;
}

// Both scripts start alike: Redis's clock, then the bot's pause (a global 429) and the chat's gap (KEYS[1], KEYS[2]).
const GATES = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local paused = redis.call('PTTL', KEYS[1])
if paused > 0 then return {'paused', paused} end
local chat = redis.call('PTTL', KEYS[2])
if chat > 0 then return {'chat', chat} end`;

// KEYS: paused, chat, booked. ARGV: ms between the bot's messages (0: no rate), the chat's gap (ms), horizon (ms).
// The bot's next free slot is kept as an absolute time on Redis's clock, so every instance reads one clock.
const TAKE = `${GATES}
local interval = tonumber(ARGV[1])
local at = now
if interval > 0 then
  at = math.max(now, tonumber(redis.call('GET', KEYS[3]) or '0'))
  local ahead = at - now - tonumber(ARGV[3])
  if ahead > 0 then return {'booked', math.ceil(ahead)} end
  redis.call('SET', KEYS[3], string.format('%.3f', at + interval), 'PX', math.ceil(at + interval - now) + 1000)
end
local gap = tonumber(ARGV[2])
if gap > 0 then redis.call('SET', KEYS[2], '1', 'PX', math.ceil(at - now + gap)) end
return {'ok', math.ceil(at - now), tonumber(redis.call('GET', KEYS[4]) or '0')}`;

// KEYS: paused, chat, booked, shift, first. ARGV: ms between the bot's messages, the chat's gap, horizon, spacing.
// A slot before the booked ones: the first-slots' own pointer (one in `spacing` slots); the booked
// ones all move one interval later (the pointer, and `shift` for the slots already held).
const TAKE_FIRST = `${GATES}
local interval = tonumber(ARGV[1])
local at = math.max(now, tonumber(redis.call('GET', KEYS[5]) or '0'))
if at - now > tonumber(ARGV[3]) then return {'booked', math.ceil(at - now - tonumber(ARGV[3]))} end
redis.call('SET', KEYS[5], string.format('%.3f', at + interval * tonumber(ARGV[4])), 'PX', math.ceil(at - now + interval * tonumber(ARGV[4])) + 1000)
local booked = math.max(now, tonumber(redis.call('GET', KEYS[3]) or '0')) + interval
redis.call('SET', KEYS[3], string.format('%.3f', booked), 'PX', math.ceil(booked - now) + 1000)
redis.call('INCR', KEYS[4])
redis.call('PEXPIRE', KEYS[4], 3600000)
local gap = tonumber(ARGV[2])
if gap > 0 then redis.call('SET', KEYS[2], '1', 'PX', math.ceil(at - now + gap)) end
return {'ok', math.ceil(at - now)}`;

// KEYS: refused zset, paused, chat. ARGV: conversation, retry after (ms).
const REFUSED = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local retry = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local others = redis.call('ZCARD', KEYS[1])
if redis.call('ZSCORE', KEYS[1], ARGV[1]) then others = others - 1 end
redis.call('ZADD', KEYS[1], now + retry, ARGV[1])
if redis.call('PTTL', KEYS[1]) < retry + 1000 then redis.call('PEXPIRE', KEYS[1], retry + 1000) end
if redis.call('PTTL', KEYS[3]) < retry then redis.call('SET', KEYS[3], '1', 'PX', retry) end
if others > 0 then
  if redis.call('PTTL', KEYS[2]) < retry then redis.call('SET', KEYS[2], '1', 'PX', retry) end
  return 'bot'
end
return 'chat'`;

const intervalOf = (limit: RateLimit) => (limit.perSecond ? 1000 / limit.perSecond : 0);

/** The budgets in Redis, for every instance on it. Its own connection (a delivery's path). */
export function createRedisRateLimits(url: string): RateLimitStore {
  const redis: RedisConnection = connectRedis(url, { enableOfflineQueue: true, maxRetriesPerRequest: 1, retryStrategy: (times) => Math.min(times * 100, 2000) });
  redis.on('error', () => undefined); // the main store's /readyz reports Redis being away
  const unavailable = (err: unknown) => {
    throw new StoreUnavailableError('rate limits: redis is not reachable', { cause: err });
  };
  return {
    kind: 'redis',
    async take(channel, conversationId, limit, horizonMs) {
      const [what, ms, shift] = (await redis
        .eval(TAKE, 4, keys.ratePaused(channel), keys.rateChat(conversationId), keys.rateBooked(channel), keys.rateShift(channel), intervalOf(limit), limit.conversationIntervalMs ?? 0, horizonMs)
        .catch(unavailable)) as [string, number, number?];
      return what === 'ok' ? { ok: true, waitMs: ms, ...(Number(shift ?? 0) > 0 ? { shift: Number(shift) } : {}) } : { ok: false, laterMs: ms, why: what as 'chat' | 'paused' | 'booked' };
    },
    async takeFirst(channel, conversationId, limit, horizonMs, spacing) {
      const [what, ms] = (await redis
        .eval(TAKE_FIRST, 5, keys.ratePaused(channel), keys.rateChat(conversationId), keys.rateBooked(channel), keys.rateShift(channel), keys.rateFirst(channel), intervalOf(limit), limit.conversationIntervalMs ?? 0, horizonMs, spacing)
        .catch(unavailable)) as [string, number];
      return what === 'ok' ? { ok: true, waitMs: ms } : { ok: false, laterMs: ms, why: what as 'chat' | 'paused' | 'booked' };
    },
    async shift(channel) {
      return Number((await redis.get(keys.rateShift(channel)).catch(unavailable)) ?? 0);
    },
    async refused(channel, conversationId, retryAfterMs) {
      const scope = await redis.eval(REFUSED, 3, keys.rateRefused(channel), keys.ratePaused(channel), keys.rateChat(conversationId), conversationId, Math.max(1, Math.ceil(retryAfterMs))).catch(unavailable);
      return scope === 'bot' ? 'bot' : 'chat';
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/** The same budgets in this process only: one instance (the in-process store), or tests. */
export function createMemoryRateLimits(clock: () => number = () => performance.now()): RateLimitStore {
  /** Until when (clock ms) each thing waits: `paused:<channel>`, `chat:<conversation>`. */
  const until = new Map<string, number>();
  const booked = new Map<string, number>();
  const firsts = new Map<string, number>();
  const shifts = new Map<string, number>();
  const refusedAt = new Map<string, Map<string, number>>();
  const left = (key: string, now: number) => Math.max(0, (until.get(key) ?? 0) - now);
  const hold = (key: string, now: number, ms: number) => {
    if (left(key, now) < ms) until.set(key, now + ms);
    if (until.size > 50_000) for (const [k, at] of until) if (at <= now) until.delete(k);
  };
  return {
    kind: 'memory',
    async take(channel, conversationId, limit, horizonMs) {
      const now = clock();
      const paused = left(`paused:${channel}`, now);
      if (paused > 0) return { ok: false, laterMs: Math.ceil(paused), why: 'paused' };
      const chat = left(`chat:${conversationId}`, now);
      if (chat > 0) return { ok: false, laterMs: Math.ceil(chat), why: 'chat' };
      let at = now;
      const interval = intervalOf(limit);
      if (interval > 0) {
        at = Math.max(now, booked.get(channel) ?? 0);
        if (at - now > horizonMs) return { ok: false, laterMs: Math.ceil(at - now - horizonMs), why: 'booked' };
        booked.set(channel, at + interval);
      }
      if (limit.conversationIntervalMs) hold(`chat:${conversationId}`, now, at - now + limit.conversationIntervalMs);
      const shift = shifts.get(channel) ?? 0;
      return { ok: true, waitMs: Math.ceil(at - now), ...(shift > 0 ? { shift } : {}) };
    },
    async takeFirst(channel, conversationId, limit, horizonMs, spacing) {
      const now = clock();
      const paused = left(`paused:${channel}`, now);
      if (paused > 0) return { ok: false, laterMs: Math.ceil(paused), why: 'paused' };
      const chat = left(`chat:${conversationId}`, now);
      if (chat > 0) return { ok: false, laterMs: Math.ceil(chat), why: 'chat' };
      const interval = intervalOf(limit);
      const at = Math.max(now, firsts.get(channel) ?? 0);
      if (at - now > horizonMs) return { ok: false, laterMs: Math.ceil(at - now - horizonMs), why: 'booked' };
      firsts.set(channel, at + interval * spacing);
      booked.set(channel, Math.max(now, booked.get(channel) ?? 0) + interval);
      shifts.set(channel, (shifts.get(channel) ?? 0) + 1);
      if (limit.conversationIntervalMs) hold(`chat:${conversationId}`, now, at - now + limit.conversationIntervalMs);
      return { ok: true, waitMs: Math.ceil(at - now) };
    },
    async shift(channel) {
      return shifts.get(channel) ?? 0;
    },
    async refused(channel, conversationId, retryAfterMs) {
      const now = clock();
      const chats = refusedAt.get(channel) ?? new Map<string, number>();
      refusedAt.set(channel, chats);
      for (const [c, at] of chats) if (at <= now) chats.delete(c);
      const others = [...chats.keys()].filter((c) => c !== conversationId).length;
      chats.set(conversationId, Math.max(chats.get(conversationId) ?? 0, now + retryAfterMs));
      hold(`chat:${conversationId}`, now, retryAfterMs);
      if (others === 0) return 'chat';
      hold(`paused:${channel}`, now, retryAfterMs);
      return 'bot';
    },
    async close() {},
  };
}

/** Redis when REDIS_URL is set (every instance shares the budgets), else this process's own. */
export function openRateLimits(env: Pick<Env, 'REDIS_URL'>): RateLimitStore {
  return env.REDIS_URL ? createRedisRateLimits(env.REDIS_URL) : createMemoryRateLimits();
}
