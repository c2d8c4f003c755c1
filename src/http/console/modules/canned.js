// @ts-check
// Canned answers: the shop's FAQ answers, in the buyer's language when there is one, put into the
// reply box with a click (the agent still reads and sends it).
import { fitReply } from './actions.js';
import { $, el } from './dom.js';
import { languageName } from './format.js';
import { state } from './state.js';

/** The languages picker, from the languages the answers are written in. */
export function buildCannedLanguages() {
  const languages = [...new Set(state.faq.flatMap((topic) => Object.keys(topic.answer || {})))];
  state.faqLanguages = languages;
  $('canned-lang').replaceChildren(...languages.map((code) => el('option', { value: code, text: languageName(code) })));
  $('canned').hidden = state.faq.length === 0;
}

/** `shipping_time` -> `Shipping time`. @param {string} id */
function topicLabel(id) {
  const words = id.replace(/[-_]+/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function renderCanned() {
  const lang = $('canned-lang', HTMLSelectElement).value;
  const filter = $('canned-filter', HTMLInputElement).value.trim().toLowerCase();
  const items = state.faq
    .map((topic) => ({ topic, text: topic.answer[lang] || Object.values(topic.answer)[0] || '' }))
    .filter(({ topic, text }) => !filter || topic.id.toLowerCase().includes(filter) || text.toLowerCase().includes(filter))
    .map(({ topic, text }) => {
      const button = el('button', { type: 'button', className: 'canned-item' }, el('strong', { text: topicLabel(topic.id) }), el('span', { text }));
      button.addEventListener('click', () => useCanned(text));
      return el('li', {}, button);
    });
  $('canned-list').replaceChildren(...(items.length ? items : [el('li', { className: 'muted', text: 'No answer matches.' })]));
}

/** @param {string} text */
function useCanned(text) {
  const input = $('reply-text', HTMLTextAreaElement);
  input.value = input.value.trim() ? `${input.value.trimEnd()}\n${text}` : text;
  fitReply();
  $('canned', HTMLDetailsElement).open = false;
  input.focus();
  input.setSelectionRange(input.value.length, input.value.length);
}

export function wireCanned() {
  const canned = $('canned', HTMLDetailsElement);
  canned.addEventListener('toggle', () => {
    if (canned.open) {
      renderCanned();
      $('canned-filter').focus();
    }
  });
  canned.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    canned.open = false;
    canned.querySelector('summary')?.focus();
  });
  $('canned-filter').addEventListener('input', renderCanned);
  $('canned-lang').addEventListener('change', renderCanned);
}
