import { z } from 'zod';

/** Twilio's Messaging webhook sends at most ten media items with one MMS. */
export const MAX_MEDIA = 10;

/** A phone number in E.164, as Twilio writes `From` for SMS and MMS. */
export const E164 = /^\+[1-9]\d{5,14}$/;

const MediaSchema = z.object({
  url: z.url({ protocol: /^https$/, error: 'an https URL' }),
  contentType: z.string().regex(/^[\w.+-]+\/[\w.+-]+/, 'a MIME type such as image/jpeg'),
});
/** One MMS media item: where Twilio keeps it and what it is. */
export type SmsMedia = z.infer<typeof MediaSchema>;

/**
 * The form fields of an incoming SMS/MMS that `normalize` reads (Twilio sends many more, and adds
 * new ones without notice, so unknown fields are allowed). `AccountSid` must be the shop's own.
 * `MediaUrl{N}`/`MediaContentType{N}` for N below `NumMedia` are collected into `media`.
 */
export function inboundSmsSchema(accountSid: string) {
  return z
    .looseObject({
      MessageSid: z.string().regex(/^(SM|MM)[0-9a-f]{32}$/, 'a message SID: SM or MM and 32 hex digits'),
      AccountSid: z.string().refine((sid) => sid === accountSid, 'not this shop\'s account (TWILIO_ACCOUNT_SID)'),
      From: z.string().regex(E164, 'a phone number in E.164, like +14155550100'),
      To: z.string().min(1, 'missing'),
      Body: z.string().max(20_000, 'longer than any SMS').default(''),
      NumMedia: z.coerce.number().int().min(0).max(MAX_MEDIA).default(0),
    })
    .transform((form, ctx) => {
      const media: SmsMedia[] = [];
      for (let i = 0; i < form.NumMedia; i++) {
        const item = MediaSchema.safeParse({ url: form[`MediaUrl${i}`], contentType: form[`MediaContentType${i}`] });
        if (!item.success) {
          for (const issue of item.error.issues) {
            const field = issue.path[0] === 'url' ? `MediaUrl${i}` : `MediaContentType${i}`;
            ctx.issues.push({ code: 'custom', message: issue.message, path: [field], input: form[field] });
          }
          return z.NEVER;
        }
        media.push(item.data);
      }
      return { MessageSid: form.MessageSid, AccountSid: form.AccountSid, From: form.From, To: form.To, Body: form.Body, media };
    });
}
/** An incoming SMS/MMS, validated. */
export type InboundSms = z.output<ReturnType<typeof inboundSmsSchema>>;

/** Just enough of any Twilio request to tell what kind it is. */
export const TwilioRequestKindSchema = z.looseObject({
  MessageSid: z.string().optional(),
  SmsMessageSid: z.string().optional(),
  MessageStatus: z.string().optional(),
  CallSid: z.string().optional(),
  From: z.string().optional(),
  Body: z.string().optional(),
  NumMedia: z.string().optional(),
});
