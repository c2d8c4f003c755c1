import { z } from 'zod';
import { OrdersConfigSchema } from './orders-schema.js';
import { WindowTemplatesSchema } from './window-schema.js';

/**
 * The zod schemas of the gateway's own configuration: its environment variables and the shop config
 * file. Each channel owns the schema of its variables (adapters/<channel>/settings.ts), handed in by
 * the composition root. `load.ts` parses them all once at start-up; everything else receives the typed result.
 */

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();

/** The gateway's environment variables, with their defaults. README's configuration table mirrors this (channels: README "Channels"). */
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
  /** Under a burst, a buyer whose first answer will wait longer than this first gets the busy reply with their place in line (0: never). */
  BUSY_REPLY_AFTER_SECONDS: z.coerce.number().int().nonnegative().default(20),
  /** Turns on POST /webhooks/shopify: the app's secret that signs Shopify's webhooks. */
  SHOPIFY_WEBHOOK_SECRET: z.string().min(16).optional(),
  /** Turns on POST /webhooks/woocommerce: the secret given when creating the WooCommerce webhook. */
  WOOCOMMERCE_WEBHOOK_SECRET: z.string().min(8).optional(),
  /** Turns on GET /metrics (Prometheus) on the main port for requests carrying `Authorization: Bearer <it>`. */
  METRICS_TOKEN: z.string().min(16).optional(),
  /** With METRICS_PORT: the address of the separate metrics listener. */
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  /** Serves GET /metrics on its own listener (no token needed unless METRICS_TOKEN is set too). */
  METRICS_PORT: port.optional(),
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
    /** Under a burst, to a buyer whose answer will wait long: `{position}` in line, about `{minutes}`; default: `busy`. */
    busyInLine: LocalizedTextSchema.optional(),
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
