import { describe, expect, it } from 'vitest';
import { LIST_BUTTON, MAX_TEXT, toSendBodies, toTemplateBody } from '../../../adapters/whatsapp/render.js';

const to = { to: '34612345678' };
const head = { messaging_product: 'whatsapp', recipient_type: 'individual', to: '34612345678' };

describe('whatsapp render', () => {
  it('text as a text message, without link previews', () => {
    expect(toSendBodies(to, [{ kind: 'text', text: 'Hola' }])).toEqual([{ ...head, type: 'text', text: { body: 'Hola', preview_url: false } }]);
  });

  it('splits text over 4096 characters; options ride on the last part', () => {
    const long = `${'Palabra '.repeat(700)}fin.`;
    const bodies = toSendBodies(to, [{ kind: 'text', text: long, quickReplies: [{ label: 'Sí', payload: 'yes' }] }]);
    expect(bodies.length).toBeGreaterThan(1);
    expect(bodies.slice(0, -1).every((b) => b.type === 'text' && b.text.body.length <= MAX_TEXT)).toBe(true);
    const last = bodies.at(-1)!;
    expect(last.type === 'interactive' && last.interactive.body.text.length <= 1024).toBe(true);
  });

  it('up to 3 options with titles of at most 20 characters: reply buttons', () => {
    const [body] = toSendBodies(to, [{ kind: 'text', text: '¿Te ayudo con algo más?', quickReplies: [{ label: 'Envíos', payload: 'faq:shipping' }, { label: 'Hablar con alguien', payload: 'human' }] }]);
    expect(body).toEqual({
      ...head,
      type: 'interactive',
      interactive: { type: 'button', body: { text: '¿Te ayudo con algo más?' }, action: { buttons: [{ type: 'reply', reply: { id: 'faq:shipping', title: 'Envíos' } }, { type: 'reply', reply: { id: 'human', title: 'Hablar con alguien' } }] } },
    });
  });

  it('more options, or a longer title: a list message (rows of 24, the whole label underneath)', () => {
    const options = ['Pago', 'Contra reembolso', 'Envíos', 'Devoluciones'].map((label, i) => ({ label, payload: `p${i}` }));
    const [list] = toSendBodies(to, [{ kind: 'text', text: 'Elige', quickReplies: options }]);
    expect(list).toMatchObject({ type: 'interactive', interactive: { type: 'list', action: { button: LIST_BUTTON, sections: [{ rows: options.map((o) => ({ id: o.payload, title: o.label })) }] } } });
    const [long] = toSendBodies(to, [{ kind: 'text', text: 'Elige', quickReplies: [{ label: 'Quiero hablar con una persona', payload: 'human' }] }]);
    expect(long).toMatchObject({ interactive: { type: 'list', action: { sections: [{ rows: [{ id: 'human', title: 'Quiero hablar con una p…', description: 'Quiero hablar con una persona' }] }] } } });
  });

  it('a contact request is a plain question', () => {
    expect(toSendBodies(to, [{ kind: 'contact_request', text: '¿Me dejas tu teléfono o e-mail?' }])).toEqual([{ ...head, type: 'text', text: { body: '¿Me dejas tu teléfono o e-mail?', preview_url: false } }]);
  });

  it('a template with its body parameters (no new lines, never empty)', () => {
    expect(toTemplateBody({ recipient: 'ES.1349' }, { name: 'respuesta_agente', language: 'es', parameters: ['Ya salió.\nLlega el lunes', ''] })).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      recipient: 'ES.1349',
      type: 'template',
      template: { name: 'respuesta_agente', language: { code: 'es' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ya salió. Llega el lunes' }, { type: 'text', text: '-' }] }] },
    });
  });
});
