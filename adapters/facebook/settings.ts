import { z } from 'zod';
import { requireVariables } from '../../src/config/env.js';
import type { FacebookConfig } from './index.js';

/**
 * Messenger's environment variables (README "Facebook Messenger"), with their defaults. The channel is
 * on when FACEBOOK_ACCESS_TOKEN is set, and then needs the app secret and the verify token.
 */
export const FacebookSettingsSchema = z
  .object({
    FACEBOOK_ACCESS_TOKEN: z.string().min(16).optional(),
    FACEBOOK_APP_SECRET: z.string().min(16).optional(),
    FACEBOOK_VERIFY_TOKEN: z.string().min(8).optional(),
    FACEBOOK_API_VERSION: z.string().regex(/^v\d+\.\d+$/, 'a Graph API version like v23.0').default('v23.0'),
    FACEBOOK_API_HOST: z.string().min(1).default('graph.facebook.com'),
    /** Graph API base URL for Messenger (a local fake in tests); http:// accepted. Wins over FACEBOOK_API_HOST. */
    FACEBOOK_API_ROOT: z.url({ protocol: /^https?$/, error: 'an http(s) URL, like https://graph.facebook.com' }).optional(),
  })
  .transform((env, ctx): Omit<FacebookConfig, 'log' | 'now'> | undefined => {
    if (!env.FACEBOOK_ACCESS_TOKEN) return undefined; // off
    const when = 'when FACEBOOK_ACCESS_TOKEN is set';
    if (!requireVariables(env, ctx, { FACEBOOK_APP_SECRET: when, FACEBOOK_VERIFY_TOKEN: when })) return z.NEVER;
    return {
      accessToken: env.FACEBOOK_ACCESS_TOKEN,
      appSecret: env.FACEBOOK_APP_SECRET,
      verifyToken: env.FACEBOOK_VERIFY_TOKEN,
      apiVersion: env.FACEBOOK_API_VERSION,
      apiRoot: env.FACEBOOK_API_ROOT ?? `https://${env.FACEBOOK_API_HOST}`,
    };
  });
export type FacebookSettings = z.output<typeof FacebookSettingsSchema>;
