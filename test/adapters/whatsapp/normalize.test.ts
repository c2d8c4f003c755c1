import { describe, expect, it } from 'vitest';
import { recipientOf, toInbound, toStatus } from '../../../adapters/whatsapp/normalize.js';
import { MessagesValueSchema } from '../../../adapters/whatsapp/payload.js';
import { fixture } from './graph-fake.js';

const AT = new Date('2026-06-08T20:59:50.000Z');

/** Every message of a fixture, normalized as the webhook route does. */
function inbound(name: string) {
  const body = fixture(name);
  return body.entry.flatMap((e) =>
    e.changes.flatMap((c: { value: unknown }) => {
      const value = MessagesValueSchema.parse(c.value);
      return (value.messages ?? []).map((m) => toInbound(value, m, AT));
    }),
  );
}
const one = (name: string) => {
  const [result] = inbound(name);
  if (result?.kind !== 'message') throw new Error(`${name}: ${JSON.stringify(result)}`);
  return result.msg;
};

describe('whatsapp normalize: Meta\'s published webhook examples', () => {
  it('text: the buyer\'s phone number keys the conversation; the message time goes in the address for the 24-hour window', () => {
    expect(one('message.text')).toEqual({
      id: 'wamid.HBgLMzQ2MTIzNDU2NzgVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=',
      address: { channel: 'whatsapp', conversationId: 'whatsapp:34612345678', ref: { at: 1749416383000, messageId: 'wamid.HBgLMzQ2MTIzNDU2NzgVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=', phoneNumberId: '106540352242922' } },
      sender: { id: '34612345678', name: 'Lucía Fernández' },
      text: 'hola',
      attachments: [],
      receivedAt: AT.toISOString(),
    });
  });

  it('interactive button_reply and list_reply: the button\'s id is the payload, its title the text', () => {
    expect(one('message.interactive.button_reply')).toMatchObject({ text: 'Hablar con alguien', postback: 'human' });
    expect(one('message.interactive.list_reply')).toMatchObject({ text: 'Envíos', postback: 'faq:shipping' });
  });

  it('a template\'s quick reply (type button, button.payload) is a postback too', () => {
    expect(one('message.button')).toMatchObject({ text: 'Hablar con alguien', postback: 'human' });
  });

  it('a shared contact card is somebody else\'s: shown, never taken as the buyer\'s own contact', () => {
    const msg = one('message.contacts');
    expect(msg.text).toBe('[contact: Ana García +34 699 111 222]');
    expect(msg.contact).toBeUndefined();
    expect(msg.sender.id).toBe('34612345678');
  });

  it('media and locations become attachments (media by its Graph id), with the caption as text when there is one', () => {
    expect(one('message.image')).toMatchObject({ text: '¿Tenéis esta en verde?', attachments: [{ type: 'image', fileId: '1037543291543636' }] });
    expect(one('message.audio.voice')).toMatchObject({ text: '[voice]', attachments: [{ type: 'audio', fileId: '1456742101889237' }] });
    expect(one('message.video')).toMatchObject({ text: '[video]', attachments: [{ type: 'video', fileId: '1261432695216489' }] });
    expect(one('message.document')).toMatchObject({ text: '[document: factura-1024.pdf]', attachments: [{ type: 'file', fileId: '1213645476729513' }] });
    expect(one('message.sticker')).toMatchObject({ text: '[sticker]', attachments: [{ type: 'sticker', fileId: '1132432211367414' }] });
    expect(one('message.location')).toMatchObject({
      text: '[location: Puerta del Sol, Plaza de la Puerta del Sol, Madrid]',
      attachments: [{ type: 'location', latitude: 40.416775, longitude: -3.70379 }],
    });
  });

  it('reactions and unsupported messages are acknowledged without a turn', () => {
    expect(inbound('message.reaction')).toEqual([{ kind: 'ignored', reason: 'reaction', type: 'reaction' }]);
    expect(inbound('message.unsupported')).toEqual([{ kind: 'ignored', reason: 'unsupported', type: 'unsupported' }]);
  });

  it('users without a phone number are keyed on their business-scoped id, else their username, and answered there', () => {
    const byId = one('message.text.user_id');
    expect(byId).toMatchObject({ address: { conversationId: 'whatsapp:ES.13491208655302741918' }, sender: { id: 'ES.13491208655302741918', name: '王芳' }, text: '你好' });
    expect(recipientOf(byId.address.conversationId)).toEqual({ recipient: 'ES.13491208655302741918' });
    const byName = one('message.text.username');
    expect(byName.address.conversationId).toBe('whatsapp:@sam.shops');
    expect(recipientOf('whatsapp:34612345678')).toEqual({ to: '34612345678' });
  });

  it('several messages of several changes and entries, each its own', () => {
    const all = inbound('batch.several').map((r) => (r.kind === 'message' ? `${r.msg.address.conversationId} ${r.msg.text}` : r.kind));
    expect(all).toEqual(['whatsapp:34612345678 hola', 'whatsapp:34612345678 ¿hacéis envíos a Canarias?', 'whatsapp:8613800138000 在吗']);
  });
});

describe('whatsapp statuses', () => {
  const status = (name: string) => toStatus(fixture(name).entry[0].changes[0].value.statuses[0]);

  it('sent, delivered and read are acknowledged, no failure', () => {
    for (const s of ['sent', 'delivered', 'read']) expect(status(`statuses.${s}`)).toMatchObject({ status: s, unreachable: false, conversationId: 'whatsapp:34612345678' });
    expect(status('statuses.read')!.failure).toBeUndefined();
  });

  it('only an error meaning the user cannot be reached marks them unreachable (not the experiment, not the window)', () => {
    expect(status('statuses.failed.131026')).toMatchObject({ unreachable: true, failure: { code: 131026, title: 'Message undeliverable' }, at: 1749416400000 });
    expect(status('statuses.failed.130472')).toMatchObject({ unreachable: false, failure: { code: 130472 } });
    expect(status('statuses.failed.131047')).toMatchObject({ unreachable: false, failure: { code: 131047 } });
  });
});
