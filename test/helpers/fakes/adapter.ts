import { AdapterError } from '../../../src/errors.js';
import type { ChannelAdapter, Delivery } from '../../../src/engine/types.js';

/** A channel that records deliveries in memory; `failNext` makes the next sends throw. */
export interface FakeAdapter extends ChannelAdapter {
  deliveries: Delivery[];
  /** Texts delivered to one conversation, in order. */
  texts(conversationId: string): string[];
  failNext(times: number, error: () => Error): void;
  sendCalls: number;
}

export function createFakeAdapter(): FakeAdapter {
  const failures: (() => Error)[] = [];
  const adapter: FakeAdapter = {
    channel: 'web',
    capabilities: { quickReplies: true, contactRequest: true, maxTextLength: 4096 },
    deliveries: [],
    sendCalls: 0,
    mount() {},
    async send(delivery) {
      adapter.sendCalls++;
      const fail = failures.shift();
      if (fail) throw fail();
      adapter.deliveries.push(delivery);
    },
    texts(conversationId) {
      return adapter.deliveries.filter((d) => d.address.conversationId === conversationId).flatMap((d) => d.replies.map((r) => r.text));
    },
    failNext(times, error) {
      for (let i = 0; i < times; i++) failures.push(error);
    },
  };
  return adapter;
}

export const retryable = () => new AdapterError('web', 'send', { retryable: true, status: 502 });
export const blocked = () => new AdapterError('web', 'send', { retryable: false, permanent: true, status: 403 });
