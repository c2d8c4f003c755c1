import type { Flow } from '../../src/engine/flow.js';
import { askForHuman, humanButton } from '../handoff/index.js';

/**
 * Last in the chain: nothing else answered, so say so plainly rather than guess. The second
 * unmatched question in a row offers a person (a "talk to a person" button, payload `human`);
 * the third queues the conversation for one. While the buyer already waits for a person, the
 * bot keeps quiet.
 */
export const fallback: Flow = {
  id: 'fallback',
  run(ctx) {
    if (ctx.replies.length > 0 || ctx.handoff.state === 'queued') return;
    ctx.session.unmatchedInARow += 1;
    const { fallback: notKnown, offerHuman } = ctx.shop.replies;
    if (ctx.session.unmatchedInARow >= 3) {
      ctx.reply({ kind: 'text', text: ctx.t(notKnown) });
      askForHuman(ctx, 'unmatched');
      return;
    }
    if (ctx.session.unmatchedInARow === 2) {
      ctx.reply({ kind: 'text', text: ctx.t(offerHuman ?? notKnown), quickReplies: [humanButton(ctx)] });
      return;
    }
    ctx.reply({ kind: 'text', text: ctx.t(notKnown) });
  },
};

/**
 * Not in the chain: what the engine tells a buyer whose message kept failing and was parked as a
 * dead letter for the owner. Said plainly, in their language, with a "talk to a person" button.
 */
export const parked: Flow = {
  id: 'parked',
  run(ctx) {
    ctx.reply({ kind: 'text', text: ctx.t(ctx.shop.replies.fallback), quickReplies: [humanButton(ctx)] });
  },
};
