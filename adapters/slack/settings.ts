import { z } from 'zod';
import { requireVariables } from '../../src/config/env.js';
import type { SlackConfig } from './index.js';

/** Slack's environment variables (README "Slack"). The channel is on when SLACK_BOT_TOKEN is set, and then needs its signing secret. */
export const SlackSettingsSchema = z
  .object({
    SLACK_BOT_TOKEN: z.string().startsWith('xoxb-', 'a bot token starting with xoxb-').optional(),
    SLACK_SIGNING_SECRET: z.string().min(16).optional(),
    SLACK_API_ROOT: z.url().default('https://slack.com/api/'),
  })
  .transform((env, ctx): Omit<SlackConfig, 'log'> | undefined => {
    if (!env.SLACK_BOT_TOKEN) return undefined; // off
    if (!requireVariables(env, ctx, { SLACK_SIGNING_SECRET: 'when SLACK_BOT_TOKEN is set' })) return z.NEVER;
    return { botToken: env.SLACK_BOT_TOKEN, signingSecret: env.SLACK_SIGNING_SECRET, apiRoot: env.SLACK_API_ROOT };
  });
export type SlackSettings = z.output<typeof SlackSettingsSchema>;
