// @ts-check
// The owner's insights page: how much the bot handled alone, how long buyers waited, what they
// asked. Talks only to /api/insights, signed in as on the console (../modules/signin.js and api.js:
// the token in sessionStorage, never the URL). Charts are drawn by uPlot, served by the gateway
// itself (no CDN, strict CSP); every number charted is also in the table. Buyer text only ever goes
// in as textContent.
import { errorStatus, getInsights } from '../modules/api.js';
import { $, el } from '../modules/dom.js';
import { resumeSession, wireSignIn } from '../modules/signin.js';

/** @typedef {import('../../api-types.js').InsightsReport} InsightsReport */
/** @typedef {import('../../api-types.js').InsightsSummary} InsightsSummary */
/** @typedef {import('../../api-types.js').WaitSummary} WaitSummary */

/** @type {any} */
const uPlot = /** @type {any} */ (globalThis).uPlot;

const view = {
  range: '7d',
  /** @type {string | null} shop-local today, learned from the first answer */ today: null,
  /** @type {{ plot: any, box: HTMLElement }[]} */ charts: [],
};

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
/** @param {WaitSummary} w */
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
  view.charts.push({ plot, box });
}

/** @param {InsightsReport} report */
function drawCharts(report) {
  for (const { plot } of view.charts.splice(0)) plot.destroy();
  const xs = report.series.map((s) => xOf(s.bucket));
  const col = (/** @type {(s: InsightsReport['series'][number]) => number | null} */ f) => report.series.map(f);
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

/** @param {string} when @param {InsightsSummary} s */
function row(when, s) {
  const cells = [s.conversations, s.messages, pct(s.containment), s.handedOff, s.handoffs.asked, s.handoffs.complaint, s.handoffs.unhelped, waits(s.botFirstReply), waits(s.agentFirstReply), waits(s.waitForPerson), s.awayReplies, s.busyReplies, s.contactsGathered];
  return el('tr', {}, el('th', { scope: 'row', text: when }), ...cells.map((c) => el('td', { text: String(c) })));
}

/** @param {HTMLElement} list @param {[string, number][]} entries */
function counts(list, entries) {
  list.textContent = '';
  if (entries.length === 0) list.append(el('li', { text: 'nothing yet' }));
  for (const [name, n] of entries) list.append(el('li', { text: `${name}: ${n}` }));
}

/** @param {InsightsReport} report */
function render(report) {
  const t = report.totals;
  $('range-label').textContent = report.from === report.to ? `${report.from} (per hour, ${report.timezone})` : `${report.from} to ${report.to} (${report.timezone})`;
  $('tile-containment').textContent = pct(t.containment);
  $('tile-conversations').textContent = String(t.conversations);
  $('tile-handed').textContent = String(t.handedOff);
  $('tile-wait').textContent = wait(t.waitForPerson.medianSeconds);
  $('tile-bot').textContent = wait(t.botFirstReply.medianSeconds);
  $('tile-agent').textContent = wait(t.agentFirstReply.medianSeconds);
  const table = $('numbers', HTMLTableElement);
  table.tBodies[0]?.replaceChildren(...report.series.map((s) => row(label(s.bucket), s)));
  table.tFoot?.replaceChildren(row('Total', t));
  counts($('by-channel'), Object.entries(t.conversationsByChannel));
  counts($('by-language'), Object.entries(t.conversationsByLanguage));
  counts($('top-faq'), report.topFaq.map((f) => [f.topic, f.count]));
  counts($('top-unanswered'), report.topUnanswered.map((f) => [f.text, f.count]));
  drawCharts(report);
}

async function load() {
  $('error').textContent = '';
  try {
    if (!view.today) view.today = (await getInsights()).to;
    const today = view.today;
    const range = view.range === 'today' ? { from: today, to: today, granularity: /** @type {const} */ ('hour') } : { from: dayMinus(today, view.range === '30d' ? 29 : 6), to: today, granularity: /** @type {const} */ ('day') };
    render(await getInsights(range));
    document.body.dataset.loaded = view.range;
  } catch (err) {
    $('error').textContent = err instanceof Error ? err.message : String(err);
  }
}

wireSignIn({
  // The default report (the last 7 days) tells whether this token is an owner's, and the shop's today.
  load: async (token) => {
    view.today = (await getInsights({}, token)).to;
  },
  start: () => void load(),
  stop: () => {
    for (const { plot } of view.charts.splice(0)) plot.destroy();
    view.today = null;
  },
  emptyMessage: 'Enter your owner token.',
  refusal: (err) => (errorStatus(err) === 403 ? 'Only an owner can see the insights. This token is an agent’s.' : undefined),
});
for (const button of document.querySelectorAll('[data-range]')) {
  button.addEventListener('click', () => {
    view.range = /** @type {HTMLElement} */ (button).dataset.range ?? '7d';
    for (const b of document.querySelectorAll('[data-range]')) b.setAttribute('aria-pressed', String(b === button));
    void load();
  });
}
let resizing = 0;
addEventListener('resize', () => {
  clearTimeout(resizing);
  resizing = window.setTimeout(() => {
    for (const { plot, box } of view.charts) plot.setSize({ width: Math.max(260, box.clientWidth), height: 220 });
  }, 150);
});

resumeSession();
