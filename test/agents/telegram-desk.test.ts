import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadShopConfig } from '../../src/config/load.js';
import { exampleShopConfigPath } from '../../src/config/paths.js';
import type { Gateway } from '../../src/main.js';
import type { TelegramCall } from '../helpers/fakes/telegram.js';
import { textUpdate } from '../helpers/fakes/telegram.js';
import { eventually } from '../helpers/gateway.js';
import { writeShopConfig } from '../helpers/shop-config.js';
import { startTelegramRig, type TelegramRig } from '../helpers/telegram-rig.js';
import { postUpdate, TELEGRAM_SECRET } from '../helpers/telegram-webhook.js';
import { webBuyer } from '../helpers/web-buyer.js';

const example = loadShopConfig(exampleShopConfigPath());
const PABLO = 5001; // agent, holds at most one conversation
const LI = 5002; // agent
const MEI_TOKEN = 'mei-owner-token-0123456789';
const STRANGER = 7777; // no agent account: a buyer

let rig: TelegramRig;
let a: Gateway;
let b: Gateway;
beforeAll(async () => {
  const config = writeShopConfig({
    agents: [
      { name: 'Mei', role: 'owner', token: MEI_TOKEN },
      { name: 'Pablo', role: 'agent', token: 'pablo-agent-token-0123456789', maxConversations: 1, telegram: String(PABLO) },
      { name: 'Li', role: 'agent', token: 'li-agent-token-0123456789abc', telegram: String(LI) },
    ],
  });
  rig = await startTelegramRig({ env: { SHOP_CONFIG: config } });
  a = rig.gateway;
  b = await rig.another();
});
afterAll(async () => {
  await rig?.close();
});

const post = (gateway: Gateway, update: unknown) => postUpdate(gateway.url, update, TELEGRAM_SECRET);
let updateId = 900_000;
/** An agent pressing the button `data` under the bot's message `message`, as Telegram POSTs it. */
const press = (userId: number, message: TelegramCall, data: string) => ({
  update_id: ++updateId,
  callback_query: {
    id: `cb${updateId}`,
    from: { id: userId, is_bot: false, first_name: 'Agent', language_code: 'en' },
    message: { message_id: message.messageId, date: 0, chat: { id: userId, type: 'private' }, text: message.params.text, reply_markup: message.params.reply_markup },
    chat_instance: '1',
    data,
  },
});
/** An agent replying to the bot's message `to` in their private chat. */
const replyTo = (userId: number, to: TelegramCall, text: string) => {
  const update = textUpdate(userId, text, { updateId: ++updateId });
  return { ...update, message: { ...update.message, reply_to_message: { message_id: to.messageId, date: 0, chat: { id: userId, type: 'private' }, text: to.params.text } } };
};
const say = (userId: number, text: string) => textUpdate(userId, text, { updateId: ++updateId });

/** The announcement of a waiting buyer in an agent's chat: the message with a Claim button. */
const announcements = (chat: number) => rig.telegram.sent(chat).filter((c) => JSON.stringify(c.params.reply_markup ?? '').includes('agents:claim:'));
const claimData = (call: TelegramCall) => (call.params.reply_markup as { inline_keyboard: { callback_data: string }[][] }).inline_keyboard[0]![0]!.callback_data;
const texts = (chat: number) => rig.telegram.texts(chat);
const api = async (gateway: Gateway, path: string) => {
  const res = await fetch(`${gateway.url}/api${path}`, { headers: { authorization: `Bearer ${MEI_TOKEN}` } });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
};

describe('agents on the go, from Telegram', () => {
  it('announces a waiting web buyer, lets one of two agents claim it across instances, relays both ways and hands back', async () => {
    const visitor = await webBuyer(a);
    visitor.press('human', example.handoff.texts.humanButton.en!);
    await eventually(() => visitor.messages().length === 1, 5000, 'queued reply');

    // A brief and a Claim button in each agent's chat, once, though two instances heard the event.
    const [toPablo, toLi] = await eventually(() => announcements(PABLO).length > 0 && announcements(LI).length > 0 && [announcements(PABLO)[0]!, announcements(LI)[0]!], 5000, 'announcements');
    expect(String(toPablo.params.text)).toMatch(/waiting: .* on web \(en\)/);
    expect(String(toPablo.params.text)).toContain(`> ${example.handoff.texts.humanButton.en}`);
    expect(claimData(toPablo)).toBe(claimData(toLi));
    const n = Number(claimData(toPablo).split(':').at(-1));

    // Both press Claim at once, on two instances: exactly one wins, the other is told who has it.
    const [r1, r2] = await Promise.all([post(a, press(PABLO, toPablo, claimData(toPablo))), post(b, press(LI, toLi, claimData(toLi)))]);
    expect([r1.status, r2.status]).toEqual([200, 200]);
    const won = (chat: number) => texts(chat).some((t) => t.startsWith(`You have #${n} now`));
    const lost = (chat: number) => texts(chat).some((t) => t.startsWith(`#${n} is already with`));
    await eventually(() => (won(PABLO) && lost(LI)) || (won(LI) && lost(PABLO)), 5000, 'one winner');
    const [winner, loser, winnerName] = won(PABLO) ? [PABLO, LI, 'Pablo'] : [LI, PABLO, 'Li'];
    expect(texts(loser)).toContain(`#${n} is already with ${winnerName}.`);
    expect(announcements(PABLO)).toHaveLength(1);
    expect(announcements(LI)).toHaveLength(1);

    // Every announcement now says who took it; the console shows the same holder.
    await eventually(() => rig.telegram.calls.filter((c) => c.method === 'editMessageText' && String(c.params.text).endsWith(`#${n} taken by ${winnerName}.`)).length === 2, 5000, 'announcements edited');
    const detail = await api(b, `/conversations/${visitor.id}`);
    expect([detail.body.state, detail.body.agent]).toEqual(['agent', winnerName]);

    // The agent writes in Telegram: the web buyer gets it as the agent's message, and the console's transcript has it.
    expect((await post(b, say(winner, 'Hola! I am here to help'))).status).toBe(200);
    const fromAgent = await eventually(() => visitor.messages().find((m) => m.from === 'agent'), 5000, 'agent message');
    expect(fromAgent.text).toBe('Hola! I am here to help');

    // The buyer writes: it reaches the holder only, and the bot stays silent.
    const before = visitor.messages().length;
    visitor.say('my parcel is late');
    const relayed = await eventually(() => rig.telegram.sent(winner).find((c) => String(c.params.text) === `#${n} web: my parcel is late`), 5000, 'relayed');
    expect(texts(loser).some((t) => t.includes('my parcel is late'))).toBe(false);

    // A reply to the relayed message answers that buyer.
    await post(a, replyTo(winner, relayed, 'Checking with the courier now'));
    await eventually(() => visitor.messages().some((m) => m.from === 'agent' && m.text === 'Checking with the courier now'), 5000, 'reply by reply-to');
    expect(visitor.messages().filter((m) => m.from !== 'agent')).toHaveLength(before - 1);
    const transcript = (await api(a, `/conversations/${visitor.id}`)).body.transcript as { from: string; text: string }[];
    expect(transcript.filter((l) => l.from === 'agent').map((l) => l.text)).toEqual(['Hola! I am here to help', 'Checking with the courier now']);

    // /release: the buyer is told, the agent too, and the bot answers again.
    await post(a, say(winner, '/release'));
    await eventually(() => visitor.messages().some((m) => m.text === example.handoff.texts.released.en), 5000, 'released text');
    await eventually(() => texts(winner).includes(`#${n} is back with the bot.`), 5000, 'agent told');
    const count = visitor.messages().length;
    visitor.say('hello');
    await eventually(() => visitor.messages().length === count + 1, 5000, 'bot answers again');
    expect(visitor.messages().at(-1)!.text).toBe(example.replies.greeting.en);

    // The agents' chats never became buyer conversations.
    expect((await api(a, `/conversations/telegram:${PABLO}`)).status).toBe(404);
    expect((await api(a, `/conversations/telegram:${LI}`)).status).toBe(404);
    visitor.ws.close();
  });

  it('refuses with the reason: over the limit, not the holder, unknown commands; a stranger is a buyer', async () => {
    const one = await webBuyer(a);
    const two = await webBuyer(b);
    for (const v of [one, two]) {
      v.press('human', 'Talk to a person');
      await eventually(() => v.messages().length === 1, 5000, 'queued');
    }
    // Both announced (after the first test's one) in Li's chat: their numbers are on the Claim buttons.
    const mine = await eventually(() => announcements(LI).length === 3 && announcements(LI).slice(1), 5000, 'announced');
    const [first, second] = mine.map((c) => Number(claimData(c).split(':').at(-1)));
    expect(first).not.toBe(second);

    // Pablo (maxConversations 1) takes one by command; a second is refused with the reason.
    await post(a, say(PABLO, `/claim ${first}`));
    await eventually(() => texts(PABLO).includes(`You have #${first} now. Reply to its messages (or write /to ${first} your text) to answer; /release hands it back, /close ends it.`), 5000, 'claimed');
    await post(b, say(PABLO, `/claim ${second}`));
    await eventually(() => texts(PABLO).includes('Refused: you already hold 1 conversations (your maxConversations). Release or close one first.'), 5000, 'over the limit');
    const held = await Promise.all([one, two].map(async (v) => (await api(a, `/conversations/${v.id}`)).body));
    expect(held.map((d) => d.state).sort()).toEqual(['agent', 'queued']);
    expect(held.find((d) => d.state === 'agent')!.agent).toBe('Pablo');

    // Li cannot answer or hand back Pablo's conversation.
    await post(a, say(LI, `/to ${first} I will take over`));
    await eventually(() => texts(LI).includes(`Refused: #${first} is not yours (Pablo). Claim it first.`), 5000, 'not the holder');
    await post(a, say(LI, `/release ${first}`));
    await eventually(() => texts(LI).filter((t) => t === `Refused: #${first} is not yours (Pablo). Claim it first.`).length === 2, 5000, 'release refused');
    await post(a, say(LI, '/dance'));
    await eventually(() => texts(LI).some((t) => t.startsWith('Agent commands:')), 5000, 'help');

    // A redelivered update is done once.
    const again = say(LI, '/list');
    await post(a, again);
    await post(b, again);
    await eventually(() => texts(LI).some((t) => t.startsWith('Waiting: ')), 5000, 'list');
    expect(texts(LI).filter((t) => t.startsWith('Waiting: ')).at(-1)).toContain(`#${second} (web)`);

    // Someone without an agent account writing the same commands is an ordinary buyer.
    await post(a, say(STRANGER, `/claim ${second}`));
    await eventually(() => texts(STRANGER).length > 0, 5000, 'bot answers the stranger');
    expect(texts(STRANGER).some((t) => t.includes('You have #') || t.startsWith('Agent commands:'))).toBe(false);
    expect((await api(a, `/conversations/telegram:${STRANGER}`)).status).toBe(200);
    one.ws.close();
    two.ws.close();
  });
});
