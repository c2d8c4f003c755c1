import { describe, expect, it } from 'vitest';
import { compose } from '../../src/engine/compose.js';
import { FlowError } from '../../src/errors.js';
import type { Flow, FlowContext } from '../../src/engine/flow.js';

const ctx = { msg: { address: { conversationId: 'web:c1' } } } as unknown as FlowContext;

describe('compose', () => {
  it('runs flows in order until one stops calling next', async () => {
    const seen: string[] = [];
    const flow = (id: string, stop = false): Flow => ({
      id,
      async run(_c, next) {
        seen.push(`${id}:before`);
        if (!stop) await next();
        seen.push(`${id}:after`);
      },
    });
    const ran = await compose([flow('a'), flow('b', true), flow('c')])(ctx);
    expect(ran).toEqual(['a', 'b']);
    expect(seen).toEqual(['a:before', 'b:before', 'b:after', 'a:after']);
  });

  it('refuses a flow that calls next twice', async () => {
    const twice: Flow = { id: 'twice', async run(_c, next) { await next(); await next(); } };
    const after: Flow = { id: 'after', run() {} };
    await expect(compose([twice, after])(ctx)).rejects.toThrow(/twice.*next\(\) called more than once/);
  });

  it('wraps what a flow throws in a FlowError naming the flow and conversation', async () => {
    const broken: Flow = { id: 'broken', run() { throw new Error('boom'); } };
    const outer: Flow = { id: 'outer', run(_c, next) { return next(); } };
    const err = await compose([outer, broken])(ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FlowError);
    expect(err).toMatchObject({ flow: 'broken', conversationId: 'web:c1' });
    expect((err as Error).message).toContain('boom');
  });
});
