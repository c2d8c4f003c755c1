import { inboundSmsSchema, TwilioRequestKindSchema, type InboundSms } from './payload.js';

/** What a signed request to the Twilio webhook turned out to be. */
export type TwilioRequest =
  | { kind: 'message'; sms: InboundSms }
  /** Something Twilio sends that we do not handle (status callbacks, calls, other channels): 200, nothing recorded. */
  | { kind: 'ignored'; reason: string }
  /** Looks like an incoming message but is not one Twilio would send: 400 with the reason. */
  | { kind: 'malformed'; reason: string };

/**
 * Tell apart an incoming SMS/MMS, which is validated in full, from everything else the same URL
 * may get: a status callback (`MessageStatus` without `Body`, or about a message we sent), a voice
 * call, a WhatsApp or other channel message (only SMS/MMS is handled), or anything unknown.
 */
export function readTwilioRequest(form: Record<string, string>, shop: { accountSid: string; number: string }): TwilioRequest {
  const kind = TwilioRequestKindSchema.parse(form);
  if (kind.CallSid !== undefined) return { kind: 'ignored', reason: 'a voice call (point the number\'s voice webhook elsewhere)' };
  if (kind.MessageStatus !== undefined && (kind.Body === undefined || kind.MessageStatus !== 'received')) {
    return { kind: 'ignored', reason: `status callback (${kind.MessageStatus.slice(0, 20)})` };
  }
  // Never a buyer: a callback about a message we sent, which must not start a conversation with ourselves.
  if (kind.From === shop.number) return { kind: 'ignored', reason: 'a message from the shop\'s own number' };
  const channel = /^([a-z]+):/.exec(kind.From ?? '');
  if (channel) return { kind: 'ignored', reason: `a ${channel[1]} message (only SMS and MMS are handled)` };
  const isMessage = (kind.MessageSid ?? kind.SmsMessageSid) !== undefined && (kind.Body !== undefined || kind.NumMedia !== undefined);
  if (!isMessage) return { kind: 'ignored', reason: 'not an incoming message' };
  const sms = inboundSmsSchema(shop.accountSid).safeParse(form);
  if (!sms.success) return { kind: 'malformed', reason: sms.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') };
  return { kind: 'message', sms: sms.data };
}
