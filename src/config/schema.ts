import { z } from 'zod';
import { OrdersConfigSchema } from './orders-schema.js';
import { WindowTemplatesSchema } from './window-schema.js';

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
  /** How long a worker's hold on a conversation lasts without a heartbeat: after a crash, its work is retried this much later. */
  LEASE_MS: positiveInt.min(500).default(30_000),
  /** Buyer messages waiting in one conversation before more get 503 (one flooding buyer can't starve others). */
  MAX_PENDING_PER_CONVERSATION: positiveInt.default(50),
  WEB_CHAT_SECRET: z.string().min(32, 'at least 32 characters').optional(),
  /** Public base URL of the gateway (https://…), as platforms call it; Twilio signs it. */
  PUBLIC_URL: z.url().optional(),

  TELEGRAM_BOT_TOKEN: z.string().regex(/^\d+:[A-Za-z0-9_-]+$/, 'a bot token from @BotFather, like 123456:ABC-DEF…').optional(),
  TELEGRAM_WEBHOOK_SECRET: z.string().regex(/^[A-Za-z0-9_-]{16,256}$/, '16-256 characters of A-Z, a-z, 0-9, _ or -').optional(),
  TELEGRAM_MODE: z.enum(['webhook', 'polling']).default('webhook'),
  TELEGRAM_API_ROOT: z.url().default('https://api.telegram.org'),
  /** Messages per second the bot sends in all (Telegram allows about 30); 0 turns the limit off (benchmarks). */
  TELEGRAM_MAX_PER_SECOND: z.coerce.number().int().min(0).default(30),
  /** Answer in group chats too (buyers normally write in private chats). */
  TELEGRAM_ALLOW_GROUPS: z.stringbool().default(false),

  SLACK_BOT_TOKEN: z.string().startsWith('xoxb-', 'a bot token starting with xoxb-').optional(),
  SLACK_SIGNING_SECRET: z.string().min(16).optional(),
  SLACK_API_ROOT: z.url().default('https://slack.com/api/'),

  FACEBOOK_ACCESS_TOKEN: z.string().min(16).optional(),
  FACEBOOK_APP_SECRET: z.string().min(16).optional(),
  FACEBOOK_VERIFY_TOKEN: z.string().min(8).optional(),
  FACEBOOK_API_VERSION: z.string().regex(/^v\d+\.\d+$/, 'a Graph API version like v23.0').default('v23.0'),
  FACEBOOK_API_HOST: z.string().min(1).default('graph.facebook.com'),
  /** Graph API base URL for Messenger (a local fake in tests); http:// accepted. Wins over FACEBOOK_API_HOST. */
  FACEBOOK_API_ROOT: z.url({ protocol: /^https?$/, error: 'an http(s) URL, like https://graph.facebook.com' }).optional(),

  TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-f]{32}$/i, 'an account SID starting with AC').optional(),
  TWILIO_AUTH_TOKEN: z.string().min(16).optional(),
  TWILIO_NUMBER: z.string().regex(/^\+\d{6,15}$/, 'the shop\'s Twilio number in E.164, like +14155550100').optional(),
  /** Twilio REST API base URL (a local fake in tests); http:// accepted. */
  TWILIO_API_ROOT: z.url({ protocol: /^https?$/, error: 'an http(s) URL, like https://api.twilio.com' }).default('https://api.twilio.com'),

  /** Turns on POST /webhooks/shopify: the app's secret that signs Shopify's webhooks. */
  SHOPIFY_WEBHOOK_SECRET: z.string().min(16).optional(),
  /** Turns on POST /webhooks/woocommerce: the secret given when creating the WooCommerce webhook. */
  WOOCOMMERCE_WEBHOOK_SECRET: z.string().min(8).optional(),
  LINE_CHANNEL_SECRET: z.string().min(16).optional(),
  LINE_CHANNEL_ACCESS_TOKEN: z.string().min(16).optional(),
  /** LINE Messaging API base URL (a local fake in tests); http:// accepted. */
  LINE_API_ROOT: z.url({ protocol: /^https?$/, error: 'an http(s) URL, like https://api.line.me' }).default('https://api.line.me'),
  WHATSAPP_ACCESS_TOKEN: z.string().min(16).optional(),
  WHATSAPP_PHONE_NUMBER_ID: z.string().regex(/^\d{5,20}$/, 'the business phone number id (digits) from WhatsApp → API Setup').optional(),
  WHATSAPP_APP_SECRET: z.string().min(16).optional(),
  WHATSAPP_VERIFY_TOKEN: z.string().min(8).optional(),
  WHATSAPP_API_VERSION: z.string().regex(/^v\d+\.\d+$/, 'a Graph API version like v23.0').default('v23.0'),
  /** WhatsApp Cloud API (Graph API) base URL (a local fake in tests); http:// accepted. */
  WHATSAPP_API_ROOT: z.url({ protocol: /^https?$/, error: 'an http(s) URL, like https://graph.facebook.com' }).default('https://graph.facebook.com'),
  /** Turns on GET /metrics (Prometheus) on the main port for requests carrying `Authorization: Bearer <it>`. */
  METRICS_TOKEN: z.string().min(16).optional(),
  /** With METRICS_PORT: the address of the separate metrics listener. */
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  /** Serves GET /metrics on its own listener (no token needed unless METRICS_TOKEN is set too). */
  METRICS_PORT: port.optional(),
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
  need(!!env.LINE_CHANNEL_ACCESS_TOKEN, 'LINE_CHANNEL_SECRET', 'when LINE_CHANNEL_ACCESS_TOKEN is set: it signs every webhook');
  need(!!env.LINE_CHANNEL_SECRET, 'LINE_CHANNEL_ACCESS_TOKEN', 'when LINE_CHANNEL_SECRET is set: it sends the replies');
  const whatsapp = !!(env.WHATSAPP_ACCESS_TOKEN || env.WHATSAPP_PHONE_NUMBER_ID);
  need(whatsapp, 'WHATSAPP_ACCESS_TOKEN', 'for WhatsApp (with WHATSAPP_PHONE_NUMBER_ID): it sends the replies');
  need(whatsapp, 'WHATSAPP_PHONE_NUMBER_ID', 'for WhatsApp (with WHATSAPP_ACCESS_TOKEN): the number replies go from');
  need(whatsapp, 'WHATSAPP_APP_SECRET', 'for WhatsApp: it signs every webhook');
  need(whatsapp, 'WHATSAPP_VERIFY_TOKEN', 'for WhatsApp: Meta echoes it when the webhook is registered');
});
export type Env = z.infer<typeof EnvSchema>;

/** Language codes the example shop ships texts for; a shop may add others. */
export const LanguageSchema = z.string().regex(/^[a-z]{2}$/, 'a two-letter language code such as en, zh, es');

/** A text per language: `{ en: "...", zh: "...", es: "..." }`. */
export const LocalizedTextSchema = z.record(LanguageSchema, z.string().min(1));
export type LocalizedText = z.infer<typeof LocalizedTextSchema>;

/** A list of phrases per language. */
export const LocalizedListSchema = z.record(LanguageSchema, z.array(z.string().min(1)));

/** Intent names the FAQ classifier gives besides topic ids; a topic may not take one of them. */
export const RESERVED_INTENTS = ['greeting', 'human', 'complaint', 'contact', 'thanks', 'none'] as const;

/** One FAQ topic: how buyers ask about it, and the shop's answer. */
export const FaqTopicSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z][a-z0-9_-]*$/, 'lower-case letters, digits, - or _')
      .refine((id) => !(RESERVED_INTENTS as readonly string[]).includes(id), `not one of the intent names (${RESERVED_INTENTS.join(', ')})`),
    /** Example questions per language: what buyers ask. */
    questions: LocalizedListSchema,
    /** Words or short phrases that point strongly at this topic, per language. */
    keywords: LocalizedListSchema.default({}),
    answer: LocalizedTextSchema,
    /** Answers for when the buyer asks again in the same conversation, in order; the last one repeats (e.g. conceding a discount step by step). */
    followUps: z.array(LocalizedTextSchema).default([]),
  })
  .strict();
export type FaqTopic = z.infer<typeof FaqTopicSchema>;

/**
 * Phrases per language that mark an intent, added to the built-in ones (flows/faq/intents.ts):
 * a complaint or a request for a person goes to a person; greetings and thanks get a short reply.
 */
export const IntentsSchema = z
  .object({
    greeting: LocalizedListSchema.optional(),
    human: LocalizedListSchema.optional(),
    complaint: LocalizedListSchema.optional(),
    thanks: LocalizedListSchema.optional(),
  })
  .strict();

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time "HH:MM" (24-hour)');
const interval = z.tuple([hhmm, hhmm]).refine(([from, to]) => from < to, 'an interval ["from", "to"] with from before to');

/** Opening hours; outside them the shop is `away` unless the owner set a status by hand. */
export const BusinessHoursSchema = z
  .object({
    timezone: z.string().refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'an IANA time zone such as Asia/Shanghai or Europe/Madrid'),
    weekly: z.partialRecord(z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']), z.array(interval)),
    holidays: z.array(z.iso.date()).default([]),
  })
  .strict();

/** Away and busy auto-replies. `{backAt}` and `{message}` are filled in; missing parts are left out. */
export const AutoReplySchema = z
  .object({
    /** Away, when it is known when the shop is back: `{backAt}` is that time in the shop's zone. */
    away: LocalizedTextSchema,
    /** Away with no known return time. */
    awayUntilFurtherNotice: LocalizedTextSchema,
    /** Busy: please wait a moment. `{position}` and `{minutes}` are filled in when the buyer waits for a person. */
    busy: LocalizedTextSchema,
    /** Introduces the owner's own words, which follow verbatim. */
    ownerMessage: LocalizedTextSchema,
  })
  .strict();

/** An agent or owner of the console and API; the plain token is never stored. */
export const AgentSchema = z
  .object({
    name: z.string().min(1),
    role: z.enum(['agent', 'owner']),
    tokenSha256: z.string().regex(/^[0-9a-f]{64}$/, 'the hex SHA-256 of the token (64 lower-case hex digits)'),
    maxConversations: z.number().int().positive().default(5),
    /** Agents on the go (src/agents): this agent's Telegram user id; from it the agent commands work. */
    telegram: z.string().regex(/^\d{1,20}$/, 'a Telegram user id (digits)').optional(),
    /** Agents on the go: this agent's Slack user id (U…/W…). */
    slack: z.string().regex(/^[UW][A-Z0-9]{2,20}$/, 'a Slack user id such as U0123ABCD').optional(),
    /** Language of the bot's answers to this agent in chat; default the shop's. */
    language: z.string().regex(/^[a-z]{2}$/, 'a two-letter language code such as en, zh, es').optional(),
  })
  .strict();
export type Agent = z.infer<typeof AgentSchema>;

/** Agents on the go: where waiting buyers are announced (else each agent's private chat with the bot). */
export const AgentsPlaceSchema = z
  .object({
    /** A Telegram group (the bot a member) where agents see waiting buyers: its chat id, e.g. "-1001234567890". */
    telegram: z.string().regex(/^-?\d{1,20}$/, 'a Telegram chat id such as -1001234567890').optional(),
    /** A Slack channel (the app a member, subscribed to message.channels / message.groups): one thread per waiting buyer. */
    slack: z.string().regex(/^[CG][A-Z0-9]{2,20}$/, 'a Slack channel id such as C0123ABCD').optional(),
  })
  .strict();

/** Handing conversations to people: how long a buyer waits before being offered a call-back, and what they are told. */
export const HandoffSchema = z
  .object({
    /** Minutes a queued buyer waits for an agent before being told and asked for contact details. */
    timeoutMinutes: z.number().positive().default(10),
    /** More buyers than this waiting for a person makes the shop busy automatically. */
    busyWhenWaiting: z.number().int().nonnegative().default(5),
    /** Minutes per buyer ahead in line, for the wait estimate. */
    minutesPerBuyer: z.number().positive().default(3),
    texts: z
      .object({
        /** `{position}` and `{minutes}` are filled in. */
        queued: LocalizedTextSchema,
        /** Nobody came in time: ask for contact details for a call-back. */
        noAgent: LocalizedTextSchema,
        /** The agent handed the conversation back to the bot. */
        released: LocalizedTextSchema,
        /** The buyer asked for a person while the shop is away. */
        awayCallback: LocalizedTextSchema,
        /** Label of the "talk to a person" button. */
        humanButton: LocalizedTextSchema,
      })
      .strict(),
  })
  .strict();
export type HandoffConfig = z.infer<typeof HandoffSchema>;

/** Gathering a buyer's contact details: one question at a time, each answer checked. */
export const ContactSchema = z
  .object({
    /** Country whose numbers buyers write without a country code (ISO 3166 alpha-2, e.g. CN, ES, US). */
    defaultRegion: z.string().regex(/^[A-Z]{2}$/, 'a two-letter country code such as CN, ES or US'),
    /** Words that mean "no" or "skip" to a contact question, per language. */
    skipWords: LocalizedListSchema,
    /** Words announcing that the buyer paid or ordered: the bot then confirms the delivery address. */
    orderWords: LocalizedListSchema.default({}),
    texts: z
      .object({
        askReach: LocalizedTextSchema,
        askName: LocalizedTextSchema,
        askAddress: LocalizedTextSchema,
        invalidReach: LocalizedTextSchema,
        invalidPhone: LocalizedTextSchema,
        invalidEmail: LocalizedTextSchema,
        invalidAddress: LocalizedTextSchema,
        /** `{reach}` is the phone or e-mail, `{name}` the name. */
        thanks: LocalizedTextSchema,
        /** After a skip: the shop's own contact details, so the buyer can reach the shop instead. */
        shopContact: LocalizedTextSchema,
        /** Acknowledges details the buyer gave unasked. `{reach}` is filled in. */
        noted: LocalizedTextSchema,
      })
      .strict(),
  })
  .strict();

/** Chat accounts of the owners per channel: `/away`, `/busy`, `/online` from them change the status. */
export const OwnerAccountsSchema = z.partialRecord(z.enum(['telegram', 'slack', 'facebook', 'twilio', 'web', 'line', 'whatsapp']), z.array(z.string().min(1)));

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
        /** The second unmatched question in a row: offers a person (with a "talk to a person" button). Defaults to `fallback`. */
        offerHuman: LocalizedTextSchema.optional(),
        /** Said to an angry buyer before a person is fetched. */
        complaint: LocalizedTextSchema.optional(),
        /** Answer to "thanks", "ok", "bye". */
        thanks: LocalizedTextSchema.optional(),
      })
      .catchall(LocalizedTextSchema),
    faq: z.array(FaqTopicSchema).default([]),
    intents: IntentsSchema.default({}),
    hours: BusinessHoursSchema.optional(),
    autoReply: AutoReplySchema,
    agents: z.array(AgentSchema).default([]),
    owners: OwnerAccountsSchema.default({}),
    /** Agents on the go: the shared place where waiting buyers are announced (README "For agents on the go"). */
    agentsPlace: AgentsPlaceSchema.optional(),
    handoff: HandoffSchema,
    contact: ContactSchema,
    /** Outside a channel's reply window (WhatsApp's 24 h): the approved template an agent's late reply goes as; see src/config/window-schema.ts. */
    windowTemplates: WindowTemplatesSchema.default({}),
    /** Messages about the buyer's orders (paid, shipped, follow-ups); see src/config/orders-schema.ts. */
    orders: OrdersConfigSchema.optional(),
  })
  .strict()
  .superRefine((cfg, ctx) => {
    if (!cfg.shop.languages.includes(cfg.shop.defaultLanguage)) {
      ctx.addIssue({ code: 'custom', path: ['shop', 'defaultLanguage'], message: `must be one of shop.languages (${cfg.shop.languages.join(', ')})` });
    }
    for (const [name, text] of Object.entries(cfg.autoReply)) {
      if (!text[cfg.shop.defaultLanguage]) {
        ctx.addIssue({ code: 'custom', path: ['autoReply', name], message: `needs a text in the default language "${cfg.shop.defaultLanguage}"` });
      }
    }
    const names = new Set<string>();
    cfg.agents.forEach((agent, i) => {
      if (names.has(agent.name)) ctx.addIssue({ code: 'custom', path: ['agents', i, 'name'], message: `duplicate agent name "${agent.name}"` });
      names.add(agent.name);
    });
    for (const [name, text] of Object.entries(cfg.replies)) {
      if (!text[cfg.shop.defaultLanguage]) {
        ctx.addIssue({ code: 'custom', path: ['replies', name], message: `needs a text in the default language "${cfg.shop.defaultLanguage}"` });
      }
    }
    const seen = new Set<string>();
    cfg.faq.forEach((topic, i) => {
      if (seen.has(topic.id)) ctx.addIssue({ code: 'custom', path: ['faq', i, 'id'], message: `duplicate topic id "${topic.id}"` });
      seen.add(topic.id);
      if (!topic.answer[cfg.shop.defaultLanguage]) {
        ctx.addIssue({ code: 'custom', path: ['faq', i, 'answer'], message: `needs a text in the default language "${cfg.shop.defaultLanguage}"` });
      }
      topic.followUps.forEach((text, k) => {
        if (!text[cfg.shop.defaultLanguage]) ctx.addIssue({ code: 'custom', path: ['faq', i, 'followUps', k], message: `needs a text in the default language "${cfg.shop.defaultLanguage}"` });
      });
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
