import type { ChannelAdapter } from '../../src/engine/types.js';
import type { Logger } from '../../src/log.js';

export interface TelegramConfig {
  botToken: string;
  /** Checked against X-Telegram-Bot-Api-Secret-Token; required in webhook mode. */
  webhookSecret?: string;
  mode: 'webhook' | 'polling';
  apiRoot: string;
  allowGroups: boolean;
  log: Logger;
}

export function createTelegramAdapter(_cfg: TelegramConfig): ChannelAdapter {
  throw new Error('the Telegram adapter is being written (issue 3)');
}
