import { Writable } from 'node:stream';
import winston from 'winston';
import { describe, expect, it } from 'vitest';
import { createLogger, redactText } from '../src/log.js';

function capture(production: boolean) {
  const lines: string[] = [];
  const log = createLogger({ level: 'debug', production });
  log.clear();
  log.add(new winston.transports.Stream({ stream: new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }) }));
  return { log, lines };
}

describe('logging', () => {
  it('writes JSON lines in production, with the conversation id kept whole', () => {
    const { log, lines } = capture(true);
    log.child({ module: 'engine' }).info('message processed', { conversationId: 'telegram:123456789', replies: 1 });
    const line = JSON.parse(lines[0]!);
    expect(line).toMatchObject({ level: 'info', message: 'message processed', module: 'engine', conversationId: 'telegram:123456789', replies: 1 });
    expect(line.timestamp).toBeDefined();
  });

  it('never writes tokens, secrets, full phone numbers or e-mails', () => {
    const { log, lines } = capture(true);
    log.info('buyer wrote: my phone is +34 612 34 56 78, mail ana.garcia@example.com', {
      authorization: 'Bearer s3cr3t-token',
      webhookSecret: 'abcdef123456',
      url: 'https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/sendMessage',
      contact: { phone: '+8613812345678', email: 'li@example.cn' },
    });
    const out = lines.join('');
    for (const secret of ['s3cr3t-token', 'abcdef123456', 'AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw', '612 34 56 78', '13812345678', 'ana.garcia@', 'li@example.cn']) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('***78'); // enough to tell numbers apart
    expect(out).toContain('a***@example.com');
  });

  it('masks the phone number inside an SMS conversation id, keeps other ids whole', () => {
    const { log, lines } = capture(true);
    log.info('message processed', { conversationId: 'twilio:+34612345643' });
    log.info('message processed', { conversationId: 'telegram:123456789' });
    expect(JSON.parse(lines[0]!).conversationId).toBe('twilio:***43');
    expect(JSON.parse(lines[1]!).conversationId).toBe('telegram:123456789');
  });

  it('masks phone numbers written in several ways', () => {
    expect(redactText('call 13812345678')).toBe('call ***78');
    expect(redactText('tel (415) 555-0100')).toBe('tel ***00');
    expect(redactText('order 42 costs 168 yuan')).toBe('order 42 costs 168 yuan');
  });
});
