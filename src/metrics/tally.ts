import { Counter, Histogram, type MetricObjectWithValues, type MetricType, type MetricValueWithName, type Registry } from 'prom-client';

/**
 * Counters and histograms counted in plain numbers on the message path and handed to prom-client
 * only when scraped. prom-client's own `inc` and `observe` check and hash the labels object on
 * every call (and `labels(...)` children do the same), which profiled at about 1% of the gateway's
 * CPU; here a label set is looked up once (`slot`) in nested maps, and counting is `n++`.
 */

/** One label set's place: found once per label values, then counted into directly. */
class Slots<S> {
  private readonly root = new Map<string, unknown>();
  readonly all: S[] = [];
  constructor(
    private readonly depth: number,
    private readonly make: (values: string[]) => S,
  ) {}
  get(values: string[]): S {
    if (values.length !== this.depth) throw new Error(`expected ${this.depth} label values, got ${values.length}`);
    if (this.depth === 0) return this.all[0] ?? this.add(values);
    let level = this.root;
    for (let i = 0; i < values.length - 1; i++) {
      let next = level.get(values[i]!) as Map<string, unknown> | undefined;
      if (!next) level.set(values[i]!, (next = new Map()));
      level = next;
    }
    const last = values[values.length - 1]!;
    const found = level.get(last) as S | undefined;
    if (found) return found;
    const s = this.add(values);
    level.set(last, s);
    return s;
  }
  private add(values: string[]): S {
    const s = this.make(values);
    this.all.push(s);
    return s;
  }
}

const labelsOf = <L extends string>(names: readonly L[], values: string[]) => Object.fromEntries(names.map((n, i) => [n, values[i]!])) as Record<L, string>;

export interface CounterSlot {
  n: number;
}

/** A prom-client counter whose counts live in slots: `slot(...values).n++`, read at scrape time. */
export function talliedCounter<L extends string>(opts: { registry: Registry; name: string; help: string; labelNames: readonly L[] }) {
  const slots = new Slots<CounterSlot & { labels: Record<L, string> }>(opts.labelNames.length, (values) => ({ labels: labelsOf(opts.labelNames, values), n: 0 }));
  new Counter<L>({
    registers: [opts.registry],
    name: opts.name,
    help: opts.help,
    labelNames: opts.labelNames,
    collect() {
      this.reset();
      for (const s of slots.all) this.inc(s.labels, s.n);
    },
  });
  return { slot: (...values: string[]): CounterSlot => slots.get(values) };
}

export interface HistogramSlot {
  /** Observations per bucket (not cumulative); one more for those above the last bound. */
  readonly counts: Float64Array;
  sum: number;
  count: number;
}

/**
 * A prom-client histogram whose observations live in slots: `observeIn(slot(...values), v)`. Its
 * scrape output is prom-client's own format (cumulative `_bucket` lines with `le`, `+Inf`, `_sum`,
 * `_count`), built from the slots.
 */
export class TalliedHistogram<L extends string> extends Histogram<L> {
  private readonly bounds: readonly number[];
  private readonly metric: { name: string; help: string };
  private readonly slots: Slots<HistogramSlot & { labels: Record<L, string> }>;
  constructor(opts: { registry: Registry; name: string; help: string; labelNames: readonly L[]; buckets: readonly number[] }) {
    super({ registers: [opts.registry], name: opts.name, help: opts.help, labelNames: opts.labelNames, buckets: [...opts.buckets] });
    this.bounds = [...opts.buckets].sort((a, b) => a - b);
    this.metric = { name: opts.name, help: opts.help };
    this.slots = new Slots(opts.labelNames.length, (values) => ({ labels: labelsOf(opts.labelNames, values), counts: new Float64Array(this.bounds.length + 1), sum: 0, count: 0 }));
  }
  slot(...values: string[]): HistogramSlot {
    return this.slots.get(values);
  }
  observeIn(slot: HistogramSlot, value: number): void {
    if (!Number.isFinite(value)) return;
    const bounds = this.bounds;
    let i = 0;
    while (i < bounds.length && value > bounds[i]!) i++;
    slot.counts[i]!++;
    slot.sum += value;
    slot.count++;
  }
  /**
   * What the registry prints (it asks for this when present, as for prom-client's own histograms):
   * the same values as prom-client's, the label set as `sharedLabels` after `le`.
   */
  async getForPromString(): Promise<MetricObjectWithValues<MetricValueWithName<L>>> {
    const { name, help } = this.metric;
    const values: (MetricValueWithName<L> & { sharedLabels: Record<string, string> })[] = [];
    for (const s of this.slots.all) {
      const sharedLabels = s.labels;
      let seen = 0;
      this.bounds.forEach((le, i) => {
        seen += s.counts[i]!;
        values.push({ metricName: `${name}_bucket`, labels: { le } as never, sharedLabels, value: seen });
      });
      values.push({ metricName: `${name}_bucket`, labels: { le: '+Inf' } as never, sharedLabels, value: s.count });
      values.push({ metricName: `${name}_sum`, labels: {}, sharedLabels, value: s.sum });
      values.push({ metricName: `${name}_count`, labels: {}, sharedLabels, value: s.count });
    }
    // prom-client's types say a number (an enum); what its registry prints is this string.
    return { name, help, type: 'histogram' as unknown as MetricType, values, aggregator: 'sum', collect: () => undefined };
  }
  /** The same as JSON (`registry.getMetricsAsJSON()`): the label set merged into each value's labels. */
  override async get(): Promise<MetricObjectWithValues<MetricValueWithName<L>>> {
    const data = await this.getForPromString();
    return { ...data, values: data.values.map(({ sharedLabels, ...v }: MetricValueWithName<L> & { sharedLabels?: object }) => ({ ...v, labels: { ...v.labels, ...sharedLabels } })) };
  }
}
