import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE, MAX_SECTION, toSlack, type SlackMessage } from '../../../adapters/slack/render.js';

const sectionsOf = (m: SlackMessage) => m.blocks.filter((b) => b.type === 'section').map((b) => (b as { text: { text: string } }).text.text);
const words = (s: string) => s.split(/\s+/).filter(Boolean);

describe('Slack render', () => {
  it('sends a short text as one message: the notification text and one mrkdwn section', () => {
    expect(toSlack({ kind: 'text', text: 'Hi, welcome!' })).toEqual([{ text: 'Hi, welcome!', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Hi, welcome!' } }] }]);
  });

  it('escapes &, < and > so Slack shows them as typed', () => {
    const [message] = toSlack({ kind: 'text', text: 'Tea & <cakes> for 2 > 1' });
    expect(message!.text).toBe('Tea &amp; &lt;cakes&gt; for 2 &gt; 1');
    expect(sectionsOf(message!)).toEqual(['Tea &amp; &lt;cakes&gt; for 2 &gt; 1']);
  });

  it('puts quick replies as buttons (an actions block) under the text, payload as value', () => {
    const long = 'A very long label that goes on and on past the seventy-five characters Slack allows';
    const [message] = toSlack({ kind: 'text', text: 'Shall I get you a person?', quickReplies: [{ label: 'Talk to a person', payload: 'human' }, { label: long, payload: 'faq:shipping' }] });
    expect(message!.blocks[1]).toEqual({
      type: 'actions',
      elements: [
        { type: 'button', action_id: 'quick_reply_0', text: { type: 'plain_text', text: 'Talk to a person', emoji: true }, value: 'human' },
        { type: 'button', action_id: 'quick_reply_1', text: { type: 'plain_text', text: expect.stringMatching(/^A very long label.*…$/), emoji: true }, value: 'faq:shipping' },
      ],
    });
    const label = (message!.blocks[1] as { elements: { text: { text: string } }[] }).elements[1]!.text.text;
    expect(label.length).toBeLessThanOrEqual(75);
  });

  it('offers at most 25 buttons, as an actions block holds', () => {
    const quickReplies = Array.from({ length: 30 }, (_, i) => ({ label: `Option ${i + 1}`, payload: `opt${i + 1}` }));
    const [message] = toSlack({ kind: 'text', text: 'Pick one', quickReplies });
    expect((message!.blocks[1] as { elements: unknown[] }).elements).toHaveLength(25);
  });

  it('sends a contact request as its text (Slack has no share-your-phone button)', () => {
    expect(toSlack({ kind: 'contact_request', text: 'What phone number can we call you on?' })).toEqual([
      { text: 'What phone number can we call you on?', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'What phone number can we call you on?' } }] },
    ]);
  });

  it('splits a long text into sections of at most 3,000 characters at paragraph boundaries', () => {
    const paragraph = 'Our teas ship from Hangzhou in sealed tins. '.repeat(40).trim(); // ~1,760 characters
    const text = [paragraph, paragraph, paragraph, paragraph].join('\n\n');
    const messages = toSlack({ kind: 'text', text, quickReplies: [{ label: 'Talk to a person', payload: 'human' }] });
    expect(messages).toHaveLength(1);
    const sections = sectionsOf(messages[0]!);
    expect(sections.length).toBeGreaterThan(1);
    for (const s of sections) {
      expect(s.length).toBeLessThanOrEqual(MAX_SECTION);
      expect(s.endsWith('tins.')).toBe(true); // cut after a paragraph, never mid-sentence
    }
    expect(words(sections.join(' '))).toEqual(words(text));
    expect(messages[0]!.blocks.at(-1)!.type).toBe('actions');
  });

  it('splits a very long text into messages of at most 40,000 characters, buttons on the last', () => {
    const text = Array.from({ length: 2500 }, (_, i) => `Line ${i + 1}: green, black, oolong & white teas.`).join('\n');
    const messages = toSlack({ kind: 'text', text, quickReplies: [{ label: 'Talk to a person', payload: 'human' }] });
    expect(messages.length).toBeGreaterThan(2);
    for (const m of messages) {
      expect(m.text.length).toBeLessThanOrEqual(MAX_MESSAGE);
      expect(m.blocks.length).toBeLessThanOrEqual(50);
      for (const s of sectionsOf(m)) expect(s.length).toBeLessThanOrEqual(MAX_SECTION);
    }
    expect(messages.slice(0, -1).every((m) => m.blocks.every((b) => b.type === 'section'))).toBe(true);
    expect(messages.at(-1)!.blocks.at(-1)!.type).toBe('actions');
    const all = messages.flatMap(sectionsOf).join('\n').replace(/&amp;/g, '&');
    expect(words(all)).toEqual(words(text));
  });

  it('never lets escaping push a section over the limit or cut an entity in two', () => {
    const text = '&'.repeat(2000) + ' ' + '<>'.repeat(1500);
    const sections = toSlack({ kind: 'text', text }).flatMap(sectionsOf);
    for (const s of sections) {
      expect(s.length).toBeLessThanOrEqual(MAX_SECTION);
      expect(s).not.toMatch(/&(?!amp;|lt;|gt;)/);
    }
    expect(sections.join('').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
  });
});
