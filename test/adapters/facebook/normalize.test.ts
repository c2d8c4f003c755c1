import { describe, expect, it } from 'vitest';
import { toInbound } from '../../../adapters/facebook/normalize.js';
import { firstEvent, fixture } from './sign.js';

const at = new Date('2024-06-10T15:00:00.000Z');
const PAGE = '104512345678901';

describe('facebook normalize', () => {
  it('turns a text message into a message keyed by mid, in the buyer\'s PSID conversation', () => {
    expect(toInbound(firstEvent('messages.text'), at)).toEqual({
      kind: 'message',
      msg: {
        id: 'm_WMSfPGsyuaML_zfT0zRRlqQ3WU0Bg1LbwnmaYFMnK_G7MsvjTvz3F0WWJgl8F9KBTyux6eDWnTGZa2muYGW001',
        address: { channel: 'facebook', conversationId: 'facebook:7100000000000001', ref: { pageId: PAGE, at: at.getTime() } },
        sender: { id: '7100000000000001' },
        text: 'hello',
        attachments: [],
        receivedAt: '2024-06-10T15:00:00.000Z',
      },
    });
  });

  it('turns a quick reply into a postback with the button title as text', () => {
    const result = toInbound(firstEvent('messages.quick_reply'), at);
    expect(result).toMatchObject({ kind: 'message', msg: { text: 'Shipping', postback: 'FAQ_SHIPPING', attachments: [] } });
  });

  it('turns the phone-number quick reply into a shared contact, not a postback', () => {
    const result = toInbound(firstEvent('messages.quick_reply.user_phone_number'), at);
    expect(result.kind).toBe('message');
    if (result.kind !== 'message') return;
    expect(result.msg.contact).toEqual({ phone: '+15555550123' });
    expect(result.msg.postback).toBeUndefined();
  });

  it('turns a postback button into payload + title, keyed by its mid', () => {
    expect(toInbound(firstEvent('messaging_postbacks'), at)).toMatchObject({
      kind: 'message',
      msg: {
        id: 'm_Hu6rHq7f4XzWr1lJ0l8o2Qx9cY3bVtNnKkPpLmZzAaBbCcDdEeFfGgHhIiJjKkLlMmNnOoPpQqRrSsTt0004',
        address: { conversationId: 'facebook:7100000000000003' },
        text: 'Talk to a person',
        postback: 'HANDOFF',
      },
    });
  });

  it('builds a stable id for a postback without mid from sender, time and payload', () => {
    const event = firstEvent('messaging_postbacks') as { postback: Record<string, unknown> };
    delete event.postback.mid;
    const first = toInbound(event, at);
    const again = toInbound(structuredClone(event), new Date());
    expect(first).toMatchObject({ kind: 'message', msg: { id: 'postback:7100000000000003:1718031800654:HANDOFF' } });
    expect(again.kind === 'message' && again.msg.id).toBe('postback:7100000000000003:1718031800654:HANDOFF');
  });

  it('keeps an image attachment\'s URL', () => {
    expect(toInbound(firstEvent('messages.attachments.image'), at)).toMatchObject({
      kind: 'message',
      msg: {
        text: '',
        attachments: [
          {
            type: 'image',
            url: 'https://scontent.xx.fbcdn.net/v/t1.15752-9/000000000_000000000000000_0000000000000000000_n.jpg?_nc_cat=100&oh=00_scrubbed&oe=66700000',
          },
        ],
      },
    });
  });

  it('keeps a shared location\'s coordinates', () => {
    expect(toInbound(firstEvent('messages.attachments.location'), at)).toMatchObject({
      kind: 'message',
      msg: { attachments: [{ type: 'location', latitude: 52.520008, longitude: 13.404954 }] },
    });
  });

  it('marks an image with a sticker_id as a sticker', () => {
    const event = firstEvent('messages.attachments.image') as { message: { attachments: { payload: Record<string, unknown> }[] } };
    event.message.attachments[0]!.payload.sticker_id = 369239263222822;
    expect(toInbound(event, at)).toMatchObject({ kind: 'message', msg: { attachments: [{ type: 'sticker' }] } });
  });

  it.each([
    ['message_echoes', 'echo'],
    ['message_deliveries', 'delivery'],
    ['message_reads', 'read'],
    ['unknown-event', 'unknown'],
  ] as const)('ignores %s (%s)', (name, reason) => {
    expect(toInbound(firstEvent(name), at)).toEqual({ kind: 'ignored', reason });
  });

  it('ignores a message event that lacks its mid as invalid rather than inventing an id', () => {
    const event = firstEvent('messages.text') as { message: Record<string, unknown> };
    delete event.message.mid;
    expect(toInbound(event, at)).toEqual({ kind: 'ignored', reason: 'invalid' });
  });

  it('gives each entry of a batch its own conversation', () => {
    const body = fixture('multiple-entries');
    const ids = body.entry.flatMap((e) => e.messaging!.map((ev) => toInbound(ev, at))).map((r) => r.kind === 'message' && r.msg.address.conversationId);
    expect(ids).toEqual(['facebook:7100000000000007', 'facebook:7100000000000008']);
  });
});
