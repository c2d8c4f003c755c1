import type { Flow, FlowContext } from '../../src/engine/flow.js';
import { HUMAN_PAYLOAD } from '../../src/engine/types.js';
import { effectiveStatus } from '../away/status.js';
import { extractContact } from '../contact/extract.js';

const fill = (text: string, values: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (m, key: string) => (key in values ? String(values[key]) : m));

/** The "talk to a person" button, in the turn's language. */
export function humanButton(ctx: FlowContext) {
  return { label: ctx.t(ctx.shop.handoff.texts.humanButton), payload: HUMAN_PAYLOAD };
}

/** Place-in-line text: position and a wait estimate. */
export function queuedText(ctx: FlowContext, position: number): string {
  return fill(ctx.t(ctx.shop.handoff.texts.queued), { position, minutes: Math.max(1, Math.round(position * ctx.shop.handoff.minutesPerBuyer)) });
}

/**
 * The buyer wants (or needs) a person. While the shop is away nobody can come: record the wish
 * and ask for contact details for a call-back. Otherwise queue the conversation and say the
 * place in line.
 */
export function askForHuman(ctx: FlowContext, reason: string): void {
  if (ctx.handoff.state === 'queued' || ctx.handoff.state === 'agent') return;
  if (effectiveStatus(ctx.ownerStatus, ctx.shop, ctx.now).mode === 'away') {
    ctx.session.humanRequestedAt = ctx.now.toISOString();
    ctx.session.autoReplied = { ...ctx.session.autoReplied, away: effectiveStatus(ctx.ownerStatus, ctx.shop, ctx.now).periodId };
    ctx.session.flow = { id: 'contact', step: 'reach', data: { purpose: 'callback' } };
    ctx.reply({ kind: 'contact_request', text: ctx.t(ctx.shop.handoff.texts.awayCallback) });
    return;
  }
  ctx.requestHuman(reason);
  ctx.reply({ kind: 'text', text: queuedText(ctx, ctx.queueLength + 1) });
}

/**
 * First in the chain, like Botkit's interrupts: while an agent holds the conversation the bot
 * says nothing (every buyer message reaches the agent's live view); a "talk to a person" press
 * queues it; nobody coming in time turns into a call-back offer.
 */
export const handoff: Flow = {
  id: 'handoff',
  run(ctx, next) {
    const { state } = ctx.handoff;
    if (ctx.msg.event === 'handoff_timeout') {
      if (state !== 'queued') return; // claimed or released meanwhile
      ctx.session.flow = { id: 'contact', step: 'reach', data: { purpose: 'callback' } };
      ctx.reply({ kind: 'contact_request', text: ctx.t(ctx.shop.handoff.texts.noAgent) });
      return;
    }
    if (ctx.msg.event === 'ask_contact') {
      // An agent asked for the buyer's details: ask in the bot's voice, one question, with the share button.
      ctx.session.flow = { id: 'contact', step: 'reach', data: { purpose: 'agent' } };
      ctx.reply({ kind: 'contact_request', text: ctx.t(ctx.shop.contact.texts.askReach) });
      return;
    }
    if (state === 'agent') {
      // The agent talks; the bot only files the details it asked for, for the agent's contact panel.
      if (ctx.session.flow?.id === 'contact') {
        const found = extractContact(ctx.msg.text, ctx.shop.contact.defaultRegion);
        if (found) {
          ctx.session.contact = { ...ctx.session.contact, ...found };
          ctx.session.flow = undefined;
        }
      }
      return;
    }
    if (ctx.msg.postback === HUMAN_PAYLOAD) {
      if (state === 'queued') {
        ctx.reply({ kind: 'text', text: queuedText(ctx, ctx.handoff.position ?? Math.max(1, ctx.queueLength)) });
        return;
      }
      askForHuman(ctx, 'human');
      return;
    }
    return next();
  },
};
