import { describe, expect, it } from 'vitest';
import { isLatest, OrderEventSchema, toOrderView, type OrderEvent } from '../../src/orders/events.js';

const e = (id: string, type: OrderEvent['type'], at: string, extra: Partial<OrderEvent> = {}): OrderEvent => OrderEventSchema.parse({ id, type, orderId: 'A', at, ...extra });

describe('an order folded from its events', () => {
  it('applies events in event time whatever order they arrived in', () => {
    const delivered = e('3', 'delivered', '2026-03-05T10:00:00Z');
    const shipped = e('2', 'shipped', '2026-03-02T10:00:00Z', { courier: 'SF Express', trackingNumber: 'SF1' });
    const paid = e('1', 'paid', '2026-03-01T10:00:00Z');
    const view = toOrderView([delivered, shipped, paid])!;
    expect([view.status, view.trackingNumber, view.deliveredAt, view.events]).toEqual(['delivered', 'SF1', '2026-03-05T10:00:00Z', ['1', '2', '3']]);
    expect(isLatest(shipped, [delivered, shipped, paid])).toBe(false); // a late shipped must not send tracking after delivery
    expect(isLatest(delivered, [delivered, shipped, paid])).toBe(true);
  });

  it('keeps a refunded order refunded when a later shipped webhook arrives', () => {
    const view = toOrderView([e('1', 'paid', '2026-03-01T10:00:00Z'), e('2', 'refunded', '2026-03-02T10:00:00Z'), e('3', 'shipped', '2026-03-03T10:00:00Z', { trackingNumber: 'X1' })])!;
    expect(view.status).toBe('refunded');
  });

  it('refuses a shipped event without anything to track, and a phone that is not E.164', () => {
    expect(OrderEventSchema.safeParse({ id: '1', type: 'shipped', orderId: 'A', at: '2026-03-01T10:00:00Z' }).success).toBe(false);
    expect(OrderEventSchema.safeParse({ id: '1', type: 'paid', orderId: 'A', at: '2026-03-01T10:00:00Z', buyer: { phone: '600 111 222' } }).success).toBe(false);
  });
});
