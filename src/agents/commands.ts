/** Payload of the Claim button under an announcement: `agents:claim:<n>`. */
export const CLAIM_PREFIX = 'agents:claim:';

/** One thing an agent asked for in chat. `n` is a conversation number (omitted: the one replied to or the only one held). */
export type AgentCommand =
  | { kind: 'claim'; n: number }
  | { kind: 'to'; n: number; text: string }
  | { kind: 'release'; n?: number }
  | { kind: 'close'; n?: number }
  | { kind: 'contact'; n?: number }
  | { kind: 'faq'; topic: string; n?: number }
  | { kind: 'list' }
  | { kind: 'help' }
  /** Not a command: an answer to a buyer. */
  | { kind: 'text'; text: string };

/** Owners' status commands (flows/status): passed on to the status flow, not handled here. */
export const STATUS_COMMAND = /^\/(away|busy|online|auto)(?:@\w+)?(?:\s|$)/i;

const num = (s: string | undefined) => (s && /^#?\d{1,9}$/.test(s) ? Number(s.replace('#', '')) : undefined);

/**
 * Read an agent's message: a button press (`postback`), a slash command (`/claim 3`, Telegram's
 * `/claim@shop_bot 3`) or plain text, which is an answer to the buyer. A slash word that is not a
 * command gets the help; a command missing its number gets the help too (nothing is guessed).
 */
export function parseAgentCommand(text: string, postback?: string): AgentCommand {
  if (postback?.startsWith(CLAIM_PREFIX)) {
    const n = num(postback.slice(CLAIM_PREFIX.length));
    return n ? { kind: 'claim', n } : { kind: 'help' };
  }
  const trimmed = text.trim();
  const match = /^\/([a-z]+)(?:@\w+)?(?:\s+([\s\S]*))?$/i.exec(trimmed);
  if (!match) return { kind: 'text', text: trimmed };
  const word = match[1]!.toLowerCase();
  const rest = (match[2] ?? '').trim();
  const [first, ...others] = rest ? rest.split(/\s+/) : [];
  const n = num(first);
  const optional = <T extends object>(cmd: T): T & { n?: number } => (rest === '' ? cmd : n !== undefined && others.length === 0 ? { ...cmd, n } : cmd);
  switch (word) {
    case 'claim':
      return n !== undefined ? { kind: 'claim', n } : { kind: 'help' };
    case 'to': {
      const body = rest.slice((first ?? '').length).trim();
      return n !== undefined && body ? { kind: 'to', n, text: body } : { kind: 'help' };
    }
    case 'release':
    case 'close':
    case 'contact':
      if (rest !== '' && n === undefined) return { kind: 'help' };
      return optional({ kind: word });
    case 'faq': {
      if (!first) return { kind: 'help' };
      const last = num(others.at(-1));
      return { kind: 'faq', topic: first.toLowerCase(), ...(last !== undefined && others.length === 1 ? { n: last } : {}) };
    }
    case 'list':
      return { kind: 'list' };
    default:
      return { kind: 'help' };
  }
}
