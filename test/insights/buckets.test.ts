import { describe, expect, it } from 'vitest';
import { localBucket } from '../../src/insights/buckets.js';

const formats = new Map<string, Intl.DateTimeFormat>();
/** The bucket as Intl tells it for this very instant. */
function fresh(at: Date, timeZone: string): { day: string; hour: string } {
  const parts: Record<string, string> = {};
  let f = formats.get(timeZone);
  if (!f) formats.set(timeZone, (f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' })));
  for (const p of f.formatToParts(at)) parts[p.type] = p.value;
  const day = `${parts.year}-${parts.month}-${parts.day}`;
  return { day, hour: `${day}T${parts.hour}` };
}

describe('shop-local buckets', () => {
  it('names the local day and hour right minute by minute, across half-hour offsets, midnight and daylight saving', () => {
    // Kolkata (+5:30) and Kathmandu (+5:45) change hour off the UTC hour; New York and Berlin change offset.
    const spans: [string, string][] = [
      ['Asia/Kolkata', '2026-12-06T18:00:00Z'],
      ['Asia/Kathmandu', '2026-12-06T18:00:00Z'],
      ['America/New_York', '2026-03-08T05:30:00Z'],
      ['America/New_York', '2026-11-01T04:30:00Z'],
      ['Europe/Berlin', '2026-03-29T00:30:00Z'],
    ];
    for (const [zone, from] of spans) {
      const start = Date.parse(from);
      // Every 20 s for 3 hours, in order and then out of order: each answer as if asked fresh.
      const instants = Array.from({ length: 540 }, (_, i) => start + i * 20_000);
      for (const t of [...instants, ...instants.reverse()]) expect(localBucket(new Date(t), zone), `${zone} ${new Date(t).toISOString()}`).toEqual(fresh(new Date(t), zone));
    }
  });

  it('puts a conversation just before and just after local midnight on different days', () => {
    expect(localBucket(new Date('2026-12-06T18:29:59Z'), 'Asia/Kolkata')).toEqual({ day: '2026-12-06', hour: '2026-12-06T23' });
    expect(localBucket(new Date('2026-12-06T18:30:00Z'), 'Asia/Kolkata')).toEqual({ day: '2026-12-07', hour: '2026-12-07T00' });
  });
});
