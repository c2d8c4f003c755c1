import { describe, expect, it } from 'vitest';
import { MAX_SMS, toSmsBodies } from '../../../adapters/twilio/render.js';

const isWellFormed = (s: string) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

describe('Twilio render', () => {
  it('sends a text as it is', () => {
    expect(toSmsBodies({ kind: 'text', text: 'Hello! How can I help?' })).toEqual(['Hello! How can I help?']);
  });

  it('renders quick replies as a numbered list under the text', () => {
    const reply = { kind: 'text' as const, text: 'What is it about?', quickReplies: [{ label: 'Shipping', payload: 'faq:shipping' }, { label: 'Returns', payload: 'faq:returns' }] };
    expect(toSmsBodies(reply)).toEqual(['What is it about?\n\n1) Shipping  2) Returns']);
  });

  it('sends a contact request as plain text (SMS has no share-my-number button)', () => {
    expect(toSmsBodies({ kind: 'contact_request', text: 'What number can we call you on?' })).toEqual(['What number can we call you on?']);
  });

  it('splits a long text at 1600 characters on word boundaries, losing nothing', () => {
    const text = 'Our delivery takes three to five days. '.repeat(100).trim();
    const parts = toSmsBodies({ kind: 'text', text });
    expect(parts.length).toBe(3);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(MAX_SMS);
    expect(parts.every((p) => p.endsWith('.'))).toBe(true);
    expect(parts.join(' ')).toBe(text);
  });

  it('never cuts inside a character made of a surrogate pair', () => {
    const text = 'a' + '📦'.repeat(1000); // 2001 UTF-16 code units, the pair boundary falls at 1600
    const parts = toSmsBodies({ kind: 'text', text });
    expect(parts.length).toBe(2);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(MAX_SMS);
      expect(isWellFormed(part)).toBe(true);
    }
    expect(parts.join('')).toBe(text);
  });

  it('keeps the numbered list whole at the end of a long text', () => {
    const reply = { kind: 'text' as const, text: 'x '.repeat(1000).trim(), quickReplies: [{ label: 'Talk to a person', payload: 'human' }] };
    const parts = toSmsBodies(reply);
    expect(parts.at(-1)).toMatch(/1\) Talk to a person$/);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(MAX_SMS);
  });

  it('sends nothing for a blank text', () => {
    expect(toSmsBodies({ kind: 'text', text: '  ' })).toEqual([]);
  });
});
