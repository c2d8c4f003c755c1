import { describe, expect, it } from 'vitest';
import { toSendRequests } from '../../../adapters/facebook/render.js';
import { splitText, truncate } from '../../../adapters/split-text.js';

const PSID = '7100000000000001';
/** No lone surrogate: what String#isWellFormed checks (ES2024, newer than our lib setting). */
const wellFormed = (s: string) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

describe('facebook render', () => {
  it('sends a text reply as a RESPONSE to the PSID', () => {
    expect(toSendRequests(PSID, [{ kind: 'text', text: 'Hi there' }])).toEqual([
      { recipient: { id: PSID }, messaging_type: 'RESPONSE', message: { text: 'Hi there' } },
    ]);
  });

  it('keeps the turn\'s replies in order, one Send API call each', () => {
    const texts = toSendRequests(PSID, [
      { kind: 'text', text: 'one' },
      { kind: 'text', text: 'two' },
    ]).map((r) => r.message.text);
    expect(texts).toEqual(['one', 'two']);
  });

  it('renders quick replies as text quick replies, at most 13, titles cut to 20 characters', () => {
    const quickReplies = Array.from({ length: 15 }, (_, i) => ({ label: i === 0 ? 'Cash on delivery available?' : `Option ${i}`, payload: `P${i}` }));
    const [request] = toSendRequests(PSID, [{ kind: 'text', text: 'Pick one', quickReplies }]);
    const sent = request!.message.quick_replies!;
    expect(sent).toHaveLength(13);
    expect(sent[0]).toEqual({ content_type: 'text', title: 'Cash on delivery av…', payload: 'P0' });
    expect(sent[12]).toEqual({ content_type: 'text', title: 'Option 12', payload: 'P12' });
    for (const q of sent) if (q.content_type === 'text') expect(q.title.length).toBeLessThanOrEqual(20);
  });

  it('asks for the phone number with Messenger\'s own user_phone_number quick reply', () => {
    expect(toSendRequests(PSID, [{ kind: 'contact_request', text: 'May we call you?' }])).toEqual([
      {
        recipient: { id: PSID },
        messaging_type: 'RESPONSE',
        message: { text: 'May we call you?', quick_replies: [{ content_type: 'user_phone_number' }] },
      },
    ]);
  });

  it('splits text longer than 2000 characters at a paragraph and puts the buttons on the last part', () => {
    const first = `${'a'.repeat(1500)}.`;
    const second = 'b'.repeat(1000);
    const requests = toSendRequests(PSID, [{ kind: 'text', text: `${first}\n\n${second}`, quickReplies: [{ label: 'Yes', payload: 'YES' }] }]);
    expect(requests.map((r) => r.message.text)).toEqual([first, second]);
    expect(requests[0]!.message.quick_replies).toBeUndefined();
    expect(requests[1]!.message.quick_replies).toEqual([{ content_type: 'text', title: 'Yes', payload: 'YES' }]);
  });

  it('sends nothing for a blank reply (Messenger refuses empty text)', () => {
    expect(toSendRequests(PSID, [{ kind: 'text', text: '   ' }])).toEqual([]);
  });
});

describe('splitText', () => {
  it('leaves short text alone', () => {
    expect(splitText('hello', 2000)).toEqual(['hello']);
  });

  it('prefers a line break, then a sentence end, then a space', () => {
    expect(splitText('aaaa bbbb\ncccc', 12)).toEqual(['aaaa bbbb', 'cccc']);
    expect(splitText('Hello there. How are you', 16)).toEqual(['Hello there.', 'How are you']);
    expect(splitText('aaaa bbbb cccc', 10)).toEqual(['aaaa bbbb', 'cccc']);
  });

  it('cuts CJK text after a full stop, which has no space after it', () => {
    expect(splitText('亲，在的。欢迎光临莲花茶舍', 8)).toEqual(['亲，在的。', '欢迎光临莲花茶舍']);
  });

  it('never cuts inside a surrogate pair or an emoji sequence, and every part fits', () => {
    const text = '😀'.repeat(1500); // 3000 code units, no spaces
    expect(wellFormed(text.slice(0, 2001))).toBe(false); // the naive cut would split a pair
    const parts = splitText(text, 2000);
    expect(parts.join('')).toBe(text);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(2000);
      expect(wellFormed(p)).toBe(true);
    }
    const family = '👩‍👩‍👧'; // one grapheme of 8 code units
    const mixed = splitText(`x${family.repeat(3)}`, 10);
    expect(mixed).toEqual([`x${family}`, family, family]);
  });

  it('never loses or reorders text when it has to break words', () => {
    const text = Array.from({ length: 700 }, (_, i) => `w${i}`).join(' ');
    const parts = splitText(text, 100);
    expect(parts.join(' ')).toBe(text);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(100);
  });
});

describe('truncate', () => {
  it('cuts with an ellipsis and never leaves half an emoji', () => {
    expect(truncate('short', 20)).toBe('short');
    const cut = truncate(`${'a'.repeat(18)}😀😀`, 20);
    expect(cut).toBe(`${'a'.repeat(18)}…`);
    expect(wellFormed(cut)).toBe(true);
  });
});
