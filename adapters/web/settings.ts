import { z } from 'zod';
import type { WebChatConfig } from './index.js';

/** The web chat's environment variable (README "Configuration"); the channel is always on. */
export const WebSettingsSchema = z
  .object({
    WEB_CHAT_SECRET: z.string().min(32, 'at least 32 characters').optional(),
  })
  .transform((env): Omit<WebChatConfig, 'log'> => (env.WEB_CHAT_SECRET ? { secret: env.WEB_CHAT_SECRET } : {}));
export type WebSettings = z.output<typeof WebSettingsSchema>;
