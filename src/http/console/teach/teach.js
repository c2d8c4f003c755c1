// @ts-check
// The owner's teaching page: unanswered questions, teach them to a topic or a new one, try a
// message, edit a topic, see who changed what. Talks only to /api/knowledge, signed in as on the
// console (../modules/signin.js and api.js: the token in sessionStorage, never in the URL). Buyer
// text only ever goes into the page as text (textContent), never as HTML.

import { errorStatus, getKnowledge, getKnowledgeAudit, getKnowledgeExport, getUnanswered, putReplies, putTopic, teach, tryMessage } from '../modules/api.js';
import { $, el } from '../modules/dom.js';
import { enc } from '../modules/format.js';
import { resumeSession, wireSignIn } from '../modules/signin.js';

/** @typedef {import('../../api-types.js').KnowledgeAnswer} Knowledge */
/** @typedef {Knowledge['topics'][number]} Topic */
/** @typedef {import('../../api-types.js').UnansweredGroup} Group */
/** @typedef {import('../../api-types.js').TeachBody} TeachBody */

const NEW_TOPIC = '__new__';

const view = {
  /** @type {Knowledge | null} */ knowledge: null,
};

/** @param {string} text */
function notice(text) {
  $('notice').textContent = text;
  $('error').textContent = '';
}
/** @param {unknown} err */
function fail(err) {
  $('notice').textContent = '';
  $('error').textContent = err instanceof Error ? err.message : String(err);
}

function targets() {
  const k = view.knowledge;
  if (!k) return [];
  return [...k.topics.map((t) => ({ value: t.id, label: `Topic: ${t.id}` })), ...k.intents.map((i) => ({ value: i, label: `Intent: ${i}` })), { value: NEW_TOPIC, label: 'New topic…' }];
}

/** @param {Group} group */
function unansweredItem(group) {
  const select = el('select', { 'aria-label': `Teach "${group.text}" as` });
  // Nothing chosen at first: a question is never taught to a topic by accident.
  select.append(el('option', { value: '', disabled: true, selected: true, text: 'Teach as…' }));
  for (const t of targets()) select.append(el('option', { value: t.value, text: t.label }));
  const newId = el('input', { 'aria-label': 'New topic id', placeholder: 'new topic id, e.g. gift-wrap', hidden: true });
  const newAnswer = el('input', { 'aria-label': `New topic answer (${group.lang})`, placeholder: `answer in ${group.lang}`, hidden: true });
  select.addEventListener('change', () => {
    newId.hidden = newAnswer.hidden = select.value !== NEW_TOPIC;
  });
  const teachButton = el('button', { type: 'button', className: 'primary', text: 'Teach' });
  teachButton.addEventListener('click', async () => {
    try {
      if (!select.value) throw new Error('Choose the topic or intent this question belongs to.');
      const lang = group.lang || view.knowledge?.defaultLanguage || 'en';
      /** @type {TeachBody} */
      const body =
        select.value === NEW_TOPIC
          ? { text: group.text, lang, unansweredId: group.id, newTopic: { id: newId.value.trim(), questions: {}, answer: { [lang]: newAnswer.value.trim() } } }
          : { text: group.text, lang, unansweredId: group.id, topic: select.value };
      const done = await teach(body);
      notice(`Taught "${group.text}" to ${done.target}. Every instance answers it within a few seconds.`);
      await load();
    } catch (err) {
      fail(err);
    }
  });
  const link = el('a', { href: `../#/c/${enc(group.conversationId)}`, text: 'open the conversation' });
  const meta = `${group.count}× · ${group.lang || '?'} · last ${new Date(group.lastSeen).toLocaleString()}${group.reason === 'human' ? ' · then asked for a person' : ''} · `;
  return el('li', { dataset: { id: group.id } }, el('span', { className: 'question', text: group.text }), el('span', { className: 'muted' }, meta, link), el('div', { className: 'row' }, select, newId, newAnswer, teachButton));
}

/** @param {Topic} topic */
function topicFields(topic) {
  const box = $('edit-fields');
  box.replaceChildren();
  const langs = view.knowledge?.languages ?? Object.keys(topic.answer);
  for (const lang of langs) {
    const field = (/** @type {string} */ name, /** @type {string} */ label, /** @type {string} */ value) => {
      const id = `edit-${name}-${lang}`;
      return [el('label', { htmlFor: id, text: `${label} (${lang})` }), el('textarea', { id, dataset: { lang, field: name }, value })];
    };
    box.append(
      el(
        'fieldset',
        { className: 'lang-fields' },
        el('legend', { text: lang }),
        ...field('questions', 'Questions, one a line', (topic.questions[lang] ?? []).join('\n')),
        ...field('keywords', 'Keywords, one a line', (topic.keywords[lang] ?? []).join('\n')),
        ...field('answer', 'Answer', topic.answer[lang] ?? ''),
      ),
    );
  }
}

/** @param {Record<string, Record<string, string>>} replies @param {string[]} langs */
function replyFields(replies, langs) {
  const box = $('replies-fields');
  box.replaceChildren();
  for (const [name, texts] of Object.entries(replies)) {
    const fields = langs.flatMap((lang) => {
      const id = `reply-${name}-${lang}`;
      return [el('label', { htmlFor: id, text: `${name} (${lang})` }), el('textarea', { id, dataset: { name, lang }, value: texts[lang] ?? '' })];
    });
    box.append(el('fieldset', { className: 'lang-fields' }, el('legend', { text: name }), ...fields));
  }
}

function editedReplies() {
  /** @type {Record<string, Record<string, string>>} */ const replies = {};
  for (const area of $('replies-fields').querySelectorAll('textarea')) {
    const name = area.dataset.name ?? '';
    const lang = area.dataset.lang ?? '';
    const before = view.knowledge?.replies[name]?.[lang];
    // A text emptied is sent empty, to be refused with its field named rather than silently kept.
    if (area.value.trim() || before !== undefined) (replies[name] ??= {})[lang] = area.value.trim();
  }
  return replies;
}

function editedTopic() {
  const select = $('edit-topic', HTMLSelectElement);
  const topic = view.knowledge?.topics.find((t) => t.id === select.value);
  if (!topic) throw new Error('pick a topic');
  /** @type {Record<string, string[]>} */ const questions = {};
  /** @type {Record<string, string[]>} */ const keywords = {};
  /** @type {Record<string, string>} */ const answer = {};
  for (const area of $('edit-fields').querySelectorAll('textarea')) {
    const lang = area.dataset.lang ?? '';
    const lines = area.value.split('\n').map((l) => l.trim()).filter(Boolean);
    if (area.dataset.field === 'questions' && lines.length) questions[lang] = lines;
    if (area.dataset.field === 'keywords' && lines.length) keywords[lang] = lines;
    // An emptied answer is sent as empty: the server refuses it and names the field.
    if (area.dataset.field === 'answer' && (area.value.trim() || topic.answer[lang] !== undefined)) answer[lang] = area.value.trim();
  }
  return { id: topic.id, questions, keywords, answer, followUps: topic.followUps };
}

/**
 * Everything the page shows, loaded again after each change.
 * @param {string} [token] the token being tried, when signing in
 */
async function load(token) {
  const [knowledge, unanswered, audit] = await Promise.all([getKnowledge(token), getUnanswered(token), getKnowledgeAudit(token)]);
  view.knowledge = knowledge;
  $('version').textContent = `knowledge base version ${knowledge.version}`;
  $('unanswered').replaceChildren(...unanswered.unanswered.map(unansweredItem));
  $('unanswered-empty').hidden = unanswered.unanswered.length > 0;
  const select = $('edit-topic', HTMLSelectElement);
  const picked = select.value;
  select.replaceChildren(...knowledge.topics.map((t) => el('option', { value: t.id, text: t.taught ? `${t.id} (edited in the console)` : t.id })));
  if (picked && knowledge.topics.some((t) => t.id === picked)) select.value = picked;
  const topic = knowledge.topics.find((t) => t.id === select.value);
  if (topic) topicFields(topic);
  replyFields(knowledge.replies, knowledge.languages);
  $('audit').replaceChildren(...audit.audit.map((a) => el('li', { text: `${new Date(a.at).toLocaleString()} · ${a.by} · ${a.action} ${a.target}${a.detail ? ` (${a.detail})` : ''}` })));
}

wireSignIn({
  load,
  stop: () => {
    view.knowledge = null;
  },
  emptyMessage: 'Enter your owner token.',
  refusal: (err) => (errorStatus(err) === 403 ? 'Only an owner can teach the bot. This token is an agent’s.' : undefined),
});

$('try-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    const { now } = await tryMessage($('try-text', HTMLInputElement).value);
    $('try-result').textContent = `${now.intent} (score ${now.score}, ${now.lang})${now.reply ? `\n${now.reply}` : ''}`;
  } catch (err) {
    fail(err);
  }
});

$('edit-topic').addEventListener('change', () => {
  const id = $('edit-topic', HTMLSelectElement).value;
  const topic = view.knowledge?.topics.find((t) => t.id === id);
  if (topic) topicFields(topic);
});

$('edit-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    const topic = editedTopic();
    await putTopic(topic);
    notice(`Saved ${topic.id}.`);
    await load();
  } catch (err) {
    fail(err);
  }
});

$('replies-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    await putReplies(editedReplies());
    notice('Saved the fixed replies.');
    await load();
  } catch (err) {
    fail(err);
  }
});

$('export').addEventListener('click', async () => {
  try {
    const yaml = await getKnowledgeExport();
    const link = el('a', { href: URL.createObjectURL(new Blob([yaml], { type: 'application/yaml' })), download: 'shop.yaml' });
    link.click();
  } catch (err) {
    fail(err);
  }
});

resumeSession();
