import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { talliedCounter, TalliedHistogram } from '../../src/metrics/tally.js';

describe('tallied metrics', () => {
  it("scrape as prom-client's own counters and histograms: per label set, cumulative buckets, sum and count", async () => {
    const registry = new Registry();
    const received = talliedCounter({ registry, name: 't_received_total', help: 'h', labelNames: ['channel', 'result'] as const });
    const seconds = new TalliedHistogram({ registry, name: 't_seconds', help: 'h', labelNames: ['channel'] as const, buckets: [0.1, 1] });
    received.slot('web', 'accepted').n++;
    received.slot('web', 'accepted').n++;
    received.slot('telegram', 'duplicate').n++;
    for (const v of [0.05, 0.5, 0.7, 3]) seconds.observeIn(seconds.slot('web'), v);
    const text = await registry.metrics();
    const lines = text.split('\n').filter((l) => l && !l.startsWith('#'));
    expect(lines).toEqual([
      't_received_total{channel="web",result="accepted"} 2',
      't_received_total{channel="telegram",result="duplicate"} 1',
      't_seconds_bucket{le="0.1",channel="web"} 1',
      't_seconds_bucket{le="1",channel="web"} 3',
      't_seconds_bucket{le="+Inf",channel="web"} 4',
      't_seconds_sum{channel="web"} 4.25',
      't_seconds_count{channel="web"} 4',
    ]);
    expect(text).toContain('# TYPE t_seconds histogram');
  });
});
