import { expect, it } from 'vitest';
import { contractSuite } from './stores.js';

contractSuite('lifecycle and shop status', (make, kind) => {
  it('creates a shared secret once', async () => {
    const a = await make();
    const first = await a.sharedSecret(`s-${kind}`);
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await a.sharedSecret(`s-${kind}`)).toBe(first);
  });

  it('shares the owner\'s status and reads it with the session in one go', async () => {
    const store = await make();
    expect(await store.getShopStatus()).toBeUndefined();
    const status = { mode: 'away' as const, message: 'Back at 9', setAt: new Date().toISOString(), setBy: 'cli' };
    await store.setShopStatus(status);
    expect(await store.getShopStatus()).toEqual(status);
    expect((await store.loadTurnState('web:nobody')).status).toEqual(status);
    await store.setShopStatus(undefined);
    expect(await store.getShopStatus()).toBeUndefined();
  });
});
