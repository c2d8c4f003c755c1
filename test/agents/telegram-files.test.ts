import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TelegramCall } from '../helpers/fakes/telegram.js';
import { eventually } from '../helpers/gateway.js';
import { writeShopConfig } from '../helpers/shop-config.js';
import { startTelegramRig, type TelegramRig } from '../helpers/telegram-rig.js';
import { postUpdate, TELEGRAM_SECRET } from '../helpers/telegram-webhook.js';
import { webBuyer } from '../helpers/web-buyer.js';

const SOFIA = 5201; // agent, answered in Spanish
const SOFIA_TOKEN = 'sofia-agent-token-0123456789';
const ANA = 8201; // a Telegram buyer

let rig: TelegramRig;
beforeAll(async () => {
  const config = writeShopConfig({ agents: [{ name: 'Sofia', role: 'agent', token: SOFIA_TOKEN, telegram: String(SOFIA), language: 'es' }] });
  rig = await startTelegramRig({ env: { SHOP_CONFIG: config } });
});
afterAll(async () => {
  await rig?.close();
});

let updateId = 600_000;
let anaNumber = 0;
const post = (update: unknown) => postUpdate(rig.gateway.url, update, TELEGRAM_SECRET);
const person = (id: number) => ({ id, is_bot: false, first_name: id === SOFIA ? 'Sofia' : 'Ana', language_code: 'es' });
const privateChat = (id: number) => ({ id, type: 'private', first_name: 'x' });
/** Sofia writes in her chat with the bot: text, a photo (its sizes, smallest first) or a document, optionally replying to the bot's message `to`. */
const fromSofia = (content: Record<string, unknown>, to?: TelegramCall) => ({
  update_id: ++updateId,
  message: { message_id: updateId, date: 0, from: person(SOFIA), chat: privateChat(SOFIA), ...content, ...(to ? { reply_to_message: { message_id: to.messageId, date: 0, chat: privateChat(SOFIA) } } : {}) },
});
const photo = (caption?: string) => ({
  photo: [
    { file_id: 'AgACAgQAAxkBAAIBsmall', file_unique_id: 's', width: 90, height: 67 },
    { file_id: 'AgACAgQAAxkBAAIBlarge', file_unique_id: 'l', width: 1280, height: 960 },
  ],
  ...(caption ? { caption } : {}),
});
const announcements = () => rig.telegram.sent(SOFIA).filter((c) => JSON.stringify(c.params.reply_markup ?? '').includes('agents:claim:'));
const numberOn = (call: TelegramCall) => Number(JSON.stringify(call.params.reply_markup).match(/agents:claim:(\d+)/)![1]);
const transcript = async (id: string) => {
  const res = await fetch(`${rig.gateway.url}/api/conversations/${id}`, { headers: { authorization: `Bearer ${SOFIA_TOKEN}` } });
  return ((await res.json()) as { transcript: { from: string; text: string }[] }).transcript;
};

describe("agents' photos and files from Telegram", () => {
  it('passes a photo on to a Telegram buyer by its file_id with the caption, and a document too, in the transcript as the agent\'s', async () => {
    await post({ update_id: ++updateId, callback_query: { id: `cb${updateId}`, from: person(ANA), chat_instance: '2', data: 'human', message: { message_id: 1, date: 0, chat: privateChat(ANA) } } });
    const brief = await eventually(() => announcements()[0], 5000, 'announced');
    const n = (anaNumber = numberOn(brief));
    await post(fromSofia({ text: `/claim ${n}` }));
    await eventually(() => rig.telegram.texts(SOFIA).some((t) => t.startsWith(`Ahora atiendes #${n}`)), 5000, 'claimed');

    await post(fromSofia(photo('La correa azul, ¿es esta?')));
    const sent = await eventually(() => rig.telegram.callsTo('sendPhoto').find((c) => String(c.params.chat_id) === String(ANA)), 5000, 'photo sent to the buyer');
    expect(sent.params).toMatchObject({ photo: 'AgACAgQAAxkBAAIBlarge', caption: 'La correa azul, ¿es esta?' });

    await post(fromSofia({ document: { file_id: 'BQACAgQAAxkBAAIBfactura', file_unique_id: 'd', file_name: 'factura.pdf' } }));
    const doc = await eventually(() => rig.telegram.callsTo('sendDocument').find((c) => String(c.params.chat_id) === String(ANA)), 5000, 'document sent to the buyer');
    expect(doc.params.document).toBe('BQACAgQAAxkBAAIBfactura');
    expect(doc.params.caption).toBeUndefined();

    const lines = await eventually(async () => {
      const t = await transcript(`telegram:${ANA}`);
      return t.filter((l) => l.from === 'agent').length === 2 && t;
    }, 5000, 'in the transcript');
    expect(lines.filter((l) => l.from === 'agent').map((l) => l.text)).toEqual(['[photo] La correa azul, ¿es esta?', '[file]']);
    // Nothing refused, nothing sent twice.
    expect(rig.telegram.texts(SOFIA).filter((t) => t.startsWith('No enviado'))).toEqual([]);
    expect(rig.telegram.callsTo('sendPhoto')).toHaveLength(1);
  });

  it("refuses a photo for a web chat buyer with the reason, in the agent's language, and sends them nothing", async () => {
    const visitor = await webBuyer(rig.gateway);
    visitor.press('human', 'Hablar con una persona');
    const brief = await eventually(() => announcements().find((c) => String(c.params.text).includes(' web ')), 5000, 'web buyer announced');
    const n = numberOn(brief);
    await post(fromSofia({ text: `/claim ${n}` }));
    await eventually(() => rig.telegram.texts(SOFIA).some((t) => t.startsWith(`Ahora atiendes #${n}`)), 5000, 'claimed');
    const before = visitor.messages().length;

    // Sofia holds two conversations: the photo answers the one whose announcement it replies to.
    await post(fromSofia(photo('Mira la foto'), brief));
    await eventually(() => rig.telegram.texts(SOFIA).includes(`No enviado a #${n}: los clientes de web aún no pueden recibir archivos desde el chat: envía un enlace.`), 5000, 'refused with the reason');
    expect(visitor.messages().slice(before).filter((m) => m.from === 'agent')).toEqual([]);
    expect(rig.telegram.callsTo('sendPhoto')).toHaveLength(1); // only the first test's
    expect((await transcript(visitor.id)).filter((l) => l.from === 'agent')).toEqual([]);
    visitor.ws.close();
  });

  it('reads a "/to <n>" caption as the address: the photo goes to that buyer with the rest as its caption', async () => {
    // Sofia now holds Ana's and the web buyer's conversations: the caption names which one.
    await post(fromSofia(photo(`/to ${anaNumber} Y la tapa`)));
    const sent = await eventually(() => rig.telegram.callsTo('sendPhoto').filter((c) => String(c.params.chat_id) === String(ANA))[1], 5000, 'second photo sent to Ana');
    expect(sent.params).toMatchObject({ photo: 'AgACAgQAAxkBAAIBlarge', caption: 'Y la tapa' });
    expect(rig.telegram.texts(ANA).some((t) => t.startsWith('/to'))).toBe(false);
  });
});
