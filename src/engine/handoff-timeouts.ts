import type { Runtime } from './runtime.js';

/**
 * Buyers queued for a person longer than the timeout: each is told once, by recording a
 * gateway-made message in their conversation (so it is processed in order, like any other, by
 * the flows). Runs on every instance; the store hands each timed-out buyer to one of them.
 */
export async function watchHandoffTimeouts(rt: Runtime, timeoutMs: number): Promise<void> {
  const { store, clock } = rt;
  const every = Math.min(5000, Math.max(50, timeoutMs / 4));
  while (!rt.stopping()) {
    await rt.pause(every);
    if (rt.stopping()) return;
    try {
      for (const conversationId of await store.takeQueueTimeouts(new Date(clock().getTime() - timeoutMs))) {
        const [session, handoff] = await Promise.all([store.loadSession(conversationId), store.handoffOf(conversationId)]);
        if (!session || handoff.state !== 'queued') continue;
        await store.ingest({
          id: `handoff-timeout:${conversationId}:${handoff.queuedAt ?? ''}`,
          address: session.address,
          sender: { id: 'gateway' },
          text: '',
          attachments: [],
          receivedAt: clock().toISOString(),
          event: 'handoff_timeout',
        });
      }
    } catch (err) {
      rt.log.warn('cannot check handoff timeouts; retrying', { err });
    }
  }
}
