import { z } from 'zod';

/** One approved message template: its name on the platform and its language code there (e.g. `es`, `zh_CN`, `en_US`). */
export const WindowTemplateSchema = z.object({ name: z.string().min(1), language: z.string().min(2) }).strict();

/**
 * Per channel (`whatsapp`) and per conversation language (`es`, `zh`, `en`): the template an agent's
 * reply goes as once the buyer's last message is older than the channel's window. It must take one
 * body parameter, `{{1}}`, filled with the agent's text. Without one for the conversation's language
 * (nor for the shop's default language) such a reply is refused, with the reason, in the API answer.
 *
 * @example
 * windowTemplates:
 *   whatsapp:
 *     es: { name: respuesta_agente, language: es }
 *     zh: { name: agent_reply, language: zh_CN }
 */
export const WindowTemplatesSchema = z.record(z.string(), z.record(z.string().regex(/^[a-z]{2}$/), WindowTemplateSchema));
export type WindowTemplates = z.infer<typeof WindowTemplatesSchema>;
