import { createHash } from 'node:crypto';
import { features, type Example, type TextModel } from './ngram-features.js';

/**
 * A multinomial logistic regression (softmax) over a message's character and word pieces (ngram-features.ts),
 * trained in-process at start-up from the training examples (no download, no model file). Unlike
 * the nearest-example cosine it weighs each piece by how well it tells classes apart, so "pay at
 * the door" is cash on delivery for its "door", not escrow for its "pay", and its scores are
 * probabilities: the off-topic class competes with the topics and takes what none of them explains.
 * Classes are a label in a language; `rank` sums a label over its languages (the score) and names
 * the language that holds most of it.
 */
export interface SoftmaxOptions {
  epochs: number;
  learningRate: number;
}
const DEFAULTS: SoftmaxOptions = { epochs: 8, learningRate: 1 };
/**
 * Up to this many classes the softmax is exact. Past it (a shop with hundreds of topics) it runs
 * over the classes a message's pieces point at and the true one only, so that a message costs what
 * its pieces touch, not the number of topics.
 */
const EXACT_UP_TO = 200;
/** A weight this small after training is dropped: it changes no ranking and costs every message. */
const PRUNE_BELOW = 0.05;
/** A class this sure (or this sure not) of an example learns nothing worth the update from it. */
const SKIP_GRADIENT = 1e-3;

interface Vector {
  idx: number[];
  val: number[];
}

/** Models trained lately, by their examples and options: every engine of one shop (and every test of the example shop) trains once. */
const trained = new Map<string, TextModel>();
const TRAINED_KEPT = 2;

/** The options with their defaults, and the key a model trained from these examples is known by. */
export function modelKey(examples: readonly Example[], options: Partial<SoftmaxOptions> = {}): { key: string; opts: SoftmaxOptions } {
  const opts = { ...DEFAULTS, ...options };
  const hash = createHash('sha1');
  hash.update(JSON.stringify(opts));
  for (const ex of examples) hash.update(`${ex.label}\t${ex.lang}\t${ex.text}\n`);
  return { key: hash.digest('hex'), opts };
}

/** The model trained lately from these examples, if any. */
export const knownModel = (key: string): TextModel | undefined => trained.get(key);

/** Keeps a model trained (here or in a worker, train-off-thread.ts) for the next engine that asks. */
export function rememberModel(key: string, model: TextModel): TextModel {
  if (trained.size >= TRAINED_KEPT && !trained.has(key)) trained.delete(trained.keys().next().value!);
  trained.set(key, model);
  return model;
}

/** The model of these examples: the one trained lately, or trained now, on this thread (seconds for a shop's few thousand examples). */
export function createSoftmaxModel(examples: readonly Example[], options: Partial<SoftmaxOptions> = {}): TextModel {
  const { key, opts } = modelKey(examples, options);
  return knownModel(key) ?? rememberModel(key, modelOf(fit(examples, opts)));
}

/**
 * A trained model as plain data, to cross a thread: its classes, its pieces in index order, and per
 * piece the classes it speaks for with their weights (compressed rows).
 */
export interface FrozenModel {
  classes: { label: string; lang: string }[];
  features: string[];
  exact: boolean;
  bias: Float64Array;
  start: Int32Array;
  frozenClass: Int32Array;
  frozenWeight: Float32Array;
}

/** A message's pieces as a unit vector over the model's pieces; `grow` adds unseen pieces (training only). */
function vectorizer(featureOf: Map<string, number>) {
  return (text: string, grow: boolean): Vector => {
    const idx: number[] = [];
    const val: number[] = [];
    let norm = 0;
    for (const [key, count] of features(text)) {
      let i = featureOf.get(key);
      if (i === undefined) {
        if (!grow) continue;
        i = featureOf.size;
        featureOf.set(key, i);
      }
      const v = 1 + Math.log(count);
      idx.push(i);
      val.push(v);
      norm += v * v;
    }
    norm = Math.sqrt(norm) || 1;
    for (let j = 0; j < val.length; j++) val[j]! /= norm;
    return { idx, val };
  };
}

/** Scores over the classes: the touched ones (exact: all) in `score`, turned into unnormalised probabilities. */
function scorer(L: number) {
  const score = new Float64Array(L);
  const mark = new Uint8Array(L);
  const touched: number[] = [];
  return {
    score,
    touched,
    touch(c: number, bias: number) {
      if (mark[c]) return;
      mark[c] = 1;
      score[c] = bias;
      touched.push(c);
    },
    /** Turns the scores of the touched classes into unnormalised probabilities; returns their sum. */
    softmax(): number {
      let max = -Infinity;
      for (const c of touched) if (score[c]! > max) max = score[c]!;
      let z = 0;
      for (const c of touched) z += score[c] = Math.exp(score[c]! - max);
      for (const c of touched) mark[c] = 0;
      return z;
    },
  };
}

/** Trains on the examples (stochastic gradient descent, the same shuffle on every start) and freezes the weights that matter. */
export function fit(examples: readonly Example[], { epochs, learningRate }: SoftmaxOptions): FrozenModel {
  const classes: { label: string; lang: string }[] = [];
  const classOf = new Map<string, number>();
  const featureOf = new Map<string, number>();
  const vectorize = vectorizer(featureOf);
  const data: { x: Vector; y: number }[] = [];
  const seen = new Set<string>();
  for (const ex of examples) {
    const key = `${ex.label}\t${ex.lang}`;
    if (seen.has(`${key}\t${ex.text}`)) continue;
    seen.add(`${key}\t${ex.text}`);
    let c = classOf.get(key);
    if (c === undefined) {
      c = classes.length;
      classOf.set(key, c);
      classes.push({ label: ex.label, lang: ex.lang });
    }
    const x = vectorize(ex.text, true);
    if (x.idx.length) data.push({ x, y: c });
  }
  const L = classes.length;
  const D = featureOf.size;
  const exact = L <= EXACT_UP_TO;
  // Weights per piece: dense (piece x class) when exact, else sparse (most pieces speak for a few classes).
  const dense = exact ? new Float32Array(D * L) : undefined;
  const sparse: Map<number, number>[] = exact ? [] : Array.from({ length: D }, () => new Map());
  const bias = new Float64Array(L);
  const { score, touched, touch, softmax } = scorer(L);
  /** Scores every class (exact) or the ones the pieces point at and the true one; returns the softmax denominator. */
  const forward = (x: Vector, y: number): number => {
    touched.length = 0;
    if (dense) {
      for (let c = 0; c < L; c++) touch(c, bias[c]!);
      for (let j = 0; j < x.idx.length; j++) {
        const v = x.val[j]!;
        const row = x.idx[j]! * L;
        for (let c = 0; c < L; c++) score[c] = score[c]! + dense[row + c]! * v;
      }
    } else {
      touch(y, bias[y]!);
      for (let j = 0; j < x.idx.length; j++) {
        const v = x.val[j]!;
        for (const [c, w] of sparse[x.idx[j]!]!) {
          touch(c, bias[c]!);
          score[c] = score[c]! + w * v;
        }
      }
    }
    return softmax();
  };

  let seed = 1;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const order = data.map((_, i) => i);
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const k = Math.floor(random() * (i + 1));
      [order[i], order[k]] = [order[k]!, order[i]!];
    }
    const rate = learningRate / (1 + 0.3 * epoch);
    for (const i of order) {
      const { x, y } = data[i]!;
      const z = forward(x, y);
      for (const c of touched) {
        const g = score[c]! / z - (c === y ? 1 : 0);
        if (g > -SKIP_GRADIENT && g < SKIP_GRADIENT) continue;
        bias[c] = bias[c]! - rate * g;
        for (let j = 0; j < x.idx.length; j++) {
          const step = rate * g * x.val[j]!;
          if (dense) dense[x.idx[j]! * L + c]! -= step;
          else {
            const w = sparse[x.idx[j]!]!;
            w.set(c, (w.get(c) ?? 0) - step);
          }
        }
      }
    }
  }
  // Frozen for scoring, in one block (compressed rows): per piece, the classes it speaks for with a weight that matters.
  const start = new Int32Array(D + 1);
  const keptCls: number[] = [];
  const keptW: number[] = [];
  const keep = (c: number, v: number) => {
    if (Math.abs(v) < PRUNE_BELOW) return;
    keptCls.push(c);
    keptW.push(v);
  };
  for (let j = 0; j < D; j++) {
    if (dense) for (let c = 0; c < L; c++) keep(c, dense[j * L + c]!);
    else for (const [c, v] of sparse[j]!) keep(c, v);
    start[j + 1] = keptCls.length;
  }
  return { classes, features: [...featureOf.keys()], exact, bias, start, frozenClass: Int32Array.from(keptCls), frozenWeight: Float32Array.from(keptW) };
}

/** The frozen model, scoring messages. */
export function modelOf(frozen: FrozenModel): TextModel {
  const { classes, exact, bias, start, frozenClass, frozenWeight } = frozen;
  const featureOf = new Map<string, number>();
  for (let j = 0; j < frozen.features.length; j++) featureOf.set(frozen.features[j]!, j);
  const vectorize = vectorizer(featureOf);
  const L = classes.length;
  const { score, touched, touch, softmax } = scorer(L);
  const scoreFrozen = (x: Vector): number => {
    touched.length = 0;
    if (exact) for (let c = 0; c < L; c++) touch(c, bias[c]!);
    for (let j = 0; j < x.idx.length; j++) {
      const v = x.val[j]!;
      const f = x.idx[j]!;
      for (let i = start[f]!, end = start[f + 1]!; i < end; i++) {
        const c = frozenClass[i]!;
        touch(c, bias[c]!);
        score[c] = score[c]! + frozenWeight[i]! * v;
      }
    }
    return softmax();
  };

  // Each class's label as a number, so that ranking sums into arrays rather than a map of strings.
  const labels: string[] = [];
  const labelIndex = new Map<string, number>();
  const labelOf = Int32Array.from(classes, ({ label }) => {
    let at = labelIndex.get(label);
    if (at === undefined) labelIndex.set(label, (at = labels.push(label) - 1));
    return at;
  });
  const sum = new Float64Array(labels.length);
  const top = new Float64Array(labels.length);
  const topClass = new Int32Array(labels.length).fill(-1);
  const seen: number[] = [];
  return {
    rank(text, k = 5) {
      const z = scoreFrozen(vectorize(text, false));
      for (const c of touched) {
        const p = score[c]! / z;
        const l = labelOf[c]!;
        if (topClass[l] === -1) {
          seen.push(l);
          sum[l] = p;
          top[l] = p;
          topClass[l] = c;
        } else {
          sum[l] = sum[l]! + p;
          if (p > top[l]!) {
            top[l] = p;
            topClass[l] = c;
          }
        }
      }
      const ranked = seen.map((l) => ({ label: labels[l]!, lang: classes[topClass[l]!]!.lang, score: sum[l]!, langShare: top[l]! / sum[l]! }));
      for (const l of seen) topClass[l] = -1;
      seen.length = 0;
      return ranked.sort((a, b) => b.score - a.score).slice(0, k);
    },
  };
}
