import { describe, expect, it } from 'vitest';
import { Pacer } from '../../src/engine/pacer.js';

describe('pacer', () => {
  it('keeps a channel under its rate: the 31st message of a second waits', () => {
    const pacer = new Pacer();
    const waits = Array.from({ length: 31 }, (_, i) => pacer.take('telegram', `telegram:${i}`, { perSecond: 30 }, 1000));
    expect(waits[0]).toBe(0);
    expect(waits[30]).toBeCloseTo(1000, 0);
    expect(Math.max(...waits.slice(0, 30))).toBeLessThan(1000);
  });

  it('spaces deliveries to one conversation, not to others', () => {
    const pacer = new Pacer();
    const limit = { conversationIntervalMs: 1000 };
    expect(pacer.conversationWait('telegram:1', limit, 0)).toBe(0);
    pacer.take('telegram', 'telegram:1', limit, 0);
    expect(pacer.conversationWait('telegram:1', limit, 100)).toBe(900);
    expect(pacer.conversationWait('telegram:1', limit, 100)).toBe(900); // asking reserves nothing
    expect(pacer.conversationWait('telegram:2', limit, 100)).toBe(0);
    expect(pacer.conversationWait('telegram:1', limit, 1000)).toBe(0);
  });

  it('does not slow channels without limits', () => {
    const pacer = new Pacer();
    expect(Array.from({ length: 100 }, () => pacer.take('web', 'web:x', undefined, 0))).toEqual(Array(100).fill(0));
    expect(pacer.conversationWait('web:x', undefined, 0)).toBe(0);
  });
});
