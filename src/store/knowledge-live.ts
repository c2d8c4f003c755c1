import { IntentsSchema, ShopConfigSchema, type FaqTopic, type ShopConfig } from '../config/schema.js';
import type { TurnReport } from '../engine/turn.js';
import type { KnowledgeAudit, KnowledgeOverlay, KnowledgeStore } from './knowledge-types.js';

/** Intents that take example phrases (greeting, human, complaint, thanks). */
export const TEACHABLE_INTENTS = IntentsSchema.keyof().options;
type PhraseIntent = (typeof TEACHABLE_INTENTS)[number];

/** A change refused, with the field named: `faq.7.answer: needs a text in the default language "en"`. */
export class KnowledgeError extends Error {}

/**
 * The shop config with the knowledge base on top, validated as the YAML is: a topic of the overlay
 * replaces the YAML's of the same id (or is added after them), its replies and intent phrases
 * replace the YAML's. Throws KnowledgeError naming the first bad fields; nothing is applied then.
 */
export function applyOverlay(base: ShopConfig, overlay: KnowledgeOverlay): ShopConfig {
  const taught = new Map(overlay.topics.map((t) => [t.id, t]));
  const faq = [...base.faq.map((t) => taught.get(t.id) ?? t), ...overlay.topics.filter((t) => !base.faq.some((b) => b.id === t.id))];
  const merged = { ...base, faq, replies: { ...base.replies, ...overlay.replies }, intents: { ...base.intents, ...overlay.intents } };
  const parsed = ShopConfigSchema.safeParse(merged);
  if (!parsed.success) throw new KnowledgeError(parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || 'config'}: ${i.message}`).join('; '));
  return parsed.data;
}

/** What can be taught an example: a topic id, or a phrase intent. */
export type TeachTarget = string;

/** The overlay with `text` added as an example of a topic (its questions) or an intent (its phrases) in `lang`. */
export function teachExample(shop: ShopConfig, overlay: KnowledgeOverlay, text: string, lang: string, target: TeachTarget): KnowledgeOverlay {
  const example = text.trim();
  if (!example) throw new KnowledgeError('text: must not be empty');
  if ((TEACHABLE_INTENTS as readonly string[]).includes(target)) {
    const intent = target as PhraseIntent;
    const lists = { ...(overlay.intents[intent] ?? shop.intents[intent] ?? {}) };
    lists[lang] = [...new Set([...(lists[lang] ?? []), example])];
    return { ...overlay, intents: { ...overlay.intents, [intent]: lists } };
  }
  const topic = shop.faq.find((t) => t.id === target);
  if (!topic) throw new KnowledgeError(`topic: no topic or intent "${target}"`);
  const questions = { ...topic.questions, [lang]: [...new Set([...(topic.questions[lang] ?? []), example])] };
  return upsertTopic(overlay, { ...topic, questions });
}

/** The overlay with this topic in it (replacing the one of the same id). */
export function upsertTopic(overlay: KnowledgeOverlay, topic: FaqTopic): KnowledgeOverlay {
  const others = overlay.topics.filter((t) => t.id !== topic.id);
  return { ...overlay, topics: [...others, topic] };
}

const POLL_MS = 1000;

/**
 * The knowledge base as one instance sees it: the effective shop config, reloaded within a second
 * of any instance's change (each polls the version: one small read per second), and the changes
 * an owner makes (validated, saved atomically with an audit line).
 */
export interface LiveKnowledge {
  readonly store: KnowledgeStore;
  /** The shop config in force now (YAML with the knowledge base on top). */
  shop(): ShopConfig;
  /** The YAML's config, without the knowledge base (for the export's comparison). */
  readonly base: ShopConfig;
  overlay(): KnowledgeOverlay;
  version(): number;
  /** Apply a change: validated against the YAML, refused (KnowledgeError) or saved and in force here at once. */
  change(edit: (shop: ShopConfig, overlay: KnowledgeOverlay) => KnowledgeOverlay, audit: Omit<KnowledgeAudit, 'version' | 'at'>): Promise<ShopConfig>;
  /** Reload now if another instance changed it. */
  refresh(): Promise<void>;
  /** Keep what the bot could not answer (fallback), and a question answered just before the buyer asked for a person. */
  noteTurn(turn: TurnReport): void;
  stop(): void;
}

export interface LiveKnowledgeOptions {
  log?: { warn(message: string, meta?: object): void };
  /** The buyer's question before this one, if the bot answered it with a topic (for "answered, then asked for a person"). */
  previousAnswered?: (conversationId: string, shop: ShopConfig) => Promise<string | undefined>;
  pollMs?: number;
  clock?: () => Date;
  /**
   * Readies what a new shop config needs before it is put in force (the FAQ's message model, trained
   * off this thread): until then the config before it keeps answering. A failure is logged and the
   * config put in force all the same.
   */
  prepare?: (shop: ShopConfig) => Promise<void>;
}

export async function startLiveKnowledge(base: ShopConfig, store: KnowledgeStore, opts: LiveKnowledgeOptions = {}): Promise<LiveKnowledge> {
  const clock = opts.clock ?? (() => new Date());
  let current = base;
  let overlay: KnowledgeOverlay = { topics: [], replies: {}, intents: {} };
  let version = -1;
  const prepare = async (shop: ShopConfig) => {
    try {
      await opts.prepare?.(shop);
    } catch (err) {
      opts.log?.warn('could not ready the new shop config off the event loop; it readies on first use', { error: (err as Error).message });
    }
  };
  let reloading: Promise<void> | undefined;
  async function reload(): Promise<void> {
    const seen = await store.version();
    if (seen === version) return;
    const snapshot = await store.load();
    try {
      const next = applyOverlay(base, snapshot.overlay);
      await prepare(next);
      current = next;
      overlay = snapshot.overlay;
    } catch (err) {
      // The YAML changed under a taught topic: keep the YAML alone rather than stop answering.
      opts.log?.warn('knowledge base does not fit the shop config; using the YAML alone until fixed in the console', { error: (err as Error).message });
    }
    version = snapshot.version;
  }
  /** One reload at a time: a poll arriving while a model trains waits for it instead of training it again. */
  const refresh = (): Promise<void> => (reloading ??= reload().finally(() => (reloading = undefined)));
  await refresh().catch((err: unknown) => opts.log?.warn('knowledge base not loaded yet; using the YAML', { error: (err as Error).message }));
  const timer = setInterval(() => void refresh().catch(() => undefined), opts.pollMs ?? POLL_MS);
  timer.unref();

  const record = (turn: TurnReport, text: string, reason: 'fallback' | 'human') =>
    void store.recordUnanswered({ text, lang: turn.lang, conversationId: turn.msg.address.conversationId, at: clock(), reason }).catch((err: unknown) => opts.log?.warn('unanswered message not kept', { error: (err as Error).message }));

  return {
    store,
    base,
    shop: () => current,
    overlay: () => overlay,
    version: () => version,
    refresh,
    async change(edit, audit) {
      for (let attempt = 0; attempt < 3; attempt++) {
        await refresh();
        const next = edit(current, overlay);
        const shop = applyOverlay(base, next);
        const saved = await store.save(next, version, { ...audit, at: clock().toISOString() });
        if (saved === 'conflict') continue; // another owner saved meanwhile: redo the edit on theirs
        await prepare(shop);
        if (saved.version < version) return shop; // a later change arrived by the poll meanwhile: it is in force
        current = shop;
        overlay = next;
        version = saved.version;
        return shop;
      }
      throw new KnowledgeError('knowledge base: changed by someone else three times in a row; try again');
    },
    noteTurn(turn) {
      if (turn.msg.event || !turn.msg.text.trim()) return;
      const { fallback, offerHuman } = turn.shop.replies;
      const notKnown = new Set([...Object.values(fallback), ...Object.values(offerHuman ?? {})]);
      if (turn.flows.at(-1) === 'fallback' && turn.replies.some((r) => notKnown.has(r.text))) return record(turn, turn.msg.text, 'fallback');
      if (turn.humanRequested === 'human' && opts.previousAnswered) {
        void opts
          .previousAnswered(turn.msg.address.conversationId, turn.shop)
          .then((question) => question && record(turn, question, 'human'))
          .catch(() => undefined);
      }
    },
    stop: () => clearInterval(timer),
  };
}
