import winston, { type Logger } from 'winston';

export type { Logger } from 'winston';

const SECRET_KEY = /token|secret|password|authorization|signature|cookie|api[_-]?key/i;
const EMAIL = /([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;
// A run of 7+ digits, optionally with +, spaces, dots, dashes or brackets: a phone number.
const PHONE = /\+?\(?\d[\d\s().-]{5,}\d/g;
const BOT_TOKEN = /(?<!\d)\d{6,}:[A-Za-z0-9_-]{30,}/g;

/** Mask personal data and tokens inside free text, keeping enough to tell values apart. */
export function redactText(text: string): string {
  return text
    .replace(BOT_TOKEN, '[token]')
    .replace(EMAIL, (_m, first: string, domain: string) => `${first}***@${domain}`)
    .replace(PHONE, (m) => {
      const digits = m.replace(/\D/g, '');
      return digits.length >= 7 ? `***${digits.slice(-2)}` : m;
    });
}

// Identifiers, not personal data: a Telegram chat id is a long number but no phone.
const ID_KEY = /^(conversationId|msgId|messageId|id|deliveryId|channel|module|at|receivedAt)$/;

function redactValue(key: string, value: unknown, depth: number): unknown {
  if (SECRET_KEY.test(key) && value !== undefined && value !== null && value !== '') return '[redacted]';
  if (typeof value === 'string') {
    // An SMS conversation id is the buyer's phone number: mask it like any other.
    if (key === 'conversationId' && value.startsWith('twilio:')) return redactText(value);
    return ID_KEY.test(key) ? value.replace(BOT_TOKEN, '[token]') : redactText(value);
  }
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return { name: value.name, message: redactText(value.message) };
  if (Array.isArray(value)) return value.map((v) => redactValue('', v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValue(k, v, depth + 1)]));
}

/** Winston format that redacts secrets, phone numbers and e-mails in every field and the message. */
const redact = winston.format((info) => {
  for (const key of Object.keys(info)) {
    if (key === 'level' || key === 'timestamp') continue;
    (info as Record<string, unknown>)[key] = redactValue(key, info[key], 0);
  }
  return info;
});

/** Build the root logger: JSON lines in production, readable lines in development. */
export function createLogger(opts: { level: string; production: boolean; silent?: boolean }): Logger {
  const format = opts.production
    ? winston.format.combine(redact(), winston.format.timestamp(), winston.format.json())
    : winston.format.combine(
        redact(),
        winston.format.timestamp({ format: 'HH:mm:ss.SSS' }),
        winston.format.colorize(),
        winston.format.printf(({ level, message, timestamp, module, ...rest }) => {
          const extra = Object.keys(rest).length ? ' ' + JSON.stringify(rest) : '';
          return `${String(timestamp)} ${level} ${module ? `[${String(module)}] ` : ''}${String(message)}${extra}`;
        }),
      );
  const logger = winston.createLogger({
    level: opts.level,
    format,
    silent: opts.silent ?? false,
    // Everything to stderr: stdout stays free for command output (`shopdesk classify`).
    transports: [new winston.transports.Console({ stderrLevels: ['error', 'warn', 'info', 'debug'] })],
  });
  // Winston formats (and redacts) every entry before its transport drops it for its level, which
  // is most of a busy gateway's CPU for lines nobody reads: below the level, the methods do nothing.
  // Child loggers inherit these methods.
  const levels = winston.config.npm.levels;
  const threshold = levels[opts.level] ?? levels.info!;
  const methods = logger as unknown as Record<string, unknown>;
  for (const [name, rank] of Object.entries(levels)) if (rank > threshold) methods[name] = () => logger;
  return logger;
}
