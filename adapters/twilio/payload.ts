import { z } from 'zod';

/** Twilio's Messaging webhook sends at most ten media items with one MMS. */
export const MAX_MEDIA = 10;

/** A phone number in E.164, as Twilio writes `From` for SMS and MMS. */
export const E164 = /^\+[1-9]\d{5,14}$/;

/** A WhatsApp address as Twilio writes it: `whatsapp:` and the number in E.164. */
export const WHATSAPP_ADDRESS = /^whatsapp:\+[1-9]\d{5,14}$/;

const MediaSchema = z.object({
  url: z.url({ protocol: /^https$/, error: 'an https URL' }),
  contentType: z.string().regex(/^[\w.+-]+\/[\w.+-]+/, 'a MIME type such as image/jpeg'),
});
/** One MMS media item: where Twilio keeps it and what it is. */
export type SmsMedia = z.infer<typeof MediaSchema>;

/** A media item left out of the message, and why (logged, never a refusal: the text must not be lost). */
export interface SkippedMedia {
  field: string;
  reason: string;
}

/** A coordinate Twilio sends as text (WhatsApp location messages). */
const coordinate = (max: number) => z.coerce.number().min(-max).max(max).optional().catch(undefined);

/**
 * The form fields of an incoming SMS/MMS (or WhatsApp message through Twilio) that `normalize`
 * reads (Twilio sends many more, and adds new ones without notice, so unknown fields are allowed).
 * `AccountSid` must be the shop's own. `MediaUrl{N}`/`MediaContentType{N}` for N below `NumMedia`
 * are collected into `media`; an item Twilio sent oddly (not https, no content type) is left out
 * and listed in `skippedMedia`, and the message is still taken.
 */
export function inboundSmsSchema(accountSid: string) {
  return z
    .looseObject({
      MessageSid: z.string().regex(/^(SM|MM)[0-9a-f]{32}$/, 'a message SID: SM or MM and 32 hex digits'),
      AccountSid: z.string().refine((sid) => sid === accountSid, 'not this shop\'s account (TWILIO_ACCOUNT_SID)'),
      From: z.string().refine((from) => E164.test(from) || WHATSAPP_ADDRESS.test(from), 'a phone number in E.164, like +14155550100 (or whatsapp:+14155550100)'),
      To: z.string().min(1, 'missing'),
      Body: z.string().max(20_000, 'longer than any SMS').default(''),
      NumMedia: z.coerce.number().int().min(0).max(MAX_MEDIA).default(0),
      /** WhatsApp: the buyer's profile name. */
      ProfileName: z.string().max(200).optional().catch(undefined),
      /** WhatsApp: a quick-reply button of a template (its text is also the Body). */
      ButtonPayload: z.string().max(1000).optional().catch(undefined),
      ButtonText: z.string().max(1000).optional().catch(undefined),
      /** WhatsApp: a shared location. */
      Latitude: coordinate(90),
      Longitude: coordinate(180),
    })
    .transform((form) => {
      const media: SmsMedia[] = [];
      const skippedMedia: SkippedMedia[] = [];
      for (let i = 0; i < form.NumMedia; i++) {
        const item = MediaSchema.safeParse({ url: form[`MediaUrl${i}`], contentType: form[`MediaContentType${i}`] });
        if (item.success) media.push(item.data);
        else for (const issue of item.error.issues) skippedMedia.push({ field: issue.path[0] === 'url' ? `MediaUrl${i}` : `MediaContentType${i}`, reason: issue.message });
      }
      const location = form.Latitude !== undefined && form.Longitude !== undefined ? { latitude: form.Latitude, longitude: form.Longitude } : undefined;
      return {
        MessageSid: form.MessageSid,
        AccountSid: form.AccountSid,
        From: form.From,
        To: form.To,
        Body: form.Body,
        media,
        skippedMedia,
        ...(form.ProfileName ? { ProfileName: form.ProfileName } : {}),
        ...(form.ButtonPayload ? { button: { payload: form.ButtonPayload, text: form.ButtonText ?? form.Body } } : {}),
        ...(location ? { location } : {}),
      };
    });
}
/** An incoming SMS/MMS, validated. */
export type InboundSms = z.output<ReturnType<typeof inboundSmsSchema>>;

/**
 * A status callback about a message we sent: what became of it, and Twilio's error code when it
 * failed (21610: the buyer sent STOP). `To` is the buyer.
 */
export const StatusCallbackSchema = z.looseObject({
  MessageSid: z.string().min(1, 'missing'),
  MessageStatus: z.string().min(1).max(40),
  To: z.string().min(1, 'missing'),
  ErrorCode: z.coerce.number().int().optional().catch(undefined),
});
export type StatusCallback = z.output<typeof StatusCallbackSchema>;

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
