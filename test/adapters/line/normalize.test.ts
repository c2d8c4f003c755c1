import { describe, expect, it } from 'vitest';
import { toInbound, lineConversationId, pushTargetOf } from '../../../adapters/line/normalize.js';
import { toBatches, toMessages } from '../../../adapters/line/render.js';
import { fixture } from './line-fake.js';

const at = new Date('2026-01-01T00:00:00Z');
const first = (name: string) => toInbound(fixture(name).events[0], at);

describe('line events -> buyer messages', () => {
  it('a text message is keyed by the user id and deduped by webhookEventId', () => {
    const r = first('message.text');
    expect(r.kind).toBe('message');
    if (r.kind !== 'message') return;
    expect(r.msg.id).toBe('01FZ74A0TDDPYRVKNK77XKC3ZR');
    expect(r.msg.text).toBe('Hello, world');
    expect(r.msg.address.conversationId).toBe('line:U4af4980629...');
    expect(r.msg.address.ref).toEqual({ replyToken: '38ef843bde154d9b91c21320ffd17a0f', at: 1692251666727 });
  });

  it('stickers, images and locations become readable transcript lines', () => {
    const sticker = first('message.sticker');
    const image = first('message.image');
    const location = first('message.location');
    expect(sticker.kind === 'message' && sticker.msg.text).toBe('[sticker: cony, sally, Staring]');
    expect(image.kind === 'message' && image.msg.text).toBe('[image]');
    expect(location.kind === 'message' && location.msg.text).toBe('[location: my location, 1-3 Kioicho, Chiyoda-ku, Tokyo, 102-8282, Japan]');
    expect(location.kind === 'message' && location.msg.attachments).toEqual([{ type: 'location', latitude: 35.67966, longitude: 139.73669 }]);
  });

  it('a postback carries its data as the buyer\'s choice; follow greets; unfollow is unreachable', () => {
    const pb = first('postback');
    expect(pb.kind === 'message' && pb.msg.postback).toBe('storeId=12345');
    const follow = first('follow');
    expect(follow.kind === 'message' && follow.msg.text).toBe('hello');
    expect(first('unfollow')).toEqual({ kind: 'unfollow', conversationId: 'line:U4af4980629...' });
  });

  it('a group member gets their own conversation, pushed to in the group', () => {
    const r = first('message.group');
    expect(r.kind === 'message' && r.msg.address.conversationId).toBe('line:Ca56f94637c.../U4af4980629...');
    expect(pushTargetOf('line:Ca56f94637c.../U4af4980629...')).toBe('Ca56f94637c...');
    expect(lineConversationId({ type: 'room' })).toBeUndefined();
  });

  it('an event in standby mode is not answered', () => {
    const event = { ...fixture('message.text').events[0], mode: 'standby' };
    expect(toInbound(event, at)).toMatchObject({ kind: 'ignored', reason: 'standby' });
  });
});

describe('line replies -> message objects', () => {
  it('splits text at 5000 characters and groups at most five messages per call', () => {
    const long = 'word '.repeat(2100); // ~10500 characters: three messages
    const messages = toMessages([{ kind: 'text', text: long }, { kind: 'text', text: 'a' }, { kind: 'text', text: 'b' }, { kind: 'text', text: 'c' }]);
    expect(messages).toHaveLength(6);
    expect(messages.every((m) => m.text.length <= 5000)).toBe(true);
    expect(toBatches(messages).map((b) => b.length)).toEqual([5, 1]);
  });

  it('options become at most 13 message-action quick replies with labels of at most 20 characters', () => {
    const options = Array.from({ length: 15 }, (_, i) => ({ label: `Option number ${i} with a long name`, payload: `p${i}` }));
    const [m] = toMessages([{ kind: 'text', text: 'Pick one', quickReplies: options }]);
    expect(m!.quickReply!.items).toHaveLength(13);
    expect(m!.quickReply!.items[0]).toEqual({ type: 'action', action: { type: 'message', label: 'Option number 0 wit…', text: 'Option number 0 with a long name' } });
  });
});
