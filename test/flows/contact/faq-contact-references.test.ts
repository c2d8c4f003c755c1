import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractContact } from '../../../flows/contact/extract.js';
import { loadShopConfig } from '../../../src/config/load.js';
import { exampleShopConfigPath } from '../../../src/config/paths.js';
import { createRedisStore } from '../../../src/store/redis-store.js';
import { startRedisServer, type TestRedis } from '../../helpers/redis-server.js';
import { testStoreOptions, transcript } from '../../helpers/transcript.js';

/** Order and tracking numbers are references, not phone numbers: the contact flow must not "note" them. */
const shop = loadShopConfig(exampleShopConfigPath());

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});

describe('tracking and order numbers', () => {
  it.each([
    'tracking SF1234567890123',
    'my tracking number is 1234567890123',
    '运单号SF1234567890123',
    '订单号 13812345678 怎么还没到',
    'pedido nº 12345678901',
    'order #13812345678',
    'YT1234567890 where is it',
  ])('%s carries no phone number', (text) => {
    expect(extractContact(text, 'CN')).toBeNull();
  });

  it('still finds the phone next to a tracking number', () => {
    expect(extractContact('call me on 13812345678, tracking YT1234567890', 'CN')).toEqual({ phone: '+8613812345678' });
    expect(extractContact('+34 612 34 56 78', 'CN')).toEqual({ phone: '+34612345678' });
  });

  it('reads messenger accounts, and not an app named in passing', () => {
    expect(extractContact('wx id: lotusfan_22', 'CN')).toEqual({ messenger: 'WeChat: lotusfan_22' });
    expect(extractContact('微信：chayou_jo', 'CN')).toEqual({ messenger: 'WeChat: chayou_jo' });
    expect(extractContact('telegram @hojaverde_mx', 'CN')).toEqual({ messenger: 'Telegram: @hojaverde_mx' });
    expect(extractContact('line id: juan88.', 'CN')).toEqual({ messenger: 'LINE: juan88' });
    // A QQ number is an account, not a phone; a phone beside an account is both.
    expect(extractContact('QQ:278995101', 'CN')).toEqual({ messenger: 'QQ: 278995101' });
    expect(extractContact('call me on 13812345678 or wechat joe_1', 'CN')).toEqual({ phone: '+8613812345678', messenger: 'WeChat: joe_1' });
    for (const text of ['do you accept wechat pay?', 'my wechat is down today', 'the line is busy', 'wx付款可以吗', 'big ig fan']) expect(extractContact(text, 'CN'), text).toBeNull();
  });

  it('answers a tracking question that quotes its number instead of noting it as a phone', async () => {
    const chat = transcript({ store: await createRedisStore(redis.url, testStoreOptions) });
    try {
      const replies = await chat.texts('where is my parcel? tracking SF1234567890123');
      expect(replies).toEqual([shop.faq.find((t) => t.id === 'tracking')!.answer.en]);
      expect((await chat.store.loadSession(chat.conversationId))?.contact ?? {}).toEqual({});
    } finally {
      await chat.close();
    }
  });
});
