// @ts-check
// The owner's teaching page: unanswered questions, teach them to a topic or a new one, try a
// message, edit a topic, see who changed what. Talks only to /api/knowledge with the owner's
// token (kept in sessionStorage like the console's, never in the URL). Buyer text only ever goes
// into the page as text (textContent), never as HTML.

const TOKEN_KEY = 'shopdesk.console.token';
const NEW_TOPIC = '__new__';

/** @typedef {{ id: string, questions: Record<string, string[]>, keywords: Record<string, string[]>, answer: Record<string, string>, followUps: Record<string, string>[], taught?: boolean }} Topic */
/** @typedef {{ version: number, languages: string[], defaultLanguage: string, topics: Topic[], intents: string[], replies: Record<string, Record<string, string>> }} Knowledge */
/** @typedef {{ id: string, text: string, lang: string, count: number, lastSeen: string, conversationId: string, reason: string }} Group */

const state = {
  /** @type {string | null} */ token: sessionStorage.getItem(TOKEN_KEY),
  /** @type {Knowledge | null} */ knowledge: null,
};

/** @param {string} id */
function $(id) {
  const found = document.getElementById(id);
  if (!found) throw new Error(`#${id} is missing`);
  return found;
}
/** @param {string} tag @param {Record<string, string>} [attrs] @param {(Node | string)[]} [children] */
function el(tag, attrs = {}, children = []) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const child of children) node.append(child);
  return node;
}

class ApiError extends Error {
  /** @param {number} status @param {string} message */
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** @param {string} method @param {string} path @param {unknown} [body] @param {string | null} [token] */
async function api(method, path, body, token = state.token) {
  const res = await fetch(`/api/knowledge${path}`, {
    method,
    headers: { authorization: `Bearer ${token ?? ''}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) {
    const data = await res.json().catch(() => ({}));
    throw new ApiError(res.status, typeof data.error === 'string' ? data.error : `request failed (${res.status})`);
  }
  return res.headers.get('content-type')?.includes('json') ? res.json() : res.text();
}

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
  const k = state.knowledge;
  if (!k) return [];
  return [...k.topics.map((t) => ({ value: t.id, label: `Topic: ${t.id}` })), ...k.intents.map((i) => ({ value: i, label: `Intent: ${i}` })), { value: NEW_TOPIC, label: 'New topic…' }];
}

/** @param {Group} group */
function unansweredItem(group) {
  const select = /** @type {HTMLSelectElement} */ (el('select', { 'aria-label': `Teach "${group.text}" as` }));
  // Nothing chosen at first: a question is never taught to a topic by accident.
  select.append(el('option', { value: '', disabled: '', selected: '' }, ['Teach as…']));
  for (const t of targets()) select.append(el('option', { value: t.value }, [t.label]));
  const newId = /** @type {HTMLInputElement} */ (el('input', { 'aria-label': 'New topic id', placeholder: 'new topic id, e.g. gift-wrap', hidden: '' }));
  const newAnswer = /** @type {HTMLInputElement} */ (el('input', { 'aria-label': `New topic answer (${group.lang})`, placeholder: `answer in ${group.lang}`, hidden: '' }));
  select.addEventListener('change', () => {
    newId.hidden = newAnswer.hidden = select.value !== NEW_TOPIC;
  });
  const teach = el('button', { type: 'button', class: 'primary' }, ['Teach']);
  teach.addEventListener('click', async () => {
    try {
      if (!select.value) throw new Error('Choose the topic or intent this question belongs to.');
      const lang = group.lang || state.knowledge?.defaultLanguage || 'en';
      const body =
        select.value === NEW_TOPIC
          ? { text: group.text, lang, unansweredId: group.id, newTopic: { id: newId.value.trim(), questions: {}, answer: { [lang]: newAnswer.value.trim() } } }
          : { text: group.text, lang, unansweredId: group.id, topic: select.value };
      const done = await api('POST', '/teach', body);
      notice(`Taught "${group.text}" to ${done.target}. Every instance answers it within a few seconds.`);
      await load();
    } catch (err) {
      fail(err);
    }
  });
  const link = el('a', { href: `../#/c/${encodeURIComponent(group.conversationId)}` }, ['open the conversation']);
  const meta = `${group.count}× · ${group.lang || '?'} · last ${new Date(group.lastSeen).toLocaleString()}${group.reason === 'human' ? ' · then asked for a person' : ''} · `;
  return el('li', { 'data-id': group.id }, [el('span', { class: 'question' }, [group.text]), el('span', { class: 'muted' }, [meta, link]), el('div', { class: 'row' }, [select, newId, newAnswer, teach])]);
}

/** @param {Topic} topic */
function topicFields(topic) {
  const box = $('edit-fields');
  box.replaceChildren();
  const langs = state.knowledge?.languages ?? Object.keys(topic.answer);
  for (const lang of langs) {
    const field = (/** @type {string} */ name, /** @type {string} */ label, /** @type {string} */ value) => {
      const id = `edit-${name}-${lang}`;
      return [el('label', { for: id }, [`${label} (${lang})`]), Object.assign(el('textarea', { id, 'data-lang': lang, 'data-field': name }), { value })];
    };
    box.append(
      el('fieldset', { class: 'lang-fields' }, [
        el('legend', {}, [lang]),
        ...field('questions', 'Questions, one a line', (topic.questions[lang] ?? []).join('\n')),
        ...field('keywords', 'Keywords, one a line', (topic.keywords[lang] ?? []).join('\n')),
        ...field('answer', 'Answer', topic.answer[lang] ?? ''),
      ]),
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
      return [el('label', { for: id }, [`${name} (${lang})`]), Object.assign(el('textarea', { id, 'data-name': name, 'data-lang': lang }), { value: texts[lang] ?? '' })];
    });
    box.append(el('fieldset', { class: 'lang-fields' }, [el('legend', {}, [name]), ...fields]));
  }
}

function editedReplies() {
  /** @type {Record<string, Record<string, string>>} */ const replies = {};
  for (const area of /** @type {NodeListOf<HTMLTextAreaElement>} */ ($('replies-fields').querySelectorAll('textarea'))) {
    const name = area.dataset.name ?? '';
    const lang = area.dataset.lang ?? '';
    const before = state.knowledge?.replies[name]?.[lang];
    // A text emptied is sent empty, to be refused with its field named rather than silently kept.
    if (area.value.trim() || before !== undefined) (replies[name] ??= {})[lang] = area.value.trim();
  }
  return replies;
}

function editedTopic() {
  const select = /** @type {HTMLSelectElement} */ ($('edit-topic'));
  const topic = state.knowledge?.topics.find((t) => t.id === select.value);
  if (!topic) throw new Error('pick a topic');
  /** @type {Record<string, string[]>} */ const questions = {};
  /** @type {Record<string, string[]>} */ const keywords = {};
  /** @type {Record<string, string>} */ const answer = {};
  for (const area of /** @type {NodeListOf<HTMLTextAreaElement>} */ ($('edit-fields').querySelectorAll('textarea'))) {
    const lang = area.dataset.lang ?? '';
    const lines = area.value.split('\n').map((l) => l.trim()).filter(Boolean);
    if (area.dataset.field === 'questions' && lines.length) questions[lang] = lines;
    if (area.dataset.field === 'keywords' && lines.length) keywords[lang] = lines;
    // An emptied answer is sent as empty: the server refuses it and names the field.
    if (area.dataset.field === 'answer' && (area.value.trim() || topic.answer[lang] !== undefined)) answer[lang] = area.value.trim();
  }
  return { id: topic.id, questions, keywords, answer, followUps: topic.followUps };
}

async function load() {
  const [knowledge, unanswered, audit] = await Promise.all([api('GET', ''), api('GET', '/unanswered'), api('GET', '/audit')]);
  state.knowledge = knowledge;
  $('version').textContent = `knowledge base version ${knowledge.version}`;
  const list = $('unanswered');
  list.replaceChildren(...unanswered.unanswered.map(unansweredItem));
  $('unanswered-empty').hidden = unanswered.unanswered.length > 0;
  const select = /** @type {HTMLSelectElement} */ ($('edit-topic'));
  const picked = select.value;
  select.replaceChildren(...knowledge.topics.map((/** @type {Topic} */ t) => el('option', { value: t.id }, [t.taught ? `${t.id} (edited in the console)` : t.id])));
  if (picked && knowledge.topics.some((/** @type {Topic} */ t) => t.id === picked)) select.value = picked;
  const topic = knowledge.topics.find((/** @type {Topic} */ t) => t.id === select.value);
  if (topic) topicFields(topic);
  replyFields(knowledge.replies, knowledge.languages);
  $('audit').replaceChildren(
    ...audit.audit.map((/** @type {{ at: string, by: string, action: string, target: string, detail?: string }} */ a) => el('li', {}, [`${new Date(a.at).toLocaleString()} · ${a.by} · ${a.action} ${a.target}${a.detail ? ` (${a.detail})` : ''}`])),
  );
}

/** @param {string} token */
async function signIn(token) {
  try {
    state.token = token;
    await load();
    sessionStorage.setItem(TOKEN_KEY, token);
    $('sign-in').hidden = true;
    $('app').hidden = false;
  } catch (err) {
    state.token = null;
    $('sign-in').hidden = false;
    $('app').hidden = true;
    const status = err instanceof ApiError ? err.status : 0;
    $('sign-in-error').textContent = status === 403 ? 'Only an owner can teach the bot. This token is an agent’s.' : status === 401 ? 'This token was not accepted.' : String(err);
  }
}

$('sign-in-form').addEventListener('submit', (event) => {
  event.preventDefault();
  void signIn(/** @type {HTMLInputElement} */ ($('token')).value.trim());
});

$('try-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    const text = /** @type {HTMLInputElement} */ ($('try-text')).value;
    const { now } = await api('POST', '/try', { text });
    $('try-result').textContent = `${now.intent} (score ${now.score}, ${now.lang})${now.reply ? `\n${now.reply}` : ''}`;
  } catch (err) {
    fail(err);
  }
});

$('edit-topic').addEventListener('change', () => {
  const id = /** @type {HTMLSelectElement} */ ($('edit-topic')).value;
  const topic = state.knowledge?.topics.find((t) => t.id === id);
  if (topic) topicFields(topic);
});

$('edit-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    const topic = editedTopic();
    await api('PUT', `/topics/${encodeURIComponent(topic.id)}`, topic);
    notice(`Saved ${topic.id}.`);
    await load();
  } catch (err) {
    fail(err);
  }
});

$('replies-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    await api('PUT', '/replies', editedReplies());
    notice('Saved the fixed replies.');
    await load();
  } catch (err) {
    fail(err);
  }
});

$('export').addEventListener('click', async () => {
  try {
    const yaml = await api('GET', '/export');
    const link = el('a', { href: URL.createObjectURL(new Blob([yaml], { type: 'application/yaml' })), download: 'shop.yaml' });
    link.click();
  } catch (err) {
    fail(err);
  }
});

if (state.token) void signIn(state.token);
else $('sign-in').hidden = false;
