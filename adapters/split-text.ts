/**
 * Splitting long replies for platforms with a per-message limit. Pure and channel-neutral:
 * lengths are UTF-16 code units (JavaScript's `length`, and what Telegram counts), so a limit
 * is never exceeded whichever unit the platform really uses.
 */

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Preferred cut points, best first: paragraph, line, sentence end, any white space. */
const BOUNDARIES = [/\n[ \t]*\n/g, /\n/g, /[.!?…](?=\s)|[。！？]/g, /\s/g];

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/**
 * The largest index <= max where `text` can be cut without breaking a character: a grapheme
 * boundary (so a flag or an emoji with a skin tone stays whole), or at the least a code point
 * boundary (never between the two halves of a surrogate pair).
 */
function hardCut(text: string, max: number): number {
  let cut = 0;
  // The one character after `max` is enough context to know every boundary up to `max`.
  for (const { index, segment } of graphemes.segment(text.slice(0, max + 1))) {
    if (index + segment.length > max) break;
    cut = index + segment.length;
  }
  if (cut > 0) return cut;
  // A single "character" longer than max (a long run of combining marks): cut by code points.
  return isHighSurrogate(text.charCodeAt(max - 1)) ? max - 1 : max;
}

/** Where the next part ends: the last preferred boundary within `max`, but not in its first half. */
function bestCut(text: string, max: number): number {
  const head = text.slice(0, max + 1);
  // Cutting early makes many short messages, which read worse than one word broken in two.
  const floor = Math.floor(max / 2);
  for (const pattern of BOUNDARIES) {
    let best = -1;
    for (const m of head.matchAll(pattern)) {
      const end = m.index + m[0].length;
      if (end <= max && end >= floor) best = end;
    }
    if (best > 0) return best;
  }
  return hardCut(text, max);
}

/**
 * Split `text` into parts of at most `max` UTF-16 code units, cutting after a paragraph, line,
 * sentence or word where one is near the limit, and never inside a character. White space at
 * the cuts is dropped, and so are blank parts: blank text gives no parts at all.
 */
export function splitText(text: string, max: number): string[] {
  if (!Number.isInteger(max) || max < 2) throw new RangeError('max must be an integer of at least 2');
  const parts: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    const cut = bestCut(rest, max);
    const part = rest.slice(0, cut).trimEnd();
    if (part) parts.push(part);
    rest = rest.slice(cut).trimStart();
  }
  if (rest) parts.push(rest);
  return parts;
}

/** `text` shortened to at most `max` code units, ending with "…" when cut, never mid-character. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, hardCut(text, max - 1)).trimEnd()}…`;
}
