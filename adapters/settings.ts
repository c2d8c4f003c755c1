import type { EnvSettings } from '../src/config/env.js';
import { FacebookSettingsSchema } from './facebook/settings.js';
import { LineSettingsSchema } from './line/settings.js';
import { SlackSettingsSchema } from './slack/settings.js';
import { TelegramSettingsSchema } from './telegram/settings.js';
import { TwilioSettingsSchema } from './twilio/settings.js';
import { WebSettingsSchema } from './web/settings.js';
import { WhatsAppSettingsSchema } from './whatsapp/settings.js';

/**
 * Every channel's settings schema, each reading its own environment variables (adapters/<channel>/settings.ts).
 * The composition roots (src/main.ts, src/cli.ts) hand them to loadConfig, which parses them with the
 * gateway's own. A channel's settings are undefined when it is off (its credentials unset).
 */
export const ChannelSettingsSchemas = {
  web: WebSettingsSchema,
  telegram: TelegramSettingsSchema,
  slack: SlackSettingsSchema,
  facebook: FacebookSettingsSchema,
  twilio: TwilioSettingsSchema,
  line: LineSettingsSchema,
  whatsapp: WhatsAppSettingsSchema,
};
export type ChannelSettings = EnvSettings<typeof ChannelSettingsSchemas>;
