import { describe, expect, it } from 'vitest';
import { contactButtonLabel, MAX_CAPTION, MAX_TEXT, toSendMessages, type SendMessageBody } from '../../../adapters/telegram/render.js';
import { splitText } from '../../../adapters/split-text.js';

const hasLoneSurrogate = (s: string) => /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

describe('splitText', () => {
  it('leaves text within the limit whole, and blank text empty', () => {
    expect(splitText('Hi, welcome!', 4096)).toEqual(['Hi, welcome!']);
    expect(splitText('  \n ', 4096)).toEqual([]);
  });

  it('cuts long text at a line break, then at a word, never above the limit', () => {
    const lines = Array.from({ length: 200 }, (_, i) => `Line ${i}: our teas ship in sealed tins from Hangzhou.`);
    const parts = splitText(lines.join('\n'), 4096);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(4096);
    expect(parts.join('\n')).toBe(lines.join('\n')); // cut exactly at line breaks: nothing lost
    expect(parts[0]!.endsWith('Hangzhou.')).toBe(true);

    const words = 'oolong '.repeat(1000).trim(); // one line of 6999 characters
    const wordParts = splitText(words, 4096);
    expect(wordParts.every((p) => p.length <= 4096 && /^oolong( oolong)*$/.test(p))).toBe(true);
    expect(wordParts.join(' ')).toBe(words);
  });

  it('never cuts inside a surrogate pair or an emoji with modifiers', () => {
    const emoji = 'a' + '😀'.repeat(3000); // no spaces: a hard cut at an odd offset
    const parts = splitText(emoji, 4096);
    expect(parts.length).toBe(2);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(4096);
      expect(hasLoneSurrogate(part)).toBe(false);
    }
    expect(parts.join('')).toBe(emoji);

    const family = '👩🏽‍💻'.repeat(1000); // 7 code units each: cut between whole graphemes
    const familyParts = splitText(family, 4096);
    expect(familyParts.every((p) => p.length <= 4096 && /^(👩🏽‍💻)+$/u.test(p))).toBe(true);
    expect(familyParts.join('')).toBe(family);
  });
});

describe('telegram render', () => {
  it('sends a plain reply as one sendMessage to the chat, without parse mode', () => {
    expect(toSendMessages('700000001', [{ kind: 'text', text: 'Hi <b>there</b>' }])).toEqual({
      messages: [{ chat_id: 700000001, text: 'Hi <b>there</b>' }],
      dropped: [],
    });
  });

  it('splits long text into several messages in order, the keyboard on the last', () => {
    const text = `${'a'.repeat(4000)}\n${'b'.repeat(4000)}\n${'c'.repeat(100)}`;
    const messages = toSendMessages('-1001000000011', [
      { kind: 'text', text, quickReplies: [{ label: 'Talk to a person', payload: 'human' }] },
      { kind: 'text', text: 'Anything else?' },
    ]).messages as SendMessageBody[];
    expect(messages.map((m) => m.text)).toEqual(['a'.repeat(4000), `${'b'.repeat(4000)}`, 'c'.repeat(100), 'Anything else?']);
    expect(messages.every((m) => m.text.length <= MAX_TEXT && m.chat_id === -1001000000011)).toBe(true);
    expect(messages.map((m) => m.reply_markup !== undefined)).toEqual([false, false, true, false]);
  });

  it('turns quick replies into an inline keyboard, one button per row, payload as callback_data', () => {
    const { messages, dropped } = toSendMessages('7', [
      {
        kind: 'text',
        text: 'Sorry, I don\'t know.',
        quickReplies: [
          { label: 'Talk to a person', payload: 'human' },
          { label: 'Shipping', payload: 'faq:shipping' },
        ],
      },
    ]);
    expect(messages).toEqual([
      {
        chat_id: 7,
        text: 'Sorry, I don\'t know.',
        reply_markup: { inline_keyboard: [[{ text: 'Talk to a person', callback_data: 'human' }], [{ text: 'Shipping', callback_data: 'faq:shipping' }]] },
      },
    ]);
    expect(dropped).toEqual([]);
  });

  it("sends an agent's Telegram photo or file by its file_id with the caption, a caption over the limit as text after it", () => {
    const photo = { type: 'photo' as const, channel: 'telegram' as const, fileId: 'AgACAgQAAxkBAAIB' };
    expect(toSendMessages('7', [{ kind: 'file', text: 'the strap', file: photo }]).messages).toEqual([{ chat_id: 7, photo: 'AgACAgQAAxkBAAIB', caption: 'the strap' }]);
    expect(toSendMessages('7', [{ kind: 'file', text: '', file: { ...photo, type: 'document' } }]).messages).toEqual([{ chat_id: 7, document: 'AgACAgQAAxkBAAIB' }]);
    const long = 'x'.repeat(MAX_CAPTION + 1);
    expect(toSendMessages('7', [{ kind: 'file', text: long, file: photo }]).messages).toEqual([{ chat_id: 7, photo: 'AgACAgQAAxkBAAIB' }, { chat_id: 7, text: long }]);
  });

  it('leaves out buttons whose payload exceeds 64 bytes, instead of losing the whole message', () => {
    const long = { label: 'Long', payload: '订单'.repeat(11) }; // 66 bytes in UTF-8, 22 characters
    const fits = { label: 'Fits', payload: 'x'.repeat(64) };
    const { messages, dropped } = toSendMessages('7', [{ kind: 'text', text: 'Pick one', quickReplies: [long, fits] }]);
    expect((messages[0] as SendMessageBody).reply_markup).toEqual({ inline_keyboard: [[{ text: 'Fits', callback_data: 'x'.repeat(64) }]] });
    expect(dropped).toEqual([long]);
  });

  it('asks for the phone number with a one-time request_contact keyboard, labelled in the buyer\'s language', () => {
    const { messages } = toSendMessages('7', [{ kind: 'contact_request', text: '¿En qué teléfono podemos contactarte?' }], { languageCode: 'es' });
    expect(messages).toEqual([
      {
        chat_id: 7,
        text: '¿En qué teléfono podemos contactarte?',
        reply_markup: { keyboard: [[{ text: '📱 Compartir mi número', request_contact: true }]], one_time_keyboard: true, resize_keyboard: true },
      },
    ]);
    expect(contactButtonLabel('zh-hans')).toBe('📱 分享我的手机号');
    expect(contactButtonLabel(undefined)).toBe('📱 Share my phone number');
    expect(contactButtonLabel('ru')).toBe('📱 Share my phone number');
  });

  it('sends nothing for a blank reply', () => {
    expect(toSendMessages('7', [{ kind: 'text', text: '  ' }]).messages).toEqual([]);
  });
});
