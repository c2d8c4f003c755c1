import { expect, it } from 'vitest';
import { contractSuite, message } from './stores.js';

contractSuite('events', (make, kind) => {
  it('shows a committed turn live: each transcript line as a message event, then the other events', async () => {
    const store = await make();
    // On Redis another instance sees it; memory has only the one instance.
    const watcher = kind === 'redis' ? await make() : store;
    const seen: unknown[] = [];
    const unsubscribe = await watcher.subscribe((event) => seen.push(event));
    const m = message(`live-${kind}`, 'can I talk to a person?');
    const conversationId = m.address.conversationId;
    const { lease } = await store.ingestAndLease(m);
    const at = new Date().toISOString();
    await store.commitTurn(lease!, {
      transcript: [
        { id: m.id, from: 'buyer', text: m.text, at },
        { id: `d:${m.id}:0`, from: 'bot', text: 'Someone will be with you "soon"', at, quickReplies: [{ label: 'OK', payload: 'ok' }] },
      ],
      events: [{ type: 'handoff', conversationId, state: 'queued', reason: 'asked', position: 1, at }],
    });
    await expect.poll(() => seen.length).toBe(3);
    expect(seen).toEqual([
      { type: 'message', conversationId, id: m.id, from: 'buyer', text: m.text, at },
      { type: 'message', conversationId, id: `d:${m.id}:0`, from: 'bot', text: 'Someone will be with you "soon"', at },
      { type: 'handoff', conversationId, state: 'queued', reason: 'asked', position: 1, at },
    ]);
    unsubscribe();
  });
});
