import { describe, expect, it } from 'vitest';
import { botIdOf, chatIdOf, toInbound, type Normalized, type NormalizeOptions } from '../../../adapters/telegram/normalize.js';
import { UpdateSchema } from '../../../adapters/telegram/payload.js';
import { fixture } from './updates.js';

const at = new Date('2024-06-10T15:00:00.000Z');
const BOT = '123456';
const opts: NormalizeOptions = { botId: BOT, allowGroups: false };

/** A fixture through the webhook's own validation, then normalize. */
function normalized(name: string, options = opts): Normalized {
  return toInbound(UpdateSchema.parse(fixture(name)), options, at);
}

function message(name: string, options = opts) {
  const result = normalized(name, options);
  if (result.kind !== 'message') throw new Error(`${name} gave ${result.kind}`);
  return result.msg;
}

describe('telegram normalize', () => {
  it('turns a text message into a message keyed by bot, chat and message id, in the chat\'s conversation', () => {
    expect(normalized('message.text')).toEqual({
      kind: 'message',
      msg: {
        id: '123456:700000001:101',
        address: { channel: 'telegram', conversationId: 'telegram:700000001', ref: { languageCode: 'en' } },
        sender: { id: '700000001', name: 'Ana Example' },
        text: 'hello',
        attachments: [],
        receivedAt: '2024-06-10T15:00:00.000Z',
        languageHint: 'en',
      },
    });
  });

  it('keeps a /start deep-link payload in the text, with the app language as hint', () => {
    expect(message('message.start-deeplink')).toMatchObject({ text: '/start order-123', sender: { id: '700000002', name: 'Wei' }, languageHint: 'zh-hans' });
  });

  it('takes the buyer\'s own shared contact card as their contact, with a + on the number', () => {
    const msg = message('message.contact');
    expect(msg.contact).toEqual({ phone: '+15555550123', name: 'Pablo Example' });
    expect(msg.text).toBe('');
  });

  it('does not take somebody else\'s contact card as the buyer\'s', () => {
    const update = fixture('message.contact');
    (update.message as { contact: { user_id: number } }).contact.user_id = 700000099;
    const result = toInbound(UpdateSchema.parse(update), opts, at);
    expect(result.kind).toBe('message');
    if (result.kind === 'message') expect(result.msg.contact).toBeUndefined();
  });

  it('passes the largest photo size on by file id, with the caption as text', () => {
    expect(message('message.photo')).toMatchObject({
      text: 'Is this one still in stock?',
      attachments: [{ type: 'image', fileId: 'AgACAgIAAxkBAAIBZ2ZmPhotoLarge000000000000000000000000000000000000000000' }],
    });
  });

  it('passes stickers and voice notes on by file id, with empty text', () => {
    expect(message('message.sticker')).toMatchObject({ text: '', attachments: [{ type: 'sticker', fileId: 'CAACAgIAAxkBAAIBZmZmStickerFile0000000000000000000000000000000' }] });
    expect(message('message.voice')).toMatchObject({ text: '', attachments: [{ type: 'audio', fileId: 'AwACAgIAAxkBAAIBaGZmVoiceFile00000000000000000000000000000000000' }] });
  });

  it('passes a shared location on as coordinates', () => {
    expect(message('message.location')).toMatchObject({ text: '', attachments: [{ type: 'location', latitude: 40.416775, longitude: -3.70379 }] });
  });

  it('turns an edited message into an edit of the original (same id), never a new turn', () => {
    const original = message('message.text');
    expect(normalized('edited_message')).toEqual({ kind: 'edit', conversationId: original.address.conversationId, messageId: original.id, text: 'hello, do you ship to Madrid?' });
    // An edit in a chat that is not answered is not an edit to apply either.
    const inGroup = fixture('edited_message') as unknown as { update_id: number; edited_message: { chat: { id: number; type: string } } };
    inGroup.edited_message.chat = { id: -1001000000011, type: 'supergroup' };
    expect(toInbound(UpdateSchema.parse(inGroup), opts, at)).toEqual({ kind: 'ignored', reason: 'group' });
  });

  it('turns an inline keyboard press into its postback with the button label as text, to be answered', () => {
    expect(normalized('callback_query')).toEqual({
      kind: 'message',
      callbackQueryId: '3006477232913528741',
      msg: {
        id: '123456:100000009',
        address: { channel: 'telegram', conversationId: 'telegram:700000009', ref: { languageCode: 'en' } },
        sender: { id: '700000009', name: 'Jo' },
        text: 'Talk to a person',
        postback: 'human',
        attachments: [],
        receivedAt: '2024-06-10T15:00:00.000Z',
        languageHint: 'en',
      },
    });
  });

  it('only answers a press under an inline-mode message (no message, no chat): nothing to record, nowhere to reply', () => {
    const update = fixture('callback_query');
    const query = update.callback_query as { message?: unknown; inline_message_id?: string };
    delete query.message;
    query.inline_message_id = 'AgAAAHpqAABdW6gDuV1R0Ac';
    expect(toInbound(UpdateSchema.parse(update), opts, at)).toEqual({ kind: 'ignored', reason: 'inline', callbackQueryId: '3006477232913528741' });
  });

  it('reports a buyer who blocked the bot as unreachable, not as a message', () => {
    expect(normalized('my_chat_member.kicked')).toEqual({ kind: 'unreachable', conversationId: 'telegram:700000010' });
  });

  it('ignores group chats unless groups are allowed', () => {
    expect(normalized('message.group')).toEqual({ kind: 'ignored', reason: 'group' });
    expect(message('message.group', { ...opts, allowGroups: true })).toMatchObject({
      address: { conversationId: 'telegram:-1001000000011' },
      sender: { id: '700000011' },
      text: 'hello',
    });
  });

  it('keeps the forum topic a group message was written in, and does not take the topic\'s opening for a reply', () => {
    const agentsChat = '-1001000000021';
    expect(message('message.forum-topic', { ...opts, agentsChat })).toMatchObject({ address: { conversationId: `telegram:${agentsChat}` }, text: 'Hello Ana, Li here', topic: '117' });
    expect(message('message.forum-topic', { ...opts, agentsChat }).replyTo).toBeUndefined();
    const reply = fixture('message.forum-topic') as unknown as { message: { reply_to_message: { message_id: number } } };
    reply.message.reply_to_message.message_id = 119; // a real reply to a message inside the topic
    expect(toInbound(UpdateSchema.parse(reply), { ...opts, agentsChat }, at)).toMatchObject({ kind: 'message', msg: { topic: '117', replyTo: '119' } });
  });

  it('ignores channel posts, groups allowed or not', () => {
    expect(normalized('channel_post')).toEqual({ kind: 'ignored', reason: 'channel' });
    expect(normalized('channel_post', { ...opts, allowGroups: true })).toEqual({ kind: 'ignored', reason: 'channel' });
  });

  it('ignores update kinds it does not handle', () => {
    expect(UpdateSchema.safeParse(fixture('unknown-update')).success).toBe(true);
    expect(normalized('unknown-update')).toEqual({ kind: 'ignored', reason: 'unknown' });
  });

  it('refuses a handled kind with a broken shape at validation', () => {
    const result = UpdateSchema.safeParse({ update_id: 1, message: { message_id: 1, text: 'hi' } });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain('message.chat');
  });

  it('splits bot and chat ids out of the token and the conversation id', () => {
    expect(botIdOf('123456:ABC-def_ghi')).toBe('123456');
    expect(chatIdOf('telegram:-1001000000011')).toBe('-1001000000011');
  });
});
