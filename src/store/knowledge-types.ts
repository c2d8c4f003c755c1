import { z } from 'zod';
import { FaqTopicSchema, IntentsSchema, LocalizedTextSchema } from '../config/schema.js';
import { replaceMessenger } from '../engine/messenger-accounts.js';

/**
 * The shop's knowledge base: what owners taught or edited from the console, kept in Redis on top
 * of the YAML (`SHOP_CONFIG`). A topic here replaces the YAML's topic of the same id (or adds one);
 * a reply here replaces the YAML's; intents here replace the YAML's phrases of that intent.
 * Validated with the YAML's own schemas.
 */
export const KnowledgeOverlaySchema = z
  .object({
    topics: z.array(FaqTopicSchema).default([]),
    replies: z.record(z.string(), LocalizedTextSchema).default({}),
    intents: IntentsSchema.default({}),
  })
  .strict();
export type KnowledgeOverlay = z.infer<typeof KnowledgeOverlaySchema>;

export const emptyOverlay = (): KnowledgeOverlay => ({ topics: [], replies: {}, intents: {} });

/** The overlay and its version (0: nothing was ever taught); every save adds one. */
export interface KnowledgeSnapshot {
  version: number;
  overlay: KnowledgeOverlay;
}

/** Who changed what and when. */
export interface KnowledgeAudit {
  at: string;
  by: string;
  /** e.g. "teach", "edit topic", "edit replies". */
  action: string;
  /** What it was about: a topic id, an intent, "replies". */
  target: string;
  detail?: string;
  version: number;
}

/** Messages of similar wording the bot could not answer, counted together. */
export interface UnansweredGroup {
  /** Stable id of the wording (a hash of its normalized form). */
  id: string;
  /** The latest message of the group, contact details masked. */
  text: string;
  lang: string;
  count: number;
  lastSeen: string;
  /** The conversation of the latest one, to open it. */
  conversationId: string;
  /** fallback: the bot said it did not know; human: the buyer asked for a person after an answer. */
  reason: 'fallback' | 'human';
}

export interface UnansweredInput {
  text: string;
  lang: string;
  conversationId: string;
  at: Date;
  reason: UnansweredGroup['reason'];
}

/** Where the knowledge base and the unanswered messages live: Redis (every instance) or memory (one). */
export interface KnowledgeStore {
  readonly kind: 'redis' | 'memory';
  load(): Promise<KnowledgeSnapshot>;
  /** Just the version, cheap enough to poll every second. */
  version(): Promise<number>;
  /**
   * Save a new overlay with its audit line, atomically; refused ('conflict') when the stored version is
   * no longer `expectedVersion` (another owner saved meanwhile): the caller reloads and retries.
   */
  save(overlay: KnowledgeOverlay, expectedVersion: number, audit: Omit<KnowledgeAudit, 'version'>): Promise<{ version: number } | 'conflict'>;
  audit(limit: number): Promise<KnowledgeAudit[]>;
  recordUnanswered(input: UnansweredInput): Promise<void>;
  /** Newest first. */
  unanswered(limit: number): Promise<UnansweredGroup[]>;
  dismissUnanswered(id: string): Promise<void>;
  close(): Promise<void>;
}

export interface KnowledgeStoreOptions {
  /** Unanswered groups kept; the least recently seen are dropped past it. */
  unansweredMax: number;
  /** Audit lines kept, newest first. */
  auditMax: number;
}

export const defaultKnowledgeOptions: KnowledgeStoreOptions = { unansweredMax: 500, auditMax: 1000 };

const EMAIL = /[^\s@<>()[\]{},;:"'，。；：]+@[^\s@<>()[\]{},;:"'，。；：]+/g;
const PHONE = /\+?\d[\d\s().-]{5,}\d/g;

/** Contact details out of an unanswered message before it is kept: owners see the wording, not the buyer's phone. */
export function maskContact(text: string): string {
  return replaceMessenger(text, '[account]').replace(EMAIL, '[email]').replace(PHONE, (m) => (m.replace(/\D/g, '').length >= 6 ? '[number]' : m)).slice(0, 500);
}

/**
 * What makes two messages "similar wording": case, accents, punctuation, emoji, digits and
 * spacing ignored, Latin words sorted ("do you ship to spain?" = "Spain, do you ship").
 */
export function wordingKey(text: string): string {
  const folded = maskContact(text)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\[(email|number|account)\]/g, ' ')
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\d+/g, ' ');
  const words = folded.split(/\s+/).filter(Boolean);
  return words.some((w) => /\p{Script=Han}/u.test(w)) ? words.join('') : [...new Set(words)].sort().join(' ');
}
