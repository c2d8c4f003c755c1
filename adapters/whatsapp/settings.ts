import { z } from 'zod';
import { requireVariables } from '../../src/config/env.js';
import type { WhatsAppConfig } from './index.js';

/**
 * WhatsApp's environment variables (README "WhatsApp (Cloud API)"), with their defaults. The access
 * token or the phone number id turns the channel on, and then all four credentials are needed.
 */
export const WhatsAppSettingsSchema = z
  .object({
    WHATSAPP_ACCESS_TOKEN: z.string().min(16).optional(),
    WHATSAPP_PHONE_NUMBER_ID: z.string().regex(/^\d{5,20}$/, 'the business phone number id (digits) from WhatsApp → API Setup').optional(),
    WHATSAPP_APP_SECRET: z.string().min(16).optional(),
    WHATSAPP_VERIFY_TOKEN: z.string().min(8).optional(),
    WHATSAPP_API_VERSION: z.string().regex(/^v\d+\.\d+$/, 'a Graph API version like v23.0').default('v23.0'),
    /** WhatsApp Cloud API (Graph API) base URL (a local fake in tests); http:// accepted. */
    WHATSAPP_API_ROOT: z.url({ protocol: /^https?$/, error: 'an http(s) URL, like https://graph.facebook.com' }).default('https://graph.facebook.com'),
  })
  .transform((env, ctx): Omit<WhatsAppConfig, 'log' | 'now'> | undefined => {
    if (!(env.WHATSAPP_ACCESS_TOKEN || env.WHATSAPP_PHONE_NUMBER_ID)) return undefined; // off
    const required = {
      WHATSAPP_ACCESS_TOKEN: 'for WhatsApp (with WHATSAPP_PHONE_NUMBER_ID): it sends the replies',
      WHATSAPP_PHONE_NUMBER_ID: 'for WhatsApp (with WHATSAPP_ACCESS_TOKEN): the number replies go from',
      WHATSAPP_APP_SECRET: 'for WhatsApp: it signs every webhook',
      WHATSAPP_VERIFY_TOKEN: 'for WhatsApp: Meta echoes it when the webhook is registered',
    };
    if (!requireVariables(env, ctx, required)) return z.NEVER;
    return {
      accessToken: env.WHATSAPP_ACCESS_TOKEN,
      phoneNumberId: env.WHATSAPP_PHONE_NUMBER_ID,
      appSecret: env.WHATSAPP_APP_SECRET,
      verifyToken: env.WHATSAPP_VERIFY_TOKEN,
      apiVersion: env.WHATSAPP_API_VERSION,
      apiRoot: env.WHATSAPP_API_ROOT,
    };
  });
export type WhatsAppSettings = z.output<typeof WhatsAppSettingsSchema>;
