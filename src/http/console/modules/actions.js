// @ts-check
// What an agent does with the conversation on screen: claim or take over, ask for the buyer's
// contact, hand back to the bot, close, and reply.
import { errorMessage, errorStatus, postAction, sendMessage } from './api.js';
import { appendLine, current, dropDraft, holdsOpen, loadDetail } from './conversation.js';
import { $, showError, toast } from './dom.js';
import { scheduleRefresh } from './lists.js';
import { setMe } from './session.js';
import { state } from './state.js';

/** @typedef {import('./api.js').ActionAnswers} ActionAnswers */

/**
 * Run one action with its button disabled; a refusal is shown above the lists (a refused token signs out instead).
 * @param {HTMLButtonElement} button
 * @param {() => Promise<void>} work
 */
async function act(button, work) {
  showError('');
  button.disabled = true;
  try {
    await work();
  } catch (err) {
    if (errorStatus(err) !== 401) showError(errorMessage(err));
  } finally {
    button.disabled = false;
  }
}

/**
 * The button with this action's name posts it; the lists and the conversation are reloaded either way.
 * @template {keyof ActionAnswers} A
 * @param {A} name
 * @param {(result: ActionAnswers[A]) => void} [done]
 */
function conversationAction(name, done) {
  return () => {
    const open = current();
    if (!open) return;
    return act($(name, HTMLButtonElement), async () => {
      try {
        const result = await postAction(open.id, name);
        done?.(result);
      } finally {
        scheduleRefresh();
        if (current() === open) await loadDetail();
      }
    });
  };
}

const claim = conversationAction('claim', (result) => {
  setMe(result.agent);
  toast('You hold this conversation now.');
  setTimeout(() => $('reply-text').focus(), 0);
});
const release = conversationAction('release', () => toast('Handed back to the bot. The buyer was told.'));
const close = conversationAction('close', () => toast('Conversation closed.'));
const askContact = conversationAction('ask-contact', () => toast('The bot will ask the buyer for a phone number or e-mail.'));

async function sendReply() {
  const open = current();
  const input = $('reply-text', HTMLTextAreaElement);
  const text = input.value.trim();
  if (!open || !text) return;
  // The box empties at once, as in any chat app; a refused reply (outside the window, not held) puts the text back.
  input.value = '';
  fitReply();
  await act($('send', HTMLButtonElement), async () => {
    let result;
    try {
      result = await sendMessage(open.id, text);
    } catch (err) {
      if (current() === open && !input.value) input.value = text;
      fitReply();
      throw err;
    }
    if (current() === open) {
      dropDraft(open.id);
      // The stream brings the same line (same id); show it now in case the stream is down.
      appendLine({ id: result.id, from: 'agent', text, at: new Date().toISOString(), ...(state.me ? { agent: state.me } : {}) });
    }
  });
  input.focus();
}

/** Which actions and whether the reply box show, from the conversation's state and who holds it. */
export function renderActions() {
  const detail = current()?.detail;
  const s = detail?.state;
  const mine = holdsOpen();
  const claimButton = $('claim');
  claimButton.hidden = !detail || s === 'agent';
  claimButton.textContent = s === 'queued' ? 'Claim' : 'Take over';
  $('ask-contact').hidden = !mine;
  $('release').hidden = !detail || !(s === 'queued' || (s === 'agent' && (mine || state.owner)));
  $('close').hidden = !detail || !(s === 'queued' || (s === 'agent' && (mine || state.owner)));
  $('reply-form').hidden = !mine;
  fitReply();
  $('reply-hint').textContent = !detail ? '' : mine ? '' : s === 'agent' ? `${detail.agent || 'Another agent'} holds this conversation.` : 'Claim the conversation to reply.';
}

/** Grow the reply box with what is in it (up to the limit the stylesheet sets). */
export function fitReply() {
  const input = $('reply-text', HTMLTextAreaElement);
  input.style.height = '';
  if (input.offsetParent === null || !input.value) return; // hidden or empty: the stylesheet's height
  input.style.height = `${input.scrollHeight + 2}px`;
}

export function wireActions() {
  $('notice-dismiss').addEventListener('click', () => showError(''));
  $('claim').addEventListener('click', () => void claim());
  $('release').addEventListener('click', () => void release());
  $('close').addEventListener('click', () => void close());
  $('ask-contact').addEventListener('click', () => void askContact());
  $('reply-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void sendReply();
  });
  const input = $('reply-text', HTMLTextAreaElement);
  input.addEventListener('keydown', (event) => {
    // Enter sends; Shift+Enter is a new line; never while an input method is composing (Chinese, Japanese…).
    if (event.key !== 'Enter' || event.shiftKey || event.altKey || event.ctrlKey || event.metaKey || event.isComposing || event.keyCode === 229) return;
    event.preventDefault();
    void sendReply();
  });
  input.addEventListener('input', fitReply);
}
