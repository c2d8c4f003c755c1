import type { Delivery } from '../engine/types.js';
import { connectionOptions, connectRedis, redisUnavailable, type RedisConnection } from './connection.js';
import { GatewayEventSchema, type GatewayEvent } from './handoff.js';
import { keys } from './keys.js';

/** The store's two Redis channels: live gateway events (console views) and replies fanned out to the instance holding a socket. */
export interface PubSub {
  onEvent(handler: (event: GatewayEvent) => void): Promise<() => void>;
  onFanOut(handler: (delivery: Delivery) => void): Promise<() => void>;
  close(): Promise<void>;
}

/** One subscriber connection per instance, opened on first use, for both channels; ioredis resubscribes after a reconnect. */
export function createPubSub(url: string): PubSub {
  let subscriber: RedisConnection | undefined;
  const eventHandlers = new Set<(event: GatewayEvent) => void>();
  const fanOutHandlers = new Set<(delivery: Delivery) => void>();
  /** Channels subscribed (or being subscribed) on the subscriber connection. */
  const subscriptions = new Map<string, Promise<unknown>>();

  function subscriberConnection(): RedisConnection {
    if (subscriber) return subscriber;
    subscriber = connectRedis(url, { ...connectionOptions(), enableOfflineQueue: true, maxRetriesPerRequest: null, lazyConnect: false });
    subscriber.on('error', () => undefined);
    subscriber.on('message', (channel: string, raw: string) => {
      try {
        if (channel === keys.fanOut()) {
          for (const h of fanOutHandlers) h(JSON.parse(raw) as Delivery);
          return;
        }
        const parsed = GatewayEventSchema.safeParse(JSON.parse(raw));
        if (parsed.success) for (const h of eventHandlers) h(parsed.data as GatewayEvent);
      } catch {
        // not ours: ignore
      }
    });
    return subscriber;
  }

  /**
   * Listen on a channel while it has handlers. The events channel carries every transcript line of
   * every instance: an instance with no agent watching must not receive, parse and check them all.
   */
  async function listen<T>(channel: string, set: Set<T>, handler: T): Promise<() => void> {
    const connection = subscriberConnection();
    set.add(handler); // first: a handler leaving meanwhile must not unsubscribe the channel
    let subscribing = subscriptions.get(channel);
    if (!subscribing) subscriptions.set(channel, (subscribing = connection.subscribe(channel)));
    try {
      await subscribing;
    } catch (err) {
      set.delete(handler);
      if (set.size === 0) subscriptions.delete(channel);
      throw redisUnavailable(err);
    }
    return () => {
      if (!set.delete(handler) || set.size > 0) return;
      subscriptions.delete(channel);
      connection.unsubscribe(channel).catch(() => undefined); // the connection is gone: nothing to stop
    };
  }

  return {
    onEvent: (handler) => listen(keys.events(), eventHandlers, handler),
    onFanOut: (handler) => listen(keys.fanOut(), fanOutHandlers, handler),
    async close() {
      if (!subscriber) return;
      await subscriber.quit().catch(() => undefined);
      subscriber.disconnect();
    },
  };
}
