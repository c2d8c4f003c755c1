import { z } from 'zod';
import { requireVariables } from '../../src/config/env.js';
import type { LineConfig } from './index.js';

/** LINE's environment variables (README "LINE"), with their defaults. Either credential turns the channel on, and then both are needed. */
export const LineSettingsSchema = z
  .object({
    LINE_CHANNEL_SECRET: z.string().min(16).optional(),
    LINE_CHANNEL_ACCESS_TOKEN: z.string().min(16).optional(),
    /** LINE Messaging API base URL (a local fake in tests); http:// accepted. */
    LINE_API_ROOT: z.url({ protocol: /^https?$/, error: 'an http(s) URL, like https://api.line.me' }).default('https://api.line.me'),
  })
  .transform((env, ctx): Omit<LineConfig, 'log' | 'now'> | undefined => {
    if (!(env.LINE_CHANNEL_SECRET || env.LINE_CHANNEL_ACCESS_TOKEN)) return undefined; // off
    const required = {
      LINE_CHANNEL_SECRET: 'when LINE_CHANNEL_ACCESS_TOKEN is set: it signs every webhook',
      LINE_CHANNEL_ACCESS_TOKEN: 'when LINE_CHANNEL_SECRET is set: it sends the replies',
    };
    if (!requireVariables(env, ctx, required)) return z.NEVER;
    return { channelSecret: env.LINE_CHANNEL_SECRET, channelAccessToken: env.LINE_CHANNEL_ACCESS_TOKEN, apiRoot: env.LINE_API_ROOT };
  });
export type LineSettings = z.output<typeof LineSettingsSchema>;
