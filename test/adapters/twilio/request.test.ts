import { describe, expect, it } from 'vitest';
import { readTwilioRequest } from '../../../adapters/twilio/request.js';
import { twilioForm } from './sign.js';

const SHOP = { accountSid: 'AC0123456789abcdef0123456789abcdef', number: '+14155550100' };
const read = (name: string, changes: Record<string, string> = {}) => readTwilioRequest(twilioForm(name, changes), SHOP);
const without = (name: string, field: string) => {
  const { [field]: _gone, ...rest } = twilioForm(name);
  return readTwilioRequest(rest, SHOP);
};

describe('Twilio webhook requests', () => {
  it('reads an incoming SMS and an MMS with its two media', () => {
    expect(read('inbound-sms')).toMatchObject({ kind: 'message', sms: { MessageSid: 'SM1f0e8ae6ade43cb3c0ce4525424e404f', From: '+12025550143', Body: 'hello', media: [] } });
    const mms = read('inbound-mms');
    expect(mms).toMatchObject({ kind: 'message', sms: { MessageSid: 'MM8dfedb55c129dd4d6d9b5a7c3e8c2b3a', Body: 'the box arrived like this' } });
    expect(mms.kind === 'message' && mms.sms.media.map((m) => m.contentType)).toEqual(['image/jpeg', 'video/mp4']);
  });

  it('takes an MMS with no text', () => {
    expect(read('inbound-mms', { Body: '' })).toMatchObject({ kind: 'message', sms: { Body: '' } });
  });

  it('ignores status callbacks, calls, WhatsApp messages and unknown requests', () => {
    expect(read('status-callback')).toEqual({ kind: 'ignored', reason: 'status callback (delivered)' });
    expect(read('unknown')).toMatchObject({ kind: 'ignored', reason: expect.stringMatching(/voice call/) });
    expect(read('inbound-sms', { From: 'whatsapp:+12025550143', To: 'whatsapp:+14155550100' })).toMatchObject({ kind: 'ignored', reason: expect.stringMatching(/whatsapp/) });
    expect(readTwilioRequest({ AccountSid: SHOP.accountSid, ApiVersion: '2010-04-01' }, SHOP)).toEqual({ kind: 'ignored', reason: 'not an incoming message' });
    expect(readTwilioRequest({}, SHOP).kind).toBe('ignored');
  });

  it('never takes a callback about a message we sent for a buyer\'s message, even one carrying the text', () => {
    const withBody: Record<string, string> = { ...twilioForm('status-callback'), Body: 'Hello! How can I help?' };
    expect(readTwilioRequest(withBody, SHOP)).toEqual({ kind: 'ignored', reason: 'status callback (delivered)' });
    const { MessageStatus: _s, SmsStatus: _t, ...noStatus } = withBody;
    expect(readTwilioRequest(noStatus, SHOP)).toEqual({ kind: 'ignored', reason: 'a message from the shop\'s own number' });
  });

  it('refuses an incoming message Twilio would never send, naming the field', () => {
    const reasonOf = (r: ReturnType<typeof read>) => (r.kind === 'malformed' ? r.reason : `not malformed: ${r.kind}`);
    expect(reasonOf(read('inbound-sms', { MessageSid: 'SM123' }))).toMatch(/^MessageSid: /);
    expect(reasonOf(read('inbound-sms', { AccountSid: 'AC' + 'f'.repeat(32) }))).toMatch(/^AccountSid: not this shop's account/);
    expect(reasonOf(read('inbound-sms', { From: '12025550143' }))).toMatch(/^From: .*E\.164/);
    expect(reasonOf(read('inbound-sms', { NumMedia: 'two' }))).toMatch(/^NumMedia: /);
    expect(reasonOf(read('inbound-sms', { NumMedia: '11' }))).toMatch(/^NumMedia: /);
    expect(reasonOf(without('inbound-mms', 'MediaUrl1'))).toMatch(/^MediaUrl1: /);
    expect(reasonOf(read('inbound-mms', { MediaUrl0: 'http://api.twilio.com/media/ME1' }))).toMatch(/^MediaUrl0: an https URL/);
    expect(reasonOf(without('inbound-mms', 'MediaContentType0'))).toMatch(/^MediaContentType0: /);
    expect(reasonOf(without('inbound-sms', 'To'))).toMatch(/^To: /);
  });
});
