import type { FaqTopic, LocalizedText } from '../../src/config/schema.js';
import type { Flow, FlowContext } from '../../src/engine/flow.js';
import { askForHuman, queuedText } from '../handoff/index.js';
import { readingOf } from './read.js';

/** A button payload that answers a topic directly: `faq:<id>` (or `FAQ_<ID>`, as Messenger quick replies are often named). */
const TOPIC_PAYLOAD = /^faq[:_-](.+)$/i;

function topicOfPostback(ctx: FlowContext): FaqTopic | undefined {
  const id = ctx.msg.postback && TOPIC_PAYLOAD.exec(ctx.msg.postback)?.[1]?.toLowerCase();
  return id ? ctx.shop.faq.find((topic) => topic.id === id) : undefined;
}

/** A topic's answer; asked again in the same conversation, its follow-ups come next (the discount ladder). */
function answerText(ctx: FlowContext, topic: FaqTopic): string {
  const asked = ctx.session.faqAnswered[topic.id] ?? 0;
  const texts: LocalizedText[] = [topic.answer, ...topic.followUps];
  if (topic.followUps.length > 0) ctx.session.faqAnswered = { ...ctx.session.faqAnswered, [topic.id]: asked + 1 };
  return ctx.t(texts[Math.min(asked, texts.length - 1)]!);
}

/** Answer one topic, or several asked in one message, in one reply. */
function answer(ctx: FlowContext, ...topics: FaqTopic[]): void {
  ctx.reply({ kind: 'text', text: topics.map((topic) => answerText(ctx, topic)).join('\n\n') });
}

const fill = (text: string, values: Record<string, string>) => text.replace(/\{(\w+)\}/g, (m, key: string) => values[key] ?? m);

/** The person the buyer asked for (or needs): the place in line while already queued, else queue (or a call-back offer while away). */
function fetchHuman(ctx: FlowContext, reason: string): void {
  if (ctx.handoff.state === 'queued') {
    ctx.reply({ kind: 'text', text: queuedText(ctx, ctx.handoff.position ?? Math.max(1, ctx.queueLength)) });
    return;
  }
  askForHuman(ctx, reason);
}

/**
 * Answers what the buyer asks when the shop's FAQ covers it, in the buyer's language; greets and
 * thanks; fetches a person for a complaint or when asked; acknowledges contact details given in
 * passing. Anything else goes on to `fallback`, which says it does not know: never a guess.
 * The classifier (flows/faq/classifier.ts) is built once per shop config.
 */
export const faq: Flow = {
  id: 'faq',
  run(ctx, next) {
    if (ctx.msg.event) return next();
    const button = topicOfPostback(ctx);
    if (button) {
      ctx.session.unmatchedInARow = 0;
      answer(ctx, button);
      return;
    }
    if (!ctx.msg.text.trim()) return next();

    const { intent, score, contact, also } = readingOf(ctx.msg, ctx.shop);
    ctx.log.debug('faq', { intent, score });
    if (intent === 'none') return next();
    const { replies } = ctx.shop;
    if (intent === 'thanks' && !replies.thanks) return next();
    ctx.session.unmatchedInARow = 0;

    switch (intent) {
      case 'greeting':
        // An away or busy auto-reply (or a contact acknowledgement) already said hello.
        if (ctx.replies.length === 0) ctx.reply({ kind: 'text', text: ctx.t(replies.greeting) });
        return;
      case 'thanks':
        if (ctx.replies.length === 0) ctx.reply({ kind: 'text', text: ctx.t(replies.thanks!) });
        return;
      case 'human':
        fetchHuman(ctx, 'human');
        return;
      case 'complaint':
        // Fix the person first, then the problem (seed 004): apologise, then fetch a person at once.
        if (replies.complaint) ctx.reply({ kind: 'text', text: ctx.t(replies.complaint) });
        fetchHuman(ctx, 'complaint');
        return;
      case 'contact': {
        // The contact flow, earlier in the chain, normally kept and acknowledged them already.
        if (ctx.replies.length > 0) return;
        // No phone, e-mail or messenger account: the classifier read a postal address.
        const found: Record<string, string> = contact ? { ...contact } : { address: ctx.msg.text.trim() };
        ctx.session.contact = { ...ctx.session.contact, ...found };
        ctx.reply({ kind: 'text', text: fill(ctx.t(ctx.shop.contact.texts.noted), { reach: found.phone ?? found.email ?? found.messenger ?? found.address ?? '' }) });
        return;
      }
      default: {
        const topic = ctx.shop.faq.find((t) => t.id === intent);
        if (!topic) return next();
        const more = (also ?? []).flatMap((id) => ctx.shop.faq.filter((t) => t.id === id));
        answer(ctx, topic, ...more);
      }
    }
  },
};
