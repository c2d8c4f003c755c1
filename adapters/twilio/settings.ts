import { z } from 'zod';
import { requireVariables } from '../../src/config/env.js';
import type { TwilioConfig } from './index.js';

/**
 * Twilio's environment variables (README "Twilio SMS"), with their defaults. Any of the account SID,
 * auth token or number turns the channel on, and then all three are needed, with PUBLIC_URL: Twilio
 * signs the public webhook URL. PUBLIC_URL is only read here, so Twilio owns it.
 */
export const TwilioSettingsSchema = z
  .object({
    TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-f]{32}$/i, 'an account SID starting with AC').optional(),
    TWILIO_AUTH_TOKEN: z.string().min(16).optional(),
    TWILIO_NUMBER: z.string().regex(/^\+\d{6,15}$/, 'the shop\'s Twilio number in E.164, like +14155550100').optional(),
    /** Twilio REST API base URL (a local fake in tests); http:// accepted. */
    TWILIO_API_ROOT: z.url({ protocol: /^https?$/, error: 'an http(s) URL, like https://api.twilio.com' }).default('https://api.twilio.com'),
    /** Public base URL of the gateway (https://…), as platforms call it; Twilio signs it. */
    PUBLIC_URL: z.url().optional(),
  })
  .transform((env, ctx): Omit<TwilioConfig, 'log'> | undefined => {
    if (!(env.TWILIO_ACCOUNT_SID || env.TWILIO_AUTH_TOKEN || env.TWILIO_NUMBER)) return undefined; // off
    const required = {
      TWILIO_ACCOUNT_SID: 'for Twilio SMS (with TWILIO_AUTH_TOKEN and TWILIO_NUMBER)',
      TWILIO_AUTH_TOKEN: 'for Twilio SMS: it signs every webhook',
      TWILIO_NUMBER: 'for Twilio SMS',
      PUBLIC_URL: 'for Twilio SMS: signatures cover the public webhook URL',
    };
    if (!requireVariables(env, ctx, required)) return z.NEVER;
    return {
      accountSid: env.TWILIO_ACCOUNT_SID,
      authToken: env.TWILIO_AUTH_TOKEN,
      number: env.TWILIO_NUMBER,
      // Relative, so a PUBLIC_URL with a path prefix (behind a proxy) keeps it.
      webhookUrl: new URL('webhooks/twilio', env.PUBLIC_URL.replace(/\/?$/, '/')).toString(),
      apiRoot: env.TWILIO_API_ROOT,
    };
  });
export type TwilioSettings = z.output<typeof TwilioSettingsSchema>;
