const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * The largest index <= max where `text` can be cut without splitting a character: a grapheme
 * boundary (so an emoji with modifiers stays whole), else at least never inside a surrogate pair.
 */
function hardCut(text: string, max: number): number {
  let cut = 0;
  for (const { index, segment } of graphemes.segment(text)) {
    if (index + segment.length > max) break;
    cut = index + segment.length;
  }
  if (cut > 0) return cut;
  // One "character" longer than max (a run of combining marks): fall back to code points.
  const code = text.charCodeAt(max - 1);
  return code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
}

/** Where to end the next part: after a paragraph, line, sentence or word, in that order of preference. */
function bestCut(text: string, max: number): number {
  const head = text.slice(0, max + 1);
  // Never accept a cut in the first half: many tiny parts read worse than a mid-word break.
  const floor = Math.floor(max / 2);
  const candidates = [/\n\s*\n/g, /\n/g, /[.!?](?=\s)|[。！？]/g, /\s/g];
  for (const pattern of candidates) {
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
 * Split `text` into parts of at most `max` UTF-16 code units (the unit Messenger counts),
 * preferring paragraph, line, sentence and word boundaries and never cutting a character
 * in two. Blank parts are dropped.
 */
export function splitText(text: string, max: number): string[] {
  if (max < 2) throw new RangeError('max must be at least 2');
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
