import { describe, expect, it } from 'vitest';
import { actionToInbound, eventToInbound, placeOf, plainText, slackConversationId, type Normalized } from '../../../adapters/slack/normalize.js';
import { BlockActionsSchema, EventCallbackSchema, SlackReferenceSchema, type BlockActions } from '../../../adapters/slack/payload.js';
import { slackFixture } from './sign.js';

const at = new Date('2026-11-22T10:00:00.000Z');
const event = (name: string, patch: (e: Record<string, unknown>) => void = () => {}) => {
  const body = slackFixture<{ event: Record<string, unknown> }>(name);
  patch(body.event);
  return eventToInbound(EventCallbackSchema.parse(body), at);
};
const action = (name: string, patch: (p: BlockActions) => void = () => {}) => {
  const payload = BlockActionsSchema.parse(slackFixture(name));
  patch(payload);
  return actionToInbound(payload, at);
};
const msgOf = (n: Normalized) => {
  if (!('msg' in n)) throw new Error(`ignored: ${n.ignored}`);
  return n.msg;
};

describe('Slack events -> InboundMessage', () => {
  it('reads a direct message: event_id as id, the DM channel as conversation, a reference to answer in', () => {
    expect(event('event_callback.message.im')).toMatchInlineSnapshot(`
      {
        "msg": {
          "address": {
            "channel": "slack",
            "conversationId": "slack:T0SHOP001:D0BUYER01",
            "ref": {
              "bot": {
                "id": "U0SHOPBOT",
                "name": "",
              },
              "channelId": "slack",
              "conversation": {
                "conversationType": "personal",
                "id": "D0BUYER01",
                "isGroup": false,
                "name": "",
                "team": "T0SHOP001",
              },
              "serviceUrl": "",
              "user": {
                "id": "U0BUYER01",
                "name": "",
              },
            },
          },
          "attachments": [],
          "id": "Ev0PV52K21",
          "receivedAt": "2026-11-22T10:00:00.000Z",
          "sender": {
            "id": "U0BUYER01",
          },
          "text": "hello",
        },
      }
    `);
  });

  it('answers a top-level mention in a new thread under it, with the mention taken out of the text', () => {
    const msg = msgOf(event('event_callback.app_mention'));
    expect(msg.text).toBe('hola');
    expect(msg.address.conversationId).toBe('slack:T0SHOP001:C0WHOLESALE:1763805700.000200');
    expect(SlackReferenceSchema.parse(msg.address.ref).conversation).toMatchObject({ id: 'C0WHOLESALE', thread_ts: '1763805700.000200', team: 'T0SHOP001' });
    expect(msg.sender).toEqual({ id: 'U0BUYER02' });
  });

  it('keeps a mention inside a thread in that thread\'s conversation, and unwraps Slack\'s markup', () => {
    const msg = msgOf(event('event_callback.app_mention.thread'));
    expect(msg.address.conversationId).toBe('slack:T0SHOP001:C0WHOLESALE:1763805700.000200');
    expect(msg.text).toBe("you can write to buyer@example.com & I'll check shop.example/orders/17");
  });

  it('gives each buyer mentioning the bot in one channel their own conversation', () => {
    const first = msgOf(event('event_callback.app_mention'));
    const other = msgOf(event('event_callback.app_mention', (e) => Object.assign(e, { user: 'U0BUYER03', ts: '1763805990.000900' })));
    expect(other.address.conversationId).not.toBe(first.address.conversationId);
  });

  it('answers a DM written in a thread in that thread, in the same conversation as the rest of the DM', () => {
    const msg = msgOf(event('event_callback.message.im', (e) => void (e.thread_ts = '1763805500.000050')));
    expect(msg.address.conversationId).toBe('slack:T0SHOP001:D0BUYER01');
    expect(SlackReferenceSchema.parse(msg.address.ref).conversation.thread_ts).toBe('1763805500.000050');
  });

  it('takes a shared file with its comment as a message with an attachment', () => {
    const msg = msgOf(event('event_callback.message.file_share'));
    expect(msg.text).toBe('here is my receipt');
    expect(msg.attachments).toEqual([{ type: 'image', fileId: 'F0RECEIPT1', url: 'https://shop.slack.com/files/U0BUYER01/F0RECEIPT1/receipt.png' }]);
  });

  it('ignores bots (others and its own), edits, deletions, channel chatter and events it does not handle', () => {
    expect(event('event_callback.message.bot')).toEqual({ ignored: 'a bot wrote it' });
    expect(event('event_callback.message_changed')).toEqual({ ignored: 'message subtype message_changed' });
    expect(event('event_callback.message_deleted')).toEqual({ ignored: 'message subtype message_deleted' });
    expect(event('event_callback.reaction_added')).toEqual({ ignored: 'event reaction_added' });
    // The bot's own post in the DM, as chat.postMessage produces it (its user id, no subtype).
    expect(event('event_callback.message.im', (e) => void (e.user = 'U0SHOPBOT'))).toEqual({ ignored: 'the bot wrote it' });
    // message.channels traffic: only mentions are for the bot.
    expect(event('event_callback.message.im', (e) => Object.assign(e, { channel: 'C0WHOLESALE', channel_type: 'channel' }))).toEqual({ ignored: 'event message in channel' });
  });
});

describe('Slack button presses -> postback', () => {
  it('turns a press in a DM into the button\'s payload, with its label as text', () => {
    expect(action('block_actions.button')).toMatchInlineSnapshot(`
      {
        "msg": {
          "address": {
            "channel": "slack",
            "conversationId": "slack:T0SHOP001:D0BUYER01",
            "ref": {
              "bot": {
                "id": "",
                "name": "",
              },
              "channelId": "slack",
              "conversation": {
                "conversationType": "personal",
                "id": "D0BUYER01",
                "isGroup": false,
                "name": "",
                "team": "T0SHOP001",
              },
              "serviceUrl": "",
              "user": {
                "id": "U0BUYER01",
                "name": "",
              },
            },
          },
          "attachments": [],
          "id": "action:12345.98765.abcd2358fdea",
          "postback": "human",
          "receivedAt": "2026-11-22T10:00:00.000Z",
          "sender": {
            "id": "U0BUYER01",
          },
          "text": "Talk to a person",
        },
      }
    `);
  });

  it('continues the conversation of the thread the button was posted in', () => {
    const press = msgOf(action('block_actions.button.thread'));
    const mention = msgOf(event('event_callback.app_mention'));
    expect(press.address.conversationId).toBe(mention.address.conversationId);
    expect(press.text).toBe('Hablar con una persona');
    expect(SlackReferenceSchema.parse(press.address.ref).conversation.thread_ts).toBe('1763805700.000200');
  });

  it('ignores actions that are not our buttons, and buttons outside a conversation', () => {
    expect(action('block_actions.button', (p) => Object.assign(p.actions[0]!, { type: 'static_select', value: undefined }))).toEqual({ ignored: 'action static_select without a value' });
    expect(action('block_actions.button', (p) => void delete p.channel)).toEqual({ ignored: 'button outside a conversation' });
  });
});

describe('Slack markup and conversation ids', () => {
  it('unwraps mentions, channels, specials, links, e-mails and phone numbers', () => {
    expect(plainText('<@U0AGENT01> in <#C0WHOLESALE|wholesale>, <!here>')).toBe('@U0AGENT01 in #wholesale, @here');
    expect(plainText('call <tel:+34600111222|+34 600 111 222> or see <https://shop.example/faq>')).toBe('call +34 600 111 222 or see https://shop.example/faq');
    expect(plainText('&lt;3 tea &amp; cakes &gt; coffee')).toBe('<3 tea & cakes > coffee');
    expect(plainText('hey <@U0SHOPBOT> price?', 'U0SHOPBOT')).toBe('hey price?');
    // Slack runs anything starting with "/" as its own command: owners type " /away" to send it.
    expect(plainText(' /away back at 3', 'U0SHOPBOT')).toBe('/away back at 3');
  });

  it('reads a conversation id back into its place (for deliveries without a reference)', () => {
    for (const id of ['slack:T0SHOP001:D0BUYER01', 'slack:T0SHOP001:C0WHOLESALE:1763805700.000200']) {
      expect(slackConversationId(placeOf(id)!)).toBe(id);
    }
    expect(placeOf('slack:T0SHOP001:C0WHOLESALE:1763805700.000200')).toEqual({ team: 'T0SHOP001', channel: 'C0WHOLESALE', threadTs: '1763805700.000200', isDm: false });
    expect(placeOf('slack:nonsense')).toBeUndefined();
  });
});
