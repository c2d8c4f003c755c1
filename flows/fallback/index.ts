import type { Flow } from '../../src/engine/flow.js';
import { askForHuman, humanButton } from '../handoff/index.js';

/**
 * Last in the chain: nothing else answered, so say so plainly rather than guess. The second
 * unmatched question in a row offers a person; the third queues the conversation for one.
 * While the buyer already waits for a person, the bot keeps quiet.
 */
export const fallback: Flow = {
  id: 'fallback',
  run(ctx) {
    if (ctx.replies.length > 0 || ctx.handoff.state === 'queued') return;
    ctx.session.unmatchedInARow += 1;
    const text = ctx.t(ctx.shop.replies.fallback);
    if (ctx.session.unmatchedInARow >= 3) {
      ctx.reply({ kind: 'text', text });
      askForHuman(ctx, 'unmatched');
      return;
    }
    ctx.reply({ kind: 'text', text, ...(ctx.session.unmatchedInARow >= 2 ? { quickReplies: [humanButton(ctx)] } : {}) });
  },
};
