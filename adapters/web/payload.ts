import { z } from 'zod';

/** A frame the chat page sends over the socket. `id` is the page's own message id (its retry key). */
export const ClientFrameSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('message'),
    id: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, '8-64 letters, digits, - or _'),
    text: z.string().trim().min(1, 'empty message').max(4000, 'at most 4000 characters'),
    language: z.string().max(35).optional(),
  }),
  z.object({
    type: z.literal('postback'),
    id: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, '8-64 letters, digits, - or _'),
    payload: z.string().min(1).max(256),
    text: z.string().max(256).default(''),
    language: z.string().max(35).optional(),
  }),
]);
export type ClientFrame = z.infer<typeof ClientFrameSchema>;

/** Body of `POST /webhooks/web/session`: an existing token to keep, or nothing for a new visitor. */
export const SessionRequestSchema = z.object({ token: z.string().max(200).optional() }).strict();
