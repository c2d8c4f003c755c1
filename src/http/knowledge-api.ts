import express, { type Express, type Response } from 'express';
import { stringify } from 'yaml';
import { z } from 'zod';
import { FaqTopicSchema, LanguageSchema, LocalizedTextSchema, type ShopConfig } from '../config/schema.js';
import type { Logger } from '../log.js';
import { applyOverlay, KnowledgeError, teachExample, TEACHABLE_INTENTS, upsertTopic, type LiveKnowledge } from '../store/knowledge-live.js';
import type { KnowledgeOverlay } from '../store/knowledge-types.js';
import type { KnowledgeAnswer, KnowledgeAuditAnswer, TeachAnswer, TryAnswer, UnansweredAnswer } from './api-types.js';
import { agentOf, requireRole } from './auth.js';

/** How the bot would read a message with a given shop config (the classifier, injected by main.ts). */
export type ReadMessage = (shop: ShopConfig, text: string, langHint?: string) => { intent: string; score: number; lang: string; reply?: string; topics?: string[] };

export interface KnowledgeApiDeps {
  knowledge: LiveKnowledge;
  shop: ShopConfig;
  read: ReadMessage;
  log: Logger;
}

const Text = z.string().trim().min(1).max(1000);
const TeachBody = z.union([
  z.object({ text: Text, lang: LanguageSchema, topic: z.string().min(1).max(100), unansweredId: z.string().max(64).optional() }).strict(),
  z.object({ text: Text, lang: LanguageSchema, newTopic: FaqTopicSchema, unansweredId: z.string().max(64).optional() }).strict(),
]);
const RepliesBody = z.record(z.string().regex(/^[a-zA-Z]+$/), LocalizedTextSchema);
const TryBody = z
  .object({
    text: Text,
    lang: LanguageSchema.optional(),
    /** A change not saved yet: how the message would be read after it. */
    draft: z.union([z.object({ topic: FaqTopicSchema }).strict(), z.object({ teach: z.object({ topic: z.string().min(1).max(100), lang: LanguageSchema }).strict() }).strict()]).optional(),
  })
  .strict();

function refuse(res: Response, err: unknown): void {
  if (err instanceof z.ZodError) {
    res.status(400).json({ error: err.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') });
    return;
  }
  if (err instanceof KnowledgeError) {
    res.status(400).json({ error: err.message });
    return;
  }
  throw err;
}

/**
 * The owner's teaching loop under /api/knowledge (owner role only): what the bot could not answer,
 * teaching an example to a topic or intent, creating and editing topics and the fixed replies,
 * the audit, the YAML export and "try it". Every change is validated as the YAML is and saved
 * whole or not at all; every instance applies it within a second or two (LiveKnowledge).
 */
export function mountKnowledgeApi(app: Express, deps: KnowledgeApiDeps): void {
  const { knowledge } = deps;
  const log = deps.log.child({ module: 'knowledge-api' });
  const owner = requireRole(() => deps.shop.agents, 'owner');
  const api = express.Router();
  api.use(owner);

  api.get('/', (_req, res) => {
    const shop = knowledge.shop();
    const taught = new Set(knowledge.overlay().topics.map((t) => t.id));
    res.json({
      version: knowledge.version(),
      languages: shop.shop.languages,
      defaultLanguage: shop.shop.defaultLanguage,
      topics: shop.faq.map((t) => ({ ...t, taught: taught.has(t.id) })),
      intents: TEACHABLE_INTENTS,
      replies: shop.replies,
    } satisfies KnowledgeAnswer);
  });

  api.get('/unanswered', async (req, res) => {
    const limit = z.coerce.number().int().min(1).max(500).catch(100).parse(req.query.limit);
    res.json({ unanswered: await knowledge.store.unanswered(limit) } satisfies UnansweredAnswer);
  });

  api.get('/audit', async (_req, res) => {
    res.json({ audit: await knowledge.store.audit(200) } satisfies KnowledgeAuditAnswer);
  });

  api.post('/teach', async (req, res) => {
    try {
      const body = TeachBody.parse(req.body);
      const by = agentOf(res).name;
      const target = 'topic' in body ? body.topic : body.newTopic.id;
      await knowledge.change(
        (shop, overlay) => {
          if ('topic' in body) return teachExample(shop, overlay, body.text, body.lang, body.topic);
          if (shop.faq.some((t) => t.id === body.newTopic.id)) throw new KnowledgeError(`newTopic.id: a topic "${body.newTopic.id}" exists already`);
          const questions = { ...body.newTopic.questions, [body.lang]: [...new Set([...(body.newTopic.questions[body.lang] ?? []), body.text])] };
          return upsertTopic(overlay, { ...body.newTopic, questions });
        },
        { by, action: 'topic' in body ? 'teach' : 'new topic', target, detail: `${body.lang}: ${body.text}` },
      );
      if (body.unansweredId) await knowledge.store.dismissUnanswered(body.unansweredId);
      log.info('knowledge taught', { by, target });
      res.json({ version: knowledge.version(), target } satisfies TeachAnswer);
    } catch (err) {
      refuse(res, err);
    }
  });

  api.put('/topics/:id', async (req, res) => {
    try {
      const topic = FaqTopicSchema.parse(req.body);
      if (topic.id !== req.params.id) throw new KnowledgeError(`id: "${topic.id}" does not match the topic edited ("${req.params.id}")`);
      const by = agentOf(res).name;
      await knowledge.change((_shop, overlay) => upsertTopic(overlay, topic), { by, action: 'edit topic', target: topic.id });
      log.info('knowledge topic edited', { by, topic: topic.id });
      res.json({ version: knowledge.version(), topic: knowledge.shop().faq.find((t) => t.id === topic.id) });
    } catch (err) {
      refuse(res, err);
    }
  });

  api.put('/replies', async (req, res) => {
    try {
      const replies = RepliesBody.parse(req.body);
      const by = agentOf(res).name;
      await knowledge.change((_shop, overlay) => ({ ...overlay, replies: { ...overlay.replies, ...replies } }), { by, action: 'edit replies', target: Object.keys(replies).join(', ') });
      res.json({ version: knowledge.version(), replies: knowledge.shop().replies });
    } catch (err) {
      refuse(res, err);
    }
  });

  api.get('/export', (_req, res) => {
    const header = '# Shop config with the knowledge base taught in the console; point SHOP_CONFIG at it.\n';
    res.type('application/yaml; charset=utf-8').attachment('shop.yaml').send(header + stringify(knowledge.shop(), { lineWidth: 0 }));
  });

  api.post('/try', (req, res) => {
    try {
      const body = TryBody.parse(req.body);
      const now = knowledge.shop();
      const reading = deps.read(now, body.text, body.lang);
      if (!body.draft) return void res.json({ now: reading } satisfies TryAnswer);
      const draft = body.draft;
      const overlay: KnowledgeOverlay = 'topic' in draft ? upsertTopic(knowledge.overlay(), draft.topic) : teachExample(now, knowledge.overlay(), body.text, draft.teach.lang, draft.teach.topic);
      res.json({ now: reading, after: deps.read(applyOverlay(knowledge.base, overlay), body.text, body.lang) } satisfies TryAnswer);
    } catch (err) {
      refuse(res, err);
    }
  });

  app.use('/api/knowledge', api);
}
