import type { IncomingMessage } from 'node:http';
import express, { type RequestHandler } from 'express';
import { BODY_LIMIT_BYTES } from './fast-route.js';

/** The exact bytes of a request body, kept for signature checks (Slack, Messenger, Twilio). */
export function rawBodyOf(req: IncomingMessage): Buffer | undefined {
  return (req as IncomingMessage & { rawBody?: Buffer }).rawBody;
}

const keepRaw = (req: IncomingMessage, _res: unknown, buf: Buffer) => {
  (req as IncomingMessage & { rawBody?: Buffer }).rawBody = buf;
};

/**
 * JSON and form body parsers that also keep the raw bytes on `req.rawBody`. Botkit's Slack
 * adapter silently skips its signature check when `rawBody` is missing: keep this first.
 */
export function bodyParsers(): RequestHandler[] {
  return [
    express.json({ limit: BODY_LIMIT_BYTES, verify: keepRaw }),
    express.urlencoded({ extended: false, limit: BODY_LIMIT_BYTES, verify: keepRaw }),
  ];
}
