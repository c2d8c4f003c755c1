import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runClassify } from '../../../flows/faq/classify-command.js';
import { loadShopConfig } from '../../../src/config/load.js';
import { exampleShopConfigPath } from '../../../src/config/paths.js';

const shop = loadShopConfig(exampleShopConfigPath());

async function classifyLines(text: string): Promise<unknown[]> {
  const input = new PassThrough();
  const output = new PassThrough();
  let written = '';
  output.on('data', (chunk: Buffer) => (written += chunk.toString('utf8')));
  input.end(text);
  await runClassify(input, output, shop);
  return written.trim().split('\n').map((line) => JSON.parse(line) as unknown);
}

describe('shopdesk classify', () => {
  it('writes one JSON line per message line, with intent, language, score and contact details', async () => {
    const lines = await classifyLines('可以货到付款吗？\r\n\n¿Hacéis envíos a Canarias?\nmy phone is +34 612 34 56 78\ndo you sell laptops\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatchObject({ text: '可以货到付款吗？', lang: 'zh', intent: 'cod', contact: null });
    expect(lines[1]).toMatchObject({ text: '¿Hacéis envíos a Canarias?', lang: 'es', intent: 'shipping', contact: null });
    expect(lines[2]).toEqual({ text: 'my phone is +34 612 34 56 78', lang: 'en', intent: 'contact', score: 1, contact: { phone: '+34612345678', email: null, messenger: null } });
    expect(lines[3]).toMatchObject({ intent: 'none', contact: null });
    expect((lines[0] as { score: number }).score).toBeGreaterThan(0.5);
  });

  it('waits for a slow reader instead of buffering the whole output', async () => {
    const input = new PassThrough();
    input.end(Array.from({ length: 500 }, (_, i) => (i % 2 ? 'hola' : 'where is my order?')).join('\n'));
    let lines = 0;
    let buffered = 0;
    const output = new Writable({
      highWaterMark: 256,
      write(chunk: Buffer, _encoding, done) {
        lines += chunk.toString('utf8').split('\n').length - 1;
        buffered = Math.max(buffered, this.writableLength);
        setImmediate(done);
      },
    });
    await runClassify(input, output, shop);
    await new Promise<void>((resolve) => output.end(resolve));
    expect(lines).toBe(500);
    // 500 lines are ~40 kB; never more than the high-water mark plus one line waits in memory.
    expect(buffered).toBeLessThan(256 + 200);
  });
});
