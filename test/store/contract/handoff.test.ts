import { expect, it } from 'vitest';
import type { ConversationId, Delivery } from '../../../src/engine/types.js';
import { contractSuite } from './stores.js';

contractSuite('handoff', (make, kind) => {
  it('queues a buyer for a person once, in order of asking, with their place in line', async () => {
    const store = await make();
    const first = `web:first-${kind}` as ConversationId;
    const second = `web:second-${kind}` as ConversationId;
    expect(await store.handoffOf(first)).toEqual({ state: 'bot' });
    expect((await store.requestHuman(first, 'human')).position).toBe(1);
    expect((await store.requestHuman(second, 'complaint')).position).toBe(2);
    expect((await store.requestHuman(first, 'human')).position).toBe(1); // asking again keeps the place
    expect(await store.queuePosition(second)).toBe(2);
    expect(await store.handoffOf(second)).toMatchObject({ state: 'queued', reason: 'complaint' });
    expect((await store.listConversations('queued', 10)).map((c) => c.id)).toEqual(expect.arrayContaining([first, second]));
  });

  it('lets exactly one agent take a conversation, within that agent\'s limit', async () => {
    const store = await make();
    const a = `web:take-a-${kind}` as ConversationId;
    const b = `web:take-b-${kind}` as ConversationId;
    await store.requestHuman(a, 'human');
    await store.requestHuman(b, 'human');
    const results = await Promise.all([store.claimConversation(a, 'Ana', 5), store.claimConversation(a, 'Bo', 5)]);
    expect([...results].sort()).toEqual(['claimed', 'taken']);
    const winner = results[0] === 'claimed' ? 'Ana' : 'Bo';
    expect(await store.handoffOf(a)).toMatchObject({ state: 'agent', agent: winner });
    expect(await store.queuePosition(a)).toBeUndefined();
    expect(await store.claimConversation(a, winner, 5)).toBe('claimed'); // taking one's own again is fine
    expect(await store.claimConversation(b, winner, 1)).toBe('over_limit');
    expect(await store.handoffOf(b)).toMatchObject({ state: 'queued' });
  });

  it('hands back only from its holder (or an owner), then the bot has the conversation again', async () => {
    const store = await make();
    const conv = `web:back-${kind}` as ConversationId;
    await store.requestHuman(conv, 'human');
    await store.claimConversation(conv, 'Ana', 5);
    expect(await store.releaseConversation(conv, 'Bo', 'bot')).toBe('not_yours');
    expect(await store.releaseConversation(conv, 'Ana', 'bot')).toBe('released');
    expect(await store.handoffOf(conv)).toEqual({ state: 'bot' });
    expect(await store.releaseConversation(conv, 'Ana', 'bot')).toBe('not_held');
    await store.claimConversation(conv, 'Ana', 5);
    expect(await store.releaseConversation(conv, undefined, 'closed')).toBe('released'); // an owner closes anyone's
    expect(await store.handoffOf(conv)).toMatchObject({ state: 'closed' });
    expect(await store.claimConversation(conv, 'Bo', 1)).toBe('claimed'); // Ana's count went down with it
  });

  it('tells each buyer who waited too long once, whoever asks', async () => {
    const store = await make();
    const conv = `web:late-${kind}` as ConversationId;
    await store.requestHuman(conv, 'human');
    expect(await store.takeQueueTimeouts(new Date(Date.now() - 60_000))).not.toContain(conv);
    const later = new Date(Date.now() + 1000);
    const [one, two] = await Promise.all([store.takeQueueTimeouts(later), store.takeQueueTimeouts(later)]);
    expect([...one, ...two].filter((c) => c === conv)).toEqual([conv]);
  });

  it('records an agent\'s reply in the transcript and queues it for the buyer\'s channel, in order', async () => {
    const store = await make();
    const conv = `web:reply-${kind}` as ConversationId;
    const delivery = (id: string, text: string): Delivery => ({ id, address: { channel: 'web', conversationId: conv }, replies: [{ kind: 'text', text }], from: 'agent' });
    await store.sendAsAgent(conv, { id: 'a1:0', from: 'agent', text: 'Hi, Ana here', at: new Date().toISOString() }, delivery('a1', 'Hi, Ana here'));
    await store.sendAsAgent(conv, { id: 'a2:0', from: 'agent', text: 'It ships today', at: new Date().toISOString() }, delivery('a2', 'It ships today'));
    expect((await store.transcript(conv)).map((l) => l.text)).toEqual(['Hi, Ana here', 'It ships today']);
    const sent: string[] = [];
    for (let lease = await store.claim('out', 0); lease; lease = await store.claim('out', 0)) {
      sent.push((JSON.parse(lease.item) as Delivery).replies[0]!.text!);
      await store.ack(lease);
    }
    expect(sent).toEqual(['Hi, Ana here', 'It ships today']);
  });
});
