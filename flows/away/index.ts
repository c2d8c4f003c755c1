import type { Flow } from '../../src/engine/flow.js';
import { effectiveStatus, formatBackAt } from './status.js';

/**
 * While the shop is away (owner's status or outside business hours), the first message of each
 * away period gets the away auto-reply, with the owner's words verbatim; then the flows after it
 * still answer (FAQs are answered while away).
 */
export const away: Flow = {
  id: 'away',
  run(ctx, next) {
    const status = effectiveStatus(ctx.ownerStatus, ctx.shop, ctx.now);
    if (status.mode !== 'away' || ctx.session.autoReplied.away === status.periodId) return next();
    const { autoReply } = ctx.shop;
    let text = status.until
      ? ctx.t(autoReply.away).replaceAll('{backAt}', formatBackAt(status.until, ctx.lang, ctx.shop))
      : ctx.t(autoReply.awayUntilFurtherNotice);
    if (status.message) text += `\n\n${ctx.t(autoReply.ownerMessage)} ${status.message}`;
    ctx.reply({ kind: 'text', text });
    ctx.session.autoReplied = { ...ctx.session.autoReplied, away: status.periodId };
    return next();
  },
};
