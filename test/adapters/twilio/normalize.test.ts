import { describe, expect, it } from 'vitest';
import { asOptionAnswer, attachmentType, offeredOptions, phoneOf, toInbound } from '../../../adapters/twilio/normalize.js';
import { readTwilioRequest } from '../../../adapters/twilio/request.js';
import type { InboundMessage, TranscriptEntry } from '../../../src/engine/types.js';
import { twilioForm } from './sign.js';

const SHOP = { accountSid: 'AC0123456789abcdef0123456789abcdef', number: '+14155550100' };
const AT = new Date('2025-11-22T10:30:00Z');

function inbound(name: string, changes: Record<string, string> = {}): InboundMessage {
  const request = readTwilioRequest(twilioForm(name, changes), SHOP);
  if (request.kind !== 'message') throw new Error(`${name} is not a message: ${request.kind}`);
  return toInbound(request.sms, AT);
}

const OPTIONS = [
  { label: 'Shipping', payload: 'faq:shipping' },
  { label: 'Returns', payload: 'faq:returns' },
];
const line = (from: TranscriptEntry['from'], text: string, quickReplies?: TranscriptEntry['quickReplies']): TranscriptEntry => ({ id: `${from}:${text}`, from, text, at: AT.toISOString(), ...(quickReplies ? { quickReplies } : {}) });

describe('Twilio normalize', () => {
  it('turns an SMS into a message of the sender\'s conversation, keyed by its MessageSid', () => {
    expect(inbound('inbound-sms')).toEqual({
      id: 'SM1f0e8ae6ade43cb3c0ce4525424e404f',
      address: { channel: 'twilio', conversationId: 'twilio:+12025550143' },
      sender: { id: '+12025550143' },
      text: 'hello',
      attachments: [],
      receivedAt: '2025-11-22T10:30:00.000Z',
    });
  });

  it('turns MMS media into attachments with Twilio\'s media URLs', () => {
    const msg = inbound('inbound-mms');
    expect(msg.text).toBe('the box arrived like this');
    expect(msg.attachments).toEqual([
      { type: 'image', url: 'https://api.twilio.com/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages/MM8dfedb55c129dd4d6d9b5a7c3e8c2b3a/Media/ME0000000000000000000000000000000a' },
      { type: 'video', url: 'https://api.twilio.com/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages/MM8dfedb55c129dd4d6d9b5a7c3e8c2b3a/Media/ME0000000000000000000000000000000b' },
    ]);
  });

  it('tells media kinds by content type, anything else being a file', () => {
    expect(['image/png', 'audio/amr', 'VIDEO/3gpp', 'text/vcard', 'application/pdf'].map(attachmentType)).toEqual(['image', 'audio', 'video', 'file', 'file']);
  });

  it('reads the phone number back from a conversation id', () => {
    expect(phoneOf('twilio:+12025550143')).toBe('+12025550143');
    expect(phoneOf('twilio:whatsapp:+12025550143')).toBe('whatsapp:+12025550143');
    expect(phoneOf('twilio:telegram:+12025550143')).toBeUndefined();
    expect(phoneOf('web:+12025550143')).toBeUndefined();
  });
});

describe('Twilio numbered options', () => {
  it('takes the options of the bot\'s latest offer since the buyer last wrote', () => {
    expect(offeredOptions([line('buyer', 'hi'), line('bot', 'Which one?', OPTIONS)])).toEqual(OPTIONS);
    // The offer came with a second reply after it, in the same turn.
    expect(offeredOptions([line('buyer', 'hi'), line('bot', 'Which one?', OPTIONS), line('bot', 'Or just ask.')])).toEqual(OPTIONS);
  });

  it('forgets an offer the buyer already answered, or that a person spoke after', () => {
    expect(offeredOptions([line('bot', 'Which one?', OPTIONS), line('buyer', 'never mind'), line('bot', 'OK!')])).toEqual([]);
    expect(offeredOptions([line('bot', 'Which one?', OPTIONS), line('agent', 'Hi, I am Mei. How many items?')])).toEqual([]);
    expect(offeredOptions([])).toEqual([]);
  });

  it('turns "1" or "2)" into the press of that option, and leaves other texts as typed', () => {
    const msg = inbound('inbound-sms', { Body: '2' });
    expect(asOptionAnswer(msg, OPTIONS)).toEqual({ ...msg, text: 'Returns', postback: 'faq:returns' });
    expect(asOptionAnswer(inbound('inbound-sms', { Body: ' 1) ' }), OPTIONS)).toMatchObject({ text: 'Shipping', postback: 'faq:shipping' });
    for (const text of ['3', '0', '12 items', 'hello']) {
      const typed = inbound('inbound-sms', { Body: text });
      expect(asOptionAnswer(typed, OPTIONS), text).toEqual(typed);
    }
    expect(asOptionAnswer(msg, [])).toEqual(msg);
  });
});
