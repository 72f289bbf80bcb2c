// Every terminal's health for the district: counts by state, then one row each; refreshed every 30 s.

import { h, fill } from './dom.js';
import { t } from './i18n.js';
import { api } from './api.js';
import { relative, formatDateTime, formatClock, parseUtc } from './time.js';
import { pageError } from './notices.js';

const STATES = ['online', 'stale', 'offline', 'revoked'];
const DAY_MS = 24 * 60 * 60 * 1000;

// A kiosk refused for filing too many complaints in the last 24 hours (docs/complaints.md).
function throttled(term, now) {
  const at = parseUtc(term.throttled_at);
  if (!at || now.getTime() - at.getTime() > DAY_MS) return null;
  const n = Number(term.throttled_count) || 1;
  return h('span', { class: 'throttled chip', title: formatDateTime(term.throttled_at) }, t('complaints.throttled_chip', { n }));
}
const REFRESH_MS = 30000;

export function renderTerminals(main, ctx) {
  const summary = h('div', { class: 'summary', 'aria-live': 'polite' });
  const stamp = h('p', { class: 'hint refreshed' });
  const refresh = h('button', { type: 'button', class: 'button' }, t('terminals.refresh'));
  const body = h('div', null, h('p', { class: 'loading' }, t('app.loading')));
  main.appendChild(h('section', { class: 'page wide' },
    h('div', { class: 'page-head' }, h('h1', { tabindex: '-1' }, t('terminals.heading')), refresh),
    summary, stamp, body));

  let timer = null;
  let loading = false;
  async function load() {
    if (loading) return;
    loading = true;
    try {
      const reply = await api.terminals();
      if (!ctx.live()) return;
      draw(reply);
    } catch (err) {
      if (err.handled || !ctx.live()) return;
      fill(summary);
      fill(stamp);
      fill(body, pageError(err));
      if (err.status === 403) stop();
    } finally {
      loading = false;
    }
  }
  function stop() {
    clearInterval(timer);
    timer = null;
  }

  function draw(reply) {
    const terminals = Array.isArray(reply.terminals) ? reply.terminals : [];
    const head = Number(reply.head) || 0;
    const counts = Object.fromEntries(STATES.map((s) => [s, 0]));
    for (const term of terminals) if (term.state in counts) counts[term.state]++;
    fill(summary,
      h('span', { class: 'summary-total' }, t('terminals.summary_total', { n: terminals.length })),
      STATES.map((s) => h('span', { class: `chip state-${s}`, dataset: { state: s } }, `${t(`terminals.state.${s}`)} ${counts[s]}`)),
      h('span', { class: 'summary-head' }, t('terminals.head', { seq: head })));
    fill(stamp, t('terminals.refreshed', { time: formatClock(new Date()) }));
    if (terminals.length === 0) {
      fill(body, h('p', { class: 'empty' }, t('terminals.empty')));
      return;
    }
    const now = new Date();
    const cell = (cls, label, ...content) => h('td', { class: cls, 'data-label': t(label) }, h('div', { class: 'cell' }, content));
    const rows = terminals.map((term) => {
      const seen = term.last_seen_at
        ? h('time', { datetime: term.last_seen_at, title: formatDateTime(term.last_seen_at) }, relative(term.last_seen_at, now))
        : t('terminals.never');
      let data = '—';
      if (term.data_seq !== null && term.data_seq !== undefined) {
        const lag = Math.max(0, head - Number(term.data_seq));
        data = [t('terminals.seq', { seq: term.data_seq }), h('br'),
          h('span', { class: lag > 0 ? 'lag behind' : 'lag' }, lag > 0 ? t('terminals.lag', { n: lag }) : t('terminals.up_to_date'))];
      }
      const kind = term.kind === 'kiosk' || term.kind === 'display' ? t(`terminals.kind.${term.kind}`) : (term.kind || '');
      const state = STATES.includes(term.state) ? term.state : 'offline';
      return h('tr', { dataset: { terminalId: String(term.id) }, class: `row-${state}` },
        cell('name', 'terminals.col_name', term.name || `#${term.id}`),
        cell('kind', 'terminals.col_kind', kind),
        cell('scope', 'terminals.col_scope', term.scope_name || ctx.regionName(term.scope || '')),
        cell('state-cell', 'terminals.col_state', h('span', { class: `state chip state-${state}` }, t(`terminals.state.${state}`)),
          throttled(term, now)),
        cell('seen', 'terminals.col_seen', seen),
        cell('data', 'terminals.col_data', data),
        cell('version', 'terminals.col_version', term.version || '—'),
        cell(term.last_error ? 'last-error has-error' : 'last-error', 'terminals.col_error', term.last_error || t('terminals.no_error')));
    });
    fill(body, h('div', { class: 'table-scroll' }, h('table', { id: 'terminal-list', class: 'data-table terminal-table' },
      h('caption', { class: 'visually-hidden' }, t('terminals.caption')),
      h('thead', null, h('tr', null,
        ['col_name', 'col_kind', 'col_scope', 'col_state', 'col_seen', 'col_data', 'col_version', 'col_error']
          .map((k) => h('th', { scope: 'col' }, t(`terminals.${k}`))))),
      h('tbody', null, rows))));
  }

  refresh.addEventListener('click', load);
  load();
  timer = setInterval(() => {
    if (document.visibilityState === 'visible') load();
  }, REFRESH_MS);
  return { dispose: stop };
}
