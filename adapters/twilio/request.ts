import { inboundSmsSchema, StatusCallbackSchema, TwilioRequestKindSchema, type InboundSms, type StatusCallback } from './payload.js';

/** What a signed request to the Twilio webhook turned out to be. */
export type TwilioRequest =
  | { kind: 'message'; sms: InboundSms }
  /** A status callback about a message we sent: recorded in the log, never answered; a failure code may mark the buyer unreachable. */
  | { kind: 'status'; status: StatusCallback }
  /** Something Twilio sends that we do not handle (calls, other channels): 200, nothing recorded. */
  | { kind: 'ignored'; reason: string }
  /** Looks like an incoming message but is not one Twilio would send: 400 with the reason. */
  | { kind: 'malformed'; reason: string };

/** Channels besides SMS/MMS that Twilio's messaging webhook carries and that are handled. */
const HANDLED_PREFIXES = new Set(['whatsapp']);

/**
 * Tell apart an incoming SMS/MMS or WhatsApp message, which is validated in full, from everything
 * else the same URL may get: a status callback (`MessageStatus` without `Body`, or about a message
 * we sent), a voice call, another channel's message (Messenger, RCS…), or anything unknown.
 */
export function readTwilioRequest(form: Record<string, string>, shop: { accountSid: string; number: string }): TwilioRequest {
  const kind = TwilioRequestKindSchema.parse(form);
  if (kind.CallSid !== undefined) return { kind: 'ignored', reason: 'a voice call (point the number\'s voice webhook elsewhere)' };
  if (kind.MessageStatus !== undefined && (kind.Body === undefined || kind.MessageStatus !== 'received')) {
    const status = StatusCallbackSchema.safeParse(form);
    // Twilio's own callbacks always carry these; one that does not is acknowledged, never refused.
    if (!status.success) return { kind: 'ignored', reason: `status callback (${kind.MessageStatus.slice(0, 20)}) without MessageSid or To` };
    return { kind: 'status', status: status.data };
  }
  const channel = /^([a-z]+):/.exec(kind.From ?? '')?.[1];
  // Never a buyer: a callback about a message we sent, which must not start a conversation with ourselves.
  if ((channel ? kind.From!.slice(channel.length + 1) : kind.From) === shop.number) return { kind: 'ignored', reason: 'a message from the shop\'s own number' };
  if (channel && !HANDLED_PREFIXES.has(channel)) return { kind: 'ignored', reason: `a ${channel} message (only SMS, MMS and WhatsApp are handled)` };
  const isMessage = (kind.MessageSid ?? kind.SmsMessageSid) !== undefined && (kind.Body !== undefined || kind.NumMedia !== undefined);
  if (!isMessage) return { kind: 'ignored', reason: 'not an incoming message' };
  const sms = inboundSmsSchema(shop.accountSid).safeParse(form);
  if (!sms.success) return { kind: 'malformed', reason: sms.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') };
  return { kind: 'message', sms: sms.data };
}
