import type { Flow } from '../../src/engine/flow.js';
import { effectiveStatus } from '../away/status.js';
import { queuedText } from '../handoff/index.js';

/**
 * "Please wait a moment", once per busy period per conversation: when the owner set the shop
 * busy, or on its own when more buyers wait for a person than the shop config allows (then with
 * the buyer's place in line and an estimate). The flows after it still answer.
 */
export const busy: Flow = {
  id: 'busy',
  run(ctx, next) {
    const status = effectiveStatus(ctx.ownerStatus, ctx.shop, ctx.now);
    const crowded = ctx.handoff.state === 'queued' && ctx.queueLength > ctx.shop.handoff.busyWhenWaiting;
    if (status.mode !== 'busy' && !crowded) return next();
    const periodId = status.mode === 'busy' ? status.periodId : `queue:${ctx.handoff.queuedAt ?? ''}`;
    if (ctx.session.autoReplied.busy === periodId) return next();
    let text = ctx.t(ctx.shop.autoReply.busy);
    if (status.message) text += `\n\n${ctx.t(ctx.shop.autoReply.ownerMessage)} ${status.message}`;
    if (ctx.handoff.state === 'queued') text += `\n\n${queuedText(ctx, ctx.handoff.position ?? ctx.queueLength)}`;
    ctx.reply({ kind: 'text', text });
    ctx.session.autoReplied = { ...ctx.session.autoReplied, busy: periodId };
    return next();
  },
};
