import { z } from 'zod';
import { requireVariables } from '../../src/config/env.js';
import type { TelegramConfig } from './index.js';

/**
 * Telegram's environment variables (README "Telegram"), with their defaults. The channel is on when
 * TELEGRAM_BOT_TOKEN is set; in webhook mode it then needs the secret that authenticates webhooks.
 */
export const TelegramSettingsSchema = z
  .object({
    TELEGRAM_BOT_TOKEN: z.string().regex(/^\d+:[A-Za-z0-9_-]+$/, 'a bot token from @BotFather, like 123456:ABC-DEF…').optional(),
    TELEGRAM_WEBHOOK_SECRET: z.string().regex(/^[A-Za-z0-9_-]{16,256}$/, '16-256 characters of A-Z, a-z, 0-9, _ or -').optional(),
    TELEGRAM_MODE: z.enum(['webhook', 'polling']).default('webhook'),
    TELEGRAM_API_ROOT: z.url().default('https://api.telegram.org'),
    /** Messages per second the bot sends in all (Telegram allows about 30); 0 turns the limit off (benchmarks). */
    TELEGRAM_MAX_PER_SECOND: z.coerce.number().int().min(0).default(30),
    /** Answer in group chats too (buyers normally write in private chats). */
    TELEGRAM_ALLOW_GROUPS: z.stringbool().default(false),
  })
  .transform((env, ctx): Omit<TelegramConfig, 'log' | 'agentsChat'> | undefined => {
    if (!env.TELEGRAM_BOT_TOKEN) return undefined; // off
    if (env.TELEGRAM_MODE === 'webhook' && !requireVariables(env, ctx, { TELEGRAM_WEBHOOK_SECRET: 'when TELEGRAM_BOT_TOKEN is set in webhook mode (or set TELEGRAM_MODE=polling)' })) return z.NEVER;
    return {
      botToken: env.TELEGRAM_BOT_TOKEN,
      ...(env.TELEGRAM_WEBHOOK_SECRET ? { webhookSecret: env.TELEGRAM_WEBHOOK_SECRET } : {}),
      mode: env.TELEGRAM_MODE,
      apiRoot: env.TELEGRAM_API_ROOT,
      allowGroups: env.TELEGRAM_ALLOW_GROUPS,
      maxPerSecond: env.TELEGRAM_MAX_PER_SECOND,
    };
  });
export type TelegramSettings = z.output<typeof TelegramSettingsSchema>;
