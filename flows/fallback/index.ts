import type { Flow } from '../../src/engine/flow.js';

/** Last in the chain: nothing else answered, so say so plainly rather than guess. */
export const fallback: Flow = {
  id: 'fallback',
  run(ctx) {
    if (ctx.replies.length > 0) return;
    ctx.session.unmatchedInARow += 1;
    ctx.reply({ kind: 'text', text: ctx.t(ctx.shop.replies.fallback) });
  },
};
