import { FlowError } from '../errors.js';
import type { Flow, FlowContext } from './flow.js';

/**
 * Chain flows in order into one function. Calling `next` twice in one flow throws (it would
 * run the rest of the chain twice); anything a flow throws comes out as a FlowError naming it.
 */
export function compose(flows: readonly Flow[]): (ctx: FlowContext) => Promise<string[]> {
  return async (ctx) => {
    const ran: string[] = [];
    let last = -1;
    async function dispatch(i: number): Promise<void> {
      if (i <= last) throw new Error('next() called more than once');
      last = i;
      const flow = flows[i];
      if (!flow) return;
      ran.push(flow.id);
      try {
        await flow.run(ctx, () => dispatch(i + 1));
      } catch (err) {
        throw err instanceof FlowError ? err : new FlowError(flow.id, ctx.msg.address.conversationId, err);
      }
    }
    await dispatch(0);
    return ran;
  };
}
