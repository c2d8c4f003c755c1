// @ts-check
// The owner's insights page: how much the bot handled alone, how long buyers waited, what they
// asked. Talks only to /api/insights with the owner's token (sessionStorage, like the console's,
// never the URL). Charts are drawn by uPlot, served by the gateway itself (no CDN, strict CSP);
// every number charted is also in the table. Buyer text only ever goes in as textContent.

const TOKEN_KEY = 'shopdesk.console.token';
/** @type {any} */
const uPlot = /** @type {any} */ (globalThis).uPlot;

const state = {
  /** @type {string | null} */ token: sessionStorage.getItem(TOKEN_KEY),
  range: '7d',
  /** @type {string | null} shop-local today, learned from the first answer */ today: null,
  /** @type {any[]} */ charts: [],
};

/** @param {string} id */
function $(id) {
  const found = document.getElementById(id);
  if (!found) throw new Error(`#${id} is missing`);
  return found;
}
/** @param {string} tag @param {(Node | string)[]} [children] */
function el(tag, children = []) {
  const node = document.createElement(tag);
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

/** @param {string} query @param {string | null} [token] */
async function api(query, token = state.token) {
  const res = await fetch(`/api/insights${query}`, { headers: { authorization: `Bearer ${token ?? ''}` } });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, typeof data.error === 'string' ? data.error : `request failed (${res.status})`);
  return data;
}

/** @param {string} day @param {number} n */
const dayMinus = (day, n) => new Date(Date.parse(`${day}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);

/** @param {number | null} share */
const pct = (share) => (share === null ? '–' : `${Math.round(share * 100)}%`);
/** @param {number | null} seconds */
function wait(seconds) {
  if (seconds === null || seconds === undefined) return '–';
  if (seconds < 60) return `≤ ${seconds} s`;
  if (seconds < 3600) return `≤ ${Math.round(seconds / 60)} min`;
  return `≤ ${Math.round(seconds / 3600)} h`;
}
/** @param {{count: number, medianSeconds: number | null, p90Seconds: number | null}} w */
const waits = (w) => (w.count ? `${wait(w.medianSeconds)} / ${wait(w.p90Seconds)}` : '–');

/** A bucket's label: the day, or the hour for "today". @param {string} bucket */
const label = (bucket) => (bucket.includes('T') ? `${bucket.slice(11)}:00` : bucket.slice(5));
/** Bucket start as seconds for uPlot's time axis (shown as written, in the shop's zone). @param {string} bucket */
const xOf = (bucket) => Date.parse(bucket.includes('T') ? `${bucket}:00:00Z` : `${bucket}T00:00:00Z`) / 1000;

/** @param {HTMLElement} box @param {any} opts @param {any[]} data */
function chart(box, opts, data) {
  box.textContent = '';
  const width = Math.max(260, box.clientWidth);
  const plot = new uPlot({ width, height: 220, tzDate: (/** @type {number} */ ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'), ...opts }, data, box);
  state.charts.push({ plot, box });
}

/** @param {any} report */
function drawCharts(report) {
  for (const { plot } of state.charts.splice(0)) plot.destroy();
  const xs = report.series.map((/** @type {any} */ s) => xOf(s.bucket));
  const col = (/** @type {(s: any) => number | null} */ f) => report.series.map(f);
  const bars = uPlot.paths.bars({ size: [0.6, 40] });
  chart($('chart-volume'), {
    series: [{}, { label: 'Conversations', stroke: '#2563eb', fill: 'rgba(37,99,235,0.25)', paths: bars }, { label: 'To a person', stroke: '#dc2626', width: 2 }],
  }, [xs, col((s) => s.conversations), col((s) => s.handedOff)]);
  chart($('chart-containment'), {
    scales: { y: { range: [0, 100] } },
    series: [{}, { label: 'Bot alone %', stroke: '#16a34a', width: 2, points: { show: true } }],
  }, [xs, col((s) => (s.containment === null ? null : Math.round(s.containment * 100)))]);
  const minutes = (/** @type {number | null} */ v) => (v === null ? null : Math.round((v / 60) * 10) / 10);
  chart($('chart-waits'), {
    series: [{}, { label: 'Bot reply', stroke: '#16a34a', width: 2 }, { label: 'Agent reply', stroke: '#9333ea', width: 2 }, { label: 'Wait for a person', stroke: '#dc2626', width: 2 }],
  }, [xs, col((s) => minutes(s.botFirstReply.medianSeconds)), col((s) => minutes(s.agentFirstReply.medianSeconds)), col((s) => minutes(s.waitForPerson.medianSeconds))]);
  const reasons = report.totals.handoffs;
  const names = ['Asked', 'Complaint', "Bot couldn't help"];
  chart($('chart-reasons'), {
    scales: { x: { time: false, range: [-0.5, 2.5] } },
    axes: [{ values: (/** @type {any} */ _u, /** @type {number[]} */ ticks) => ticks.map((t) => names[t] ?? ''), incrs: [1] }, {}],
    series: [{ label: 'Reason', value: (/** @type {any} */ _u, /** @type {number} */ v) => names[v] ?? '' }, { label: 'Handoffs', stroke: '#dc2626', fill: 'rgba(220,38,38,0.3)', paths: bars }],
  }, [[0, 1, 2], [reasons.asked, reasons.complaint, reasons.unhelped]]);
}

/** @param {string} when @param {any} s */
function row(when, s) {
  const cells = [when, s.conversations, s.messages, pct(s.containment), s.handedOff, s.handoffs.asked, s.handoffs.complaint, s.handoffs.unhelped, waits(s.botFirstReply), waits(s.agentFirstReply), waits(s.waitForPerson), s.awayReplies, s.busyReplies, s.contactsGathered];
  const tr = el('tr');
  cells.forEach((c, i) => tr.append(el(i === 0 ? 'th' : 'td', [String(c)])));
  tr.firstElementChild?.setAttribute('scope', 'row');
  return tr;
}

/** @param {HTMLElement} list @param {[string, number][]} entries */
function counts(list, entries) {
  list.textContent = '';
  if (entries.length === 0) list.append(el('li', ['nothing yet']));
  for (const [name, n] of entries) list.append(el('li', [`${name}: ${n}`]));
}

/** @param {any} report */
function render(report) {
  const t = report.totals;
  $('range-label').textContent = report.from === report.to ? `${report.from} (per hour, ${report.timezone})` : `${report.from} to ${report.to} (${report.timezone})`;
  $('tile-containment').textContent = pct(t.containment);
  $('tile-conversations').textContent = String(t.conversations);
  $('tile-handed').textContent = String(t.handedOff);
  $('tile-wait').textContent = wait(t.waitForPerson.medianSeconds);
  $('tile-bot').textContent = wait(t.botFirstReply.medianSeconds);
  $('tile-agent').textContent = wait(t.agentFirstReply.medianSeconds);
  const body = /** @type {HTMLTableElement} */ ($('numbers')).tBodies[0];
  body?.replaceChildren(...report.series.map((/** @type {any} */ s) => row(label(s.bucket), s)));
  /** @type {HTMLTableElement} */ ($('numbers')).tFoot?.replaceChildren(row('Total', t));
  counts($('by-channel'), Object.entries(t.conversationsByChannel));
  counts($('by-language'), Object.entries(t.conversationsByLanguage));
  counts($('top-faq'), report.topFaq.map((/** @type {any} */ f) => [f.topic, f.count]));
  counts($('top-unanswered'), report.topUnanswered.map((/** @type {any} */ f) => [f.text, f.count]));
  drawCharts(report);
}

async function load() {
  $('error').textContent = '';
  try {
    if (!state.today) state.today = (await api('')).to;
    const today = /** @type {string} */ (state.today);
    const query = state.range === 'today' ? `?from=${today}&to=${today}&granularity=hour` : `?from=${dayMinus(today, state.range === '30d' ? 29 : 6)}&to=${today}&granularity=day`;
    render(await api(query));
    document.body.dataset.loaded = state.range;
  } catch (err) {
    $('error').textContent = err instanceof Error ? err.message : String(err);
  }
}

/** @param {string} token */
async function signIn(token) {
  try {
    const first = await api('', token);
    state.token = token;
    state.today = first.to;
    sessionStorage.setItem(TOKEN_KEY, token);
    $('sign-in').hidden = true;
    $('app').hidden = false;
    await load();
  } catch (err) {
    $('sign-in').hidden = false;
    const status = err instanceof ApiError ? err.status : 0;
    $('sign-in-error').textContent = status === 403 ? 'Only an owner can see the insights. This token is an agent’s.' : status === 401 ? 'This token was not accepted.' : String(err);
  }
}

$('sign-in-form').addEventListener('submit', (event) => {
  event.preventDefault();
  void signIn(/** @type {HTMLInputElement} */ ($('token')).value.trim());
});
for (const button of document.querySelectorAll('[data-range]')) {
  button.addEventListener('click', () => {
    state.range = /** @type {HTMLElement} */ (button).dataset.range ?? '7d';
    for (const b of document.querySelectorAll('[data-range]')) b.setAttribute('aria-pressed', String(b === button));
    void load();
  });
}
let resizing = 0;
addEventListener('resize', () => {
  clearTimeout(resizing);
  resizing = window.setTimeout(() => {
    for (const { plot, box } of state.charts) plot.setSize({ width: Math.max(260, box.clientWidth), height: 220 });
  }, 150);
});

if (state.token) void signIn(state.token);
else $('sign-in').hidden = false;

export {}; // an ES module (loaded with type="module"): its names stay its own
