// @ts-check
// Small DOM helpers. Text only: whatever a buyer wrote, and every contact field, reaches the page
// through textContent or text nodes, never as HTML (the page's CSP is the second line of defence).

/**
 * The element with this id. A missing one, or one of another kind, is a bug in index.html: it throws
 * here rather than as "cannot read properties of null" somewhere later.
 * @template {HTMLElement} [T=HTMLElement]
 * @param {string} id
 * @param {{ new (): T; prototype: T }} [kind] checked at run time, so the type cannot lie
 * @returns {T}
 */
export function $(id, kind) {
  const node = document.getElementById(id);
  if (!node) throw new Error(`#${id} is missing from the page`);
  if (kind && !(node instanceof kind)) throw new Error(`#${id} is not a ${kind.name}`);
  return /** @type {T} */ (node);
}

/**
 * What el() sets on a new element: `text` goes through textContent, `dataset` into data-*,
 * properties the element has are set as properties, anything else as an attribute.
 * @typedef {{ text?: string, dataset?: Record<string, string>, className?: string, href?: string, target?: string, rel?: string, title?: string, type?: string, value?: string, dateTime?: string,
 *   id?: string, htmlFor?: string, placeholder?: string, hidden?: boolean, disabled?: boolean, selected?: boolean, download?: string, scope?: string, 'aria-label'?: string }} ElProps
 */

/**
 * An element with properties and children (strings become text nodes; null, undefined and false are left out).
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {ElProps} [props]
 * @param {...(Node | string | null | undefined | false)} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null) continue;
    if (key === 'text') node.textContent = String(value);
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key in node) Reflect.set(node, key, value);
    else node.setAttribute(key, String(value));
  }
  node.append(...children.filter(/** @returns {c is Node | string} */ (c) => c !== undefined && c !== null && c !== false));
  return node;
}

/** Show an error above the lists, or hide it with ''. @param {string} message */
export function showError(message) {
  $('notice-text').textContent = message;
  $('notice').hidden = !message;
}

/** @type {ReturnType<typeof setTimeout> | undefined} */
let toastTimer;

/** A short confirmation that fades after five seconds. @param {string} message */
export function toast(message) {
  $('toast').textContent = message;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => ($('toast').textContent = ''), 5000);
}

/**
 * The live-stream indicator in the top bar.
 * @param {'connecting' | 'live' | 'offline'} status
 * @param {string} text
 */
export function setLive(status, text) {
  $('live').dataset.state = status;
  $('live').textContent = text;
}
