import SearchableMap from 'minisearch/SearchableMap';

/**
 * BM25 ranking of topics, computed exactly as MiniSearch 7 computes it (same formula, same order
 * of additions, same order of ties), so a topic ranks where it always did, without MiniSearch's
 * per-query cost: it merges its options and builds result objects for every matching document on
 * each search, which with a thousand topics was most of the time spent on a message. Term
 * statistics are kept per field and the per-posting BM25 score is computed once, at build.
 * Searching a term costs one pass over its postings in the searched fields; a word no topic uses
 * is looked up as a prefix of longer ones ("deliv" for "delivery").
 */

/** MiniSearch's defaults: BM25 parameters, and the weight of a prefix match. */
const BM25 = { k: 1.2, b: 0.7, d: 0.5 };
const PREFIX_WEIGHT = 0.375;
/** Prefix expansions remembered per query word; the cache is emptied when it reaches this size. */
const EXPANSION_CACHE_SIZE = 2000;

/** One term's occurrences in one field: documents in the order they were added, and each one's BM25 score. */
interface FieldPostings {
  docs: number[];
  termFreqs: number[];
  scores: Float64Array;
}

/** A ranked topic, with what coverage needs to know of its match. */
export interface RankedTopic {
  id: string;
  /**
   * The query terms searched as prefixes (words no topic uses) that this topic matched; any other
   * query term it matched is one of its own terms.
   */
  prefixMatched: ReadonlySet<string>;
}

export interface TopicSearch {
  /** Add a document: its tokens per field (in the order of the fields given at creation), `undefined` for a field it lacks. */
  add(id: string, tokensByField: readonly (readonly string[] | undefined)[]): void;
  /** Compute the per-posting scores; call once, after the last `add`. */
  finish(): void;
  /**
   * The best `limit` documents for the query terms (OR), searched in `fields`, as MiniSearch's
   * `search(terms.join(' '), { fields, prefix })` ranks them: a term for which `prefix` holds also
   * matches the index terms it begins.
   */
  search(terms: readonly string[], fields: readonly string[], prefix: (term: string) => boolean, limit: number): RankedTopic[];
}

const NONE: ReadonlySet<string> = new Set();
/** Stamps are 32-bit: before they wrap, all are cleared and counting starts again. */
const STAMP_LIMIT = 2 ** 32 - 1;
const restamp = (stamps: Uint32Array) => {
  stamps.fill(0);
  return 1;
};
/** The terms whose matched documents include `doc`. */
const matchedBy = (docsByTerm: Map<string, Set<number>>, doc: number) => new Set([...docsByTerm].filter(([, docs]) => docs.has(doc)).map(([term]) => term));

/** Same expression as MiniSearch's `calcBM25Score`, so the floating-point result is the same. */
function bm25(termFreq: number, matchingCount: number, totalCount: number, fieldLength: number, avgFieldLength: number): number {
  const { k, b, d } = BM25;
  const invDocFreq = Math.log(1 + (totalCount - matchingCount + 0.5) / (matchingCount + 0.5));
  return invDocFreq * (d + (termFreq * (k + 1)) / (termFreq + k * (1 - b + (b * fieldLength) / avgFieldLength)));
}

/**
 * A topic search over documents with `fields` (their order matters, as in MiniSearch: it is the
 * order of additions); `boost` multiplies a field's scores (MiniSearch's `boost` search option).
 */
export function createTopicSearch(fields: readonly string[], boost: Readonly<Record<string, number>>): TopicSearch {
  const fieldId = new Map(fields.map((field, i) => [field, i]));
  const fieldBoost = fields.map((field) => boost[field] || 1);
  const ids: string[] = [];
  /** Per term, per field id: the term's postings there. */
  const postings = new Map<string, (FieldPostings | undefined)[]>();
  /**
   * The index terms, inserted in the order MiniSearch inserts them (first occurrence), so its
   * radix tree lists a prefix's expansions in the same order and sums scores in the same order.
   */
  const termTree = new SearchableMap<true>();
  const fieldLengths: number[][] = [];
  /** MiniSearch's running average of each field's length (distinct terms), updated as it does. */
  const avgFieldLength: number[] = [];
  const expansions = new Map<string, string[]>();
  /** Field ids of each list of fields searched (a classifier searches a handful of lists, the same arrays each time). */
  const fieldIdsOf = new Map<readonly string[], number[]>();

  // Scratch space for one search, indexed by document number; a stamp tells whether this
  // search (or this term) has touched a document yet, so nothing is cleared between searches.
  let scores = new Float64Array(0);
  let termScores = new Float64Array(0);
  let matchedTerms = new Uint16Array(0);
  let searchStamp = new Uint32Array(0);
  let termStamp = new Uint32Array(0);
  let termDocs = new Int32Array(0);
  let searchCount = 0;
  let termCount = 0;
  const order: number[] = [];

  function add(id: string, tokensByField: readonly (readonly string[] | undefined)[]): void {
    const doc = ids.length;
    ids.push(id);
    const lengths: number[] = [];
    fieldLengths.push(lengths);
    tokensByField.forEach((tokens, field) => {
      if (tokens === undefined) return;
      const length = new Set(tokens).size;
      lengths[field] = length;
      avgFieldLength[field] = ((avgFieldLength[field] || 0) * doc + length) / (doc + 1);
      for (const term of tokens) {
        let byField = postings.get(term);
        if (!byField) {
          postings.set(term, (byField = []));
          termTree.set(term, true);
        }
        const list = (byField[field] ??= { docs: [], termFreqs: [], scores: new Float64Array(0) });
        if (list.docs.at(-1) === doc) list.termFreqs[list.termFreqs.length - 1]! += 1;
        else {
          list.docs.push(doc);
          list.termFreqs.push(1);
        }
      }
    });
  }

  function finish(): void {
    const total = ids.length;
    for (const byField of postings.values()) {
      byField.forEach((list, field) => {
        if (!list) return;
        list.scores = Float64Array.from(list.docs, (doc, i) => bm25(list.termFreqs[i]!, list.docs.length, total, fieldLengths[doc]![field]!, avgFieldLength[field]!));
      });
    }
    scores = new Float64Array(total);
    termScores = new Float64Array(total);
    matchedTerms = new Uint16Array(total);
    searchStamp = new Uint32Array(total);
    termStamp = new Uint32Array(total);
    termDocs = new Int32Array(total);
  }

  /** The index terms a query word begins, in MiniSearch's order (remembered: the same unknown words come back). */
  function expand(term: string): string[] {
    let found = expansions.get(term);
    if (found) return found;
    found = [];
    for (const key of termTree.atPrefix(term).keys()) if (key.length !== term.length) found.push(key);
    if (expansions.size >= EXPANSION_CACHE_SIZE) expansions.clear();
    expansions.set(term, found);
    return found;
  }

  /** Add one index term's scores (times `weight`) in the searched fields to the current term's. */
  function addTermScores(indexTerm: string, weight: number, searched: readonly number[], termLength: number): number {
    const byField = postings.get(indexTerm);
    if (!byField) return termLength;
    for (const field of searched) {
      const list = byField[field];
      if (!list) continue;
      const factor = weight * fieldBoost[field]!;
      const { docs, scores: fieldScores } = list;
      for (let i = 0; i < docs.length; i++) {
        const doc = docs[i]!;
        // MiniSearch: termWeight * termBoost * fieldBoost * docBoost * rawScore, the boosts being 1.
        const score = factor * fieldScores[i]!;
        if (termStamp[doc] === termCount) termScores[doc]! += score;
        else {
          termStamp[doc] = termCount;
          termScores[doc] = score;
          termDocs[termLength++] = doc;
        }
      }
    }
    return termLength;
  }

  function search(terms: readonly string[], searchFields: readonly string[], prefix: (term: string) => boolean, limit: number): RankedTopic[] {
    let searched = fieldIdsOf.get(searchFields);
    if (!searched) fieldIdsOf.set(searchFields, (searched = searchFields.map((field) => fieldId.get(field)!)));
    if (++searchCount === STAMP_LIMIT) searchCount = restamp(searchStamp);
    order.length = 0;
    let prefixTerms: Map<string, Set<number>> | undefined;
    for (let t = 0; t < terms.length; t++) {
      const term = terms[t]!;
      // A term given twice counts twice in the score, once in the number of terms matched.
      const repeated = terms.indexOf(term) < t;
      if (++termCount === STAMP_LIMIT) termCount = restamp(termStamp);
      let termLength = addTermScores(term, 1, searched, 0);
      if (prefix(term)) {
        for (const longer of expand(term)) {
          const distance = longer.length - term.length;
          termLength = addTermScores(longer, (PREFIX_WEIGHT * longer.length) / (longer.length + 0.3 * distance), searched, termLength);
        }
        if (termLength > 0) (prefixTerms ??= new Map()).set(term, new Set(termDocs.subarray(0, termLength)));
      }
      // MiniSearch's OR: a document's score is the sum of its per-term scores, documents listed in order of first match.
      for (let i = 0; i < termLength; i++) {
        const doc = termDocs[i]!;
        if (searchStamp[doc] === searchCount) {
          scores[doc] = scores[doc]! + termScores[doc]!;
          if (!repeated) matchedTerms[doc]! += 1;
        } else {
          searchStamp[doc] = searchCount;
          scores[doc] = termScores[doc]!;
          matchedTerms[doc] = 1;
          order.push(doc);
        }
      }
    }
    // MiniSearch multiplies by the number of query terms matched, then sorts stably by score:
    // among equal scores, the document matched first comes first.
    const best: { doc: number; score: number }[] = [];
    for (const doc of order) {
      const score = scores[doc]! * matchedTerms[doc]!;
      if (best.length === limit && !(score > best[limit - 1]!.score)) continue;
      let at = best.length;
      while (at > 0 && score > best[at - 1]!.score) at--;
      best.splice(at, 0, { doc, score });
      if (best.length > limit) best.pop();
    }
    return best.map(({ doc }) => ({ id: ids[doc]!, prefixMatched: prefixTerms ? matchedBy(prefixTerms, doc) : NONE }));
  }

  return { add, finish, search };
}
