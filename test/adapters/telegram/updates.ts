import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const FIXTURES = fileURLToPath(new URL('../../fixtures/telegram/', import.meta.url));

/** A fixture's exact text, as Telegram would POST it. */
export function fixtureText(name: string): string {
  return readFileSync(`${FIXTURES}${name}.json`, 'utf8');
}

/** A fixture, parsed: one Bot API update. */
export function fixture(name: string): Update {
  return JSON.parse(fixtureText(name)) as Update;
}

/** An update, as far as the tests rewrite one. */
export type Update = { update_id: number } & Record<string, unknown>;

interface FixtureMessage {
  message_id: number;
  from: { id: number; language_code?: string };
  chat: { id: number };
  text?: string;
}

/**
 * A buyer's text message, built on the documented text fixture with the given chat (the same as
 * the buyer's user id in a private chat) and update id, so test cases never dedupe each other.
 */
export function textUpdate(chatId: number, updateId: number, text: string, languageCode = 'en'): Update {
  const update = fixture('message.text');
  const message = update.message as FixtureMessage;
  update.update_id = updateId;
  message.message_id = updateId % 100_000;
  message.from.id = chatId;
  message.from.language_code = languageCode;
  message.chat.id = chatId;
  message.text = text;
  return update;
}

/** A fixture moved to another chat and update id (private chat: user id = chat id). */
export function retarget(name: string, chatId: number, updateId: number): Update {
  const update = fixture(name);
  update.update_id = updateId;
  const body = Object.values(update).find((v): v is Record<string, unknown> => typeof v === 'object' && v !== null) as Record<string, { id: number } | undefined> & {
    message?: { chat: { id: number } };
  };
  if (body.chat) body.chat.id = chatId;
  if (body.from) body.from.id = chatId;
  if (body.message?.chat) body.message.chat.id = chatId;
  return update;
}
