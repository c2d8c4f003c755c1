import { describe, expect, it } from 'vitest';
import { createClassifier } from '../../../flows/faq/classifier.js';
import { loadShopConfig } from '../../../src/config/load.js';
import { exampleShopConfigPath } from '../../../src/config/paths.js';
import type { ShopConfig } from '../../../src/config/schema.js';
import { syntheticTopics } from './synthetic-topics.js';

const shop = loadShopConfig(exampleShopConfigPath());
const classify = createClassifier(shop);
const intent = (text: string, hint?: string) => classify(text, hint).intent;

describe('contact details in a message', () => {
  it('reads a Spanish mobile number written with spaces as E.164', () => {
    expect(classify('my phone is +34 612 34 56 78')).toMatchObject({ intent: 'contact', contact: { phone: '+34612345678' } });
  });

  it('reads a Chinese mobile number without country code with the shop\'s region (CN)', () => {
    expect(shop.contact.defaultRegion).toBe('CN');
    expect(classify('电话13812345678')).toMatchObject({ intent: 'contact', contact: { phone: '+8613812345678' } });
  });

  it('uses the shop\'s region: the same digits are a US number for a US shop', () => {
    const us: ShopConfig = { ...shop, contact: { ...shop.contact, defaultRegion: 'US' } };
    expect(createClassifier(us)('call me at (415) 555-0132').contact).toEqual({ phone: '+14155550132' });
  });

  it('takes a valid e-mail and refuses a broken one', () => {
    expect(classify('you can email me at Jane.Doe@Example.com')).toMatchObject({ intent: 'contact', contact: { email: 'Jane.Doe@example.com' } });
    expect(classify('my email is jane@example')).toMatchObject({ contact: null });
  });

  it('keeps the topic when a question comes with a number, and still extracts the number', () => {
    expect(classify('my number is +34 612 34 56 78, do you do cash on delivery?')).toMatchObject({ intent: 'cod', contact: { phone: '+34612345678' } });
  });

  it('finds nothing in a message without contact details', () => {
    expect(classify('my order 1234 arrived broken').contact).toBeNull();
  });
});

describe('intents', () => {
  it('greets back on openers in each language, particles or not', () => {
    for (const text of ['在吗?', '亲，在不在', '亲在吗', 'hola', 'hi', 'Hello!', 'buenas tardes', 'hey, anyone there?']) expect(intent(text), text).toBe('greeting');
  });

  it('answers the question when a greeting comes with one', () => {
    expect(intent('hola, ¿hacéis envíos a Canarias?')).toBe('shipping');
    expect(intent('亲，在吗？可以货到付款吗')).toBe('cod');
    expect(intent('hi! is shipping free?')).toBe('shipping');
  });

  it('hears a request for a person', () => {
    for (const text of ['I want to talk to a real person', 'agent please', '转人工', '有没有人工客服', 'quiero hablar con una persona', 'can I speak to someone?']) expect(intent(text), text).toBe('human');
  });

  it('hears a complaint, even one about a topic the FAQ covers', () => {
    for (const text of ['这是什么垃圾，我要给差评', '我要投诉', 'terrible service, I will leave a bad review', 'esto es una estafa', 'ESTAFA!!', 'the teapot arrived broken, this is unacceptable']) {
      expect(intent(text), text).toBe('complaint');
    }
  });

  it('answers a worried buyer who says "scam" with the escrow answer, not as a complaint', () => {
    expect(intent('is it safe to pay you? I am afraid of a scam')).toBe('escrow');
    expect(intent('先付款会不会被骗')).toBe('escrow');
  });

  it('takes thanks as thanks and says so', () => {
    expect(intent('thanks!')).toBe('thanks');
    expect(intent('谢谢亲')).toBe('thanks');
    expect(intent('gracias, ¿y cuánto tarda el envío?')).toBe('shipping');
  });

  it('does not guess: off-topic questions are none', () => {
    for (const text of ['what is the meaning of this', 'do you sell laptops', '¿cuál es la capital de Francia?', '帮我写作业', 'what\'s the weather like?']) {
      expect(intent(text), text).toBe('none');
    }
  });
});

describe('topics', () => {
  it('tolerates typos, missing accents and another word order', () => {
    expect(intent('can i get a refnud')).toBe('returns');
    expect(intent('cuanto tarda el envio')).toBe('shipping');
    expect(intent('delivery cash on, possible?')).toBe('cod');
  });

  it('answers in the language of the text, else the channel\'s, else the shop\'s default', () => {
    expect(classify('可以货到付款吗').lang).toBe('zh');
    expect(classify('¿tenéis contra reembolso?').lang).toBe('es');
    expect(classify('COD?', 'es-ES').lang).toBe('es');
    expect(classify('COD?').lang).toBe(shop.shop.defaultLanguage);
    expect(classify('COD?', 'fr').lang).toBe(shop.shop.defaultLanguage);
  });

  it('is built once per shop config object', () => {
    expect(createClassifier(shop)).toBe(classify);
    expect(createClassifier({ ...shop })).not.toBe(classify);
  });

  it('still finds the right topic among a thousand others', () => {
    const big: ShopConfig = { ...shop, faq: [...syntheticTopics(1000), ...shop.faq] };
    const classifyBig = createClassifier(big);
    expect(classifyBig('where is my parcel? it has not arrived').intent).toBe('tracking');
    expect(classifyBig('支持货到付款吗').intent).toBe('cod');
    expect(classifyBig('¿me hacéis descuento?').intent).toBe('discount');
    expect(classifyBig(`how does the ${big.faq[500]!.questions.en![0]!.split(' ').slice(3, 5).join(' ')} work?`).intent).toBe('synthetic-500');
    expect(classifyBig('do you sell laptops').intent).toBe('none');
  });
});
