import { z } from 'zod';

/**
 * The only zod schemas for configuration: environment variables and the shop config file.
 * `load.ts` parses both once at start-up; everything else receives the typed result.
 */

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();

/** Environment variables, with their defaults. README's configuration table mirrors this. */
export const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['error', 'warn', 'info', 'debug']).default('info'),
  PORT: port.default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  REDIS_URL: z
    .string()
    .regex(/^(rediss?|redis-sentinel|redis-cluster):\/\//, 'a redis:// or rediss:// URL')
    .optional(),
  SHOP_CONFIG: z.string().min(1).optional(),
  SESSION_TTL_DAYS: positiveInt.default(30),
  TRANSCRIPT_MAX: positiveInt.default(200),
  DEDUPE_TTL_SECONDS: positiveInt.default(86_400),
  WORKER_CONCURRENCY: positiveInt.default(64),
  WEB_CHAT_SECRET: z.string().min(32, 'at least 32 characters').optional(),
  /** Public base URL of the gateway (https://…), as platforms call it; Twilio signs it. */
  PUBLIC_URL: z.url().optional(),

  TELEGRAM_BOT_TOKEN: z.string().regex(/^\d+:[A-Za-z0-9_-]+$/, 'a bot token from @BotFather, like 123456:ABC-DEF…').optional(),
  TELEGRAM_WEBHOOK_SECRET: z.string().regex(/^[A-Za-z0-9_-]{16,256}$/, '16-256 characters of A-Z, a-z, 0-9, _ or -').optional(),
  TELEGRAM_MODE: z.enum(['webhook', 'polling']).default('webhook'),
  TELEGRAM_API_ROOT: z.url().default('https://api.telegram.org'),
  /** Answer in group chats too (buyers normally write in private chats). */
  TELEGRAM_ALLOW_GROUPS: z.stringbool().default(false),

  SLACK_BOT_TOKEN: z.string().startsWith('xoxb-', 'a bot token starting with xoxb-').optional(),
  SLACK_SIGNING_SECRET: z.string().min(16).optional(),
  SLACK_API_ROOT: z.url().default('https://slack.com/api/'),

  FACEBOOK_ACCESS_TOKEN: z.string().min(16).optional(),
  FACEBOOK_APP_SECRET: z.string().min(16).optional(),
  FACEBOOK_VERIFY_TOKEN: z.string().min(8).optional(),
  FACEBOOK_API_VERSION: z.string().regex(/^v\d+\.\d+$/, 'a Graph API version like v19.0').default('v19.0'),
  FACEBOOK_API_HOST: z.string().min(1).default('graph.facebook.com'),

  TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-f]{32}$/i, 'an account SID starting with AC').optional(),
  TWILIO_AUTH_TOKEN: z.string().min(16).optional(),
  TWILIO_NUMBER: z.string().regex(/^\+\d{6,15}$/, 'the shop\'s Twilio number in E.164, like +14155550100').optional(),
});

/**
 * Channels fail closed: enabling one (its token set) without the secret that authenticates
 * its webhooks stops start-up, so unsigned requests are never accepted.
 */
export const EnvWithChannelsSchema = EnvSchema.superRefine((env, ctx) => {
  const need = (when: boolean, name: keyof typeof env, why: string) => {
    if (when && !env[name]) ctx.addIssue({ code: 'custom', path: [name], message: `required ${why}` });
  };
  need(!!env.TELEGRAM_BOT_TOKEN && env.TELEGRAM_MODE === 'webhook', 'TELEGRAM_WEBHOOK_SECRET', 'when TELEGRAM_BOT_TOKEN is set in webhook mode (or set TELEGRAM_MODE=polling)');
  need(!!env.SLACK_BOT_TOKEN, 'SLACK_SIGNING_SECRET', 'when SLACK_BOT_TOKEN is set');
  need(!!env.FACEBOOK_ACCESS_TOKEN, 'FACEBOOK_APP_SECRET', 'when FACEBOOK_ACCESS_TOKEN is set');
  need(!!env.FACEBOOK_ACCESS_TOKEN, 'FACEBOOK_VERIFY_TOKEN', 'when FACEBOOK_ACCESS_TOKEN is set');
  const twilio = !!(env.TWILIO_ACCOUNT_SID || env.TWILIO_AUTH_TOKEN || env.TWILIO_NUMBER);
  need(twilio, 'TWILIO_ACCOUNT_SID', 'for Twilio SMS (with TWILIO_AUTH_TOKEN and TWILIO_NUMBER)');
  need(twilio, 'TWILIO_AUTH_TOKEN', 'for Twilio SMS: it signs every webhook');
  need(twilio, 'TWILIO_NUMBER', 'for Twilio SMS');
  need(twilio, 'PUBLIC_URL', 'for Twilio SMS: signatures cover the public webhook URL');
});
export type Env = z.infer<typeof EnvSchema>;

/** Language codes the example shop ships texts for; a shop may add others. */
export const LanguageSchema = z.string().regex(/^[a-z]{2}$/, 'a two-letter language code such as en, zh, es');

/** A text per language: `{ en: "...", zh: "...", es: "..." }`. */
export const LocalizedTextSchema = z.record(LanguageSchema, z.string().min(1));
export type LocalizedText = z.infer<typeof LocalizedTextSchema>;

/** A list of phrases per language. */
export const LocalizedListSchema = z.record(LanguageSchema, z.array(z.string().min(1)));

export const FaqTopicSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9_-]*$/, 'lower-case letters, digits, - or _'),
    /** Example questions per language: what buyers ask. */
    questions: LocalizedListSchema,
    /** Words or short phrases that point strongly at this topic, per language. */
    keywords: LocalizedListSchema.default({}),
    answer: LocalizedTextSchema,
  })
  .strict();
export type FaqTopic = z.infer<typeof FaqTopicSchema>;

export const ShopConfigSchema = z
  .object({
    shop: z
      .object({
        name: z.string().min(1),
        defaultLanguage: LanguageSchema,
        /** Languages the shop answers in; the first match wins, then `defaultLanguage`. */
        languages: z.array(LanguageSchema).min(1),
      })
      .strict(),
    /** Fixed bot replies, per language. */
    replies: z
      .object({
        greeting: LocalizedTextSchema,
        fallback: LocalizedTextSchema,
      })
      .catchall(LocalizedTextSchema),
    faq: z.array(FaqTopicSchema).default([]),
  })
  .strict()
  .superRefine((cfg, ctx) => {
    if (!cfg.shop.languages.includes(cfg.shop.defaultLanguage)) {
      ctx.addIssue({ code: 'custom', path: ['shop', 'defaultLanguage'], message: `must be one of shop.languages (${cfg.shop.languages.join(', ')})` });
    }
    for (const [name, text] of Object.entries(cfg.replies)) {
      if (!text[cfg.shop.defaultLanguage]) {
        ctx.addIssue({ code: 'custom', path: ['replies', name], message: `needs a text in the default language "${cfg.shop.defaultLanguage}"` });
      }
    }
    const seen = new Set<string>();
    cfg.faq.forEach((topic, i) => {
      if (seen.has(topic.id)) ctx.addIssue({ code: 'custom', path: ['faq', i, 'id'], message: `duplicate topic id "${topic.id}"` });
      seen.add(topic.id);
    });
  });
export type ShopConfig = z.infer<typeof ShopConfigSchema>;

/** Everything the gateway runs on, parsed and typed. */
export interface Config {
  env: Env;
  shop: ShopConfig;
  /** Path of the shop config file that was loaded. */
  shopConfigPath: string;
}
