import { z } from 'zod';

/** The form fields of an inbound SMS/MMS webhook that `normalize` reads (Twilio sends many more). */
export const InboundSmsSchema = z
  .object({
    MessageSid: z.string().regex(/^(SM|MM)[0-9a-f]{32}$/i, 'a message SID (SM… or MM…)'),
    AccountSid: z.string().regex(/^AC[0-9a-f]{32}$/i),
    From: z.string().min(1),
    To: z.string().min(1),
    Body: z.string().default(''),
    NumMedia: z.coerce.number().int().min(0).max(10).default(0),
  })
  .catchall(z.string());
export type InboundSms = z.infer<typeof InboundSmsSchema>;

/** A status callback (sent, delivered, failed…): acknowledged, nothing to record. */
export const StatusCallbackSchema = z.object({ MessageSid: z.string(), MessageStatus: z.string() }).catchall(z.string());

/** The error body Twilio's REST API answers with. */
export const TwilioErrorSchema = z.object({ code: z.number().optional(), message: z.string().optional(), status: z.number().optional() });
