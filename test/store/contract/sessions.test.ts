import { expect, it } from 'vitest';
import type { ConversationId } from '../../../src/engine/types.js';
import { initialSession } from '../../../src/store/session.js';
import { contractSuite, message } from './stores.js';

contractSuite('sessions', (make, kind) => {
  it('marks a conversation unreachable until the buyer writes again', async () => {
    const store = await make();
    const m = message(`unreach-${kind}`, 'back');
    await store.markUnreachable(m.address.conversationId);
    expect(await store.isUnreachable(m.address.conversationId)).toBe(true);
    await store.ingest(m);
    expect(await store.isUnreachable(m.address.conversationId)).toBe(false);
    await store.commitTurn((await store.claim('in', 0))!, { transcript: [] });
  });

  it('applies a buyer\'s edit: to the waiting message, else to its transcript line; not while a worker holds it', async () => {
    const store = await make();
    const conv = `web:edit-${kind}` as ConversationId;
    const first = message(`edit-${kind}`, 'helo');
    const second = message(`edit-${kind}`, 'do you ship to Madird?');
    await store.ingest(first);
    await store.ingest(second);
    const lease = await store.claim('in', 0);
    expect(lease?.item).toContain('helo');
    expect(await store.editMessage(conv, first.id, 'hello')).toBe('processing');
    expect(await store.editMessage(conv, second.id, 'do you ship to Madrid?')).toBe('pending');
    await store.commitTurn(lease!, { transcript: [{ id: first.id, from: 'buyer', text: 'helo', at: first.receivedAt }] });
    const next = await store.claim('in', 0);
    expect(JSON.parse(next!.item)).toMatchObject({ id: second.id, text: 'do you ship to Madrid?', attachments: [] });
    await store.commitTurn(next!, { transcript: [] });
    const events: unknown[] = [];
    const unsubscribe = await store.subscribe((event) => void events.push(event));
    expect(await store.editMessage(conv, first.id, 'hello / «hola»')).toBe('transcript');
    // Live views get the edited line as a message event with the same id.
    await expect.poll(() => events).toEqual([{ type: 'message', conversationId: conv, id: first.id, from: 'buyer', text: 'hello / «hola»', at: first.receivedAt }]);
    unsubscribe();
    expect(await store.transcript(conv)).toEqual([{ id: first.id, from: 'buyer', text: 'hello / «hola»', at: first.receivedAt }]);
    expect(await store.editMessage(conv, 'never-seen', 'x')).toBe('unknown');
  });

  it('expires sessions after inactivity', async () => {
    const store = await make({ sessionTtlSeconds: 1 });
    const m = message(`ttl-${kind}`, 'hi');
    await store.ingest(m);
    await store.commitTurn((await store.claim('in', 0))!, { session: initialSession(m.address, new Date()), transcript: [] });
    expect(await store.loadSession(m.address.conversationId)).toBeDefined();
    await new Promise((r) => setTimeout(r, 1300));
    expect(await store.loadSession(m.address.conversationId)).toBeUndefined();
  });

  it('indexes contact details for the export and erases them on request', async () => {
    const store = await make();
    const m = message(`contact-${kind}`, 'my phone');
    await store.ingest(m);
    const session = { ...initialSession(m.address, new Date()), contact: { phone: '+34612345678', name: 'Ana' } };
    await store.commitTurn((await store.claim('in', 0))!, { session, transcript: [], contact: session.contact });
    expect(await store.contacts()).toContainEqual({ conversationId: m.address.conversationId, contact: { phone: '+34612345678', name: 'Ana' } });
    await store.eraseContact(m.address.conversationId);
    expect((await store.contacts()).map((c) => c.conversationId)).not.toContain(m.address.conversationId);
    expect((await store.loadSession(m.address.conversationId))?.contact).toEqual({});
  });
});
