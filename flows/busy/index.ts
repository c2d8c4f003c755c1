import type { Flow } from '../../src/engine/flow.js';
import { effectiveStatus } from '../away/status.js';

/**
 * While the owner has set the shop busy, the first message of each busy period gets "please wait
 * a moment" (with the owner's words verbatim); the flows after it still answer.
 */
export const busy: Flow = {
  id: 'busy',
  run(ctx, next) {
    const status = effectiveStatus(ctx.ownerStatus, ctx.shop, ctx.now);
    if (status.mode !== 'busy' || ctx.session.autoReplied.busy === status.periodId) return next();
    let text = ctx.t(ctx.shop.autoReply.busy);
    if (status.message) text += `\n\n${ctx.t(ctx.shop.autoReply.ownerMessage)} ${status.message}`;
    ctx.reply({ kind: 'text', text });
    ctx.session.autoReplied = { ...ctx.session.autoReplied, busy: status.periodId };
    return next();
  },
};
