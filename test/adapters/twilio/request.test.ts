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

  it('reads status callbacks as statuses, with the error code of a failure', () => {
    expect(read('status-callback')).toMatchObject({ kind: 'status', status: { MessageStatus: 'delivered', To: '+12025550143' } });
    expect(read('status-callback.undelivered-21610')).toMatchObject({ kind: 'status', status: { MessageStatus: 'undelivered', ErrorCode: 21610, To: '+12025550143' } });
    // One without the fields Twilio always sends is acknowledged, never refused.
    expect(readTwilioRequest({ MessageStatus: 'sent' }, SHOP).kind).toBe('ignored');
  });

  it('reads a WhatsApp message through Twilio, with its profile name; other channels are ignored', () => {
    expect(read('inbound-whatsapp')).toMatchObject({ kind: 'message', sms: { From: 'whatsapp:+34612345678', To: 'whatsapp:+14155238886', Body: 'hola', ProfileName: 'Lucía' } });
    expect(read('inbound-whatsapp', { Latitude: '40.4168', Longitude: '-3.7038', Body: '' })).toMatchObject({ kind: 'message', sms: { location: { latitude: 40.4168, longitude: -3.7038 } } });
    expect(read('inbound-whatsapp', { ButtonPayload: 'human', ButtonText: 'Talk to a person', Body: 'Talk to a person' })).toMatchObject({ kind: 'message', sms: { button: { payload: 'human', text: 'Talk to a person' } } });
    expect(read('inbound-sms', { From: 'messenger:1234567890', To: 'messenger:0987654321' })).toMatchObject({ kind: 'ignored', reason: expect.stringMatching(/messenger/) });
  });

  it('ignores calls and unknown requests', () => {
    expect(read('unknown')).toMatchObject({ kind: 'ignored', reason: expect.stringMatching(/voice call/) });
    expect(readTwilioRequest({ AccountSid: SHOP.accountSid, ApiVersion: '2010-04-01' }, SHOP)).toEqual({ kind: 'ignored', reason: 'not an incoming message' });
    expect(readTwilioRequest({}, SHOP).kind).toBe('ignored');
  });

  it('never takes a callback about a message we sent for a buyer\'s message, even one carrying the text', () => {
    const withBody: Record<string, string> = { ...twilioForm('status-callback'), Body: 'Hello! How can I help?' };
    expect(readTwilioRequest(withBody, SHOP)).toMatchObject({ kind: 'status' });
    const { MessageStatus: _s, SmsStatus: _t, ...noStatus } = withBody;
    expect(readTwilioRequest(noStatus, SHOP)).toEqual({ kind: 'ignored', reason: 'a message from the shop\'s own number' });
  });

  it('takes an MMS whose media fields are odd, keeping the usable media and naming the rest', () => {
    const sms = (r: ReturnType<typeof read>) => (r.kind === 'message' ? r.sms : undefined);
    const plainHttp = sms(read('inbound-mms', { MediaUrl0: 'http://api.twilio.com/media/ME1' }));
    expect(plainHttp).toMatchObject({ Body: 'the box arrived like this', media: [{ contentType: 'video/mp4' }], skippedMedia: [{ field: 'MediaUrl0', reason: expect.stringMatching(/https/) }] });
    expect(sms(without('inbound-mms', 'MediaContentType0'))).toMatchObject({ media: [{ contentType: 'video/mp4' }], skippedMedia: [{ field: 'MediaContentType0' }] });
    expect(sms(without('inbound-mms', 'MediaUrl1'))).toMatchObject({ media: [{ contentType: 'image/jpeg' }], skippedMedia: [{ field: 'MediaUrl1' }] });
    // Media only, nothing usable: still a message (the buyer wrote), with no attachments.
    expect(sms(read('inbound-mms', { Body: '', MediaUrl0: 'ftp://x', MediaUrl1: '' }))).toMatchObject({ Body: '', media: [] });
  });

  it('refuses an incoming message Twilio would never send, naming the field', () => {
    const reasonOf = (r: ReturnType<typeof read>) => (r.kind === 'malformed' ? r.reason : `not malformed: ${r.kind}`);
    expect(reasonOf(read('inbound-sms', { MessageSid: 'SM123' }))).toMatch(/^MessageSid: /);
    expect(reasonOf(read('inbound-sms', { AccountSid: 'AC' + 'f'.repeat(32) }))).toMatch(/^AccountSid: not this shop's account/);
    expect(reasonOf(read('inbound-sms', { From: '12025550143' }))).toMatch(/^From: .*E\.164/);
    expect(reasonOf(read('inbound-sms', { NumMedia: 'two' }))).toMatch(/^NumMedia: /);
    expect(reasonOf(read('inbound-sms', { NumMedia: '11' }))).toMatch(/^NumMedia: /);
    expect(reasonOf(without('inbound-sms', 'To'))).toMatch(/^To: /);
  });
});
