import { describe, expect, it } from 'vitest';
import { isOpen, nextOpening, zonedInstant, type BusinessHours } from '../../../flows/away/hours.js';

const shanghai: BusinessHours = {
  timezone: 'Asia/Shanghai',
  weekly: { mon: [['09:00', '18:00']], tue: [['09:00', '12:00'], ['14:00', '18:00']], wed: [['09:00', '18:00']], thu: [['09:00', '18:00']], fri: [['09:00', '18:00']], sat: [['10:00', '16:00']] },
  holidays: ['2026-10-01'],
};

describe('business hours', () => {
  it('is open inside an interval in the shop\'s own time zone', () => {
    // Monday 2026-11-23 10:00 in Shanghai is 02:00 UTC.
    expect(isOpen(new Date('2026-11-23T02:00:00Z'), shanghai)).toBe(true);
    expect(isOpen(new Date('2026-11-23T00:59:00Z'), shanghai)).toBe(false); // 08:59 local
    expect(isOpen(new Date('2026-11-23T10:00:00Z'), shanghai)).toBe(false); // 18:00 local: closed at the end
  });

  it('is closed over a lunch break, on Sundays and on holidays', () => {
    expect(isOpen(new Date('2026-11-24T05:00:00Z'), shanghai)).toBe(false); // Tuesday 13:00 local
    expect(isOpen(new Date('2026-11-22T04:00:00Z'), shanghai)).toBe(false); // Sunday noon
    expect(isOpen(new Date('2026-10-01T04:00:00Z'), shanghai)).toBe(false); // Thursday, a holiday
  });

  it('says when the shop opens next', () => {
    // Saturday 2026-11-21 17:00 local -> Monday 09:00 local (Sunday closed).
    expect(nextOpening(new Date('2026-11-21T09:00:00Z'), shanghai)?.toISOString()).toBe('2026-11-23T01:00:00.000Z');
    // Tuesday lunch break -> 14:00 the same day.
    expect(nextOpening(new Date('2026-11-24T05:00:00Z'), shanghai)?.toISOString()).toBe('2026-11-24T06:00:00.000Z');
    expect(nextOpening(new Date(), { timezone: 'UTC', weekly: {}, holidays: [] })).toBeUndefined();
  });

  it('handles daylight saving time changes', () => {
    // Madrid switches to CET on 2026-10-25: 09:00 local is 07:00 UTC before and 08:00 UTC after.
    expect(zonedInstant('2026-10-24', '09:00', 'Europe/Madrid').toISOString()).toBe('2026-10-24T07:00:00.000Z');
    expect(zonedInstant('2026-10-26', '09:00', 'Europe/Madrid').toISOString()).toBe('2026-10-26T08:00:00.000Z');
  });
});
