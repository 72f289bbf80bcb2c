// The audit trail: filters, newest first, human names for actions, and paging back with `before`.

import { h, fill, clear } from './dom.js';
import { t, has } from './i18n.js';
import { api, describeError } from './api.js';
import { formatDateTime, localDayToUtc } from './time.js';

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
import { pageError } from './notices.js';
import { groupTracking } from './complaints.js';

// The select's choices; 'import.*' asks the server for the prefix "import.".
export const ACTIONS = [
  'notice.publish', 'notice.edit', 'notice.retract',
  'user.login', 'user.login_failed', 'user.locked', 'user.login_locked', 'user.unlock', 'user.add', 'user.disable',
  'terminal.enroll', 'terminal.revoke', 'import.*',
  'complaint.receive', 'complaint.accept', 'complaint.reply', 'complaint.close', 'complaint.reveal', 'complaint.rate',
];
const PAGE = 100;

export function actionName(action) {
  if (has(`action.${action}`)) return t(`action.${action}`);
  if (action.startsWith('import.')) return t('action.import');
  return action;
}

function targetView(target) {
  const m = /^(notice|user|terminal|complaint):(.+)$/.exec(target || '');
  if (!m) return [target || '—'];
  const complaint = m[1] === 'complaint' && /^\d{10}$/.test(m[2]);
  const label = t(`audit.target_${m[1]}`, { id: complaint ? groupTracking(m[2]) : m[2] });
  let main = label;
  if (m[1] === 'notice' && /^\d+$/.test(m[2])) main = h('a', { href: `#/notices/${m[2]}` }, label);
  else if (complaint) main = h('a', { href: `#/complaints/${m[2]}` }, label);
  return [main, ' ', h('span', { class: 'raw' }, target)];
}

function detailView(detail, ctx) {
  if (detail === null || detail === undefined || detail === '') return '';
  if (typeof detail !== 'object') return String(detail);
  const parts = Object.entries(detail).map(([k, v]) => {
    let value = v !== null && typeof v === 'object' ? JSON.stringify(v) : String(v);
    if (typeof v === 'string' && ISO_TIME.test(v)) value = formatDateTime(v);
    else if (k === 'region' && typeof v === 'string' && ctx.regionMap.has(v)) value = t('common.paren', { a: ctx.regionName(v), b: v });
    return h('div', { class: 'kv' }, h('span', { class: 'k' }, `${k}: `), value);
  });
  return parts.length ? parts : '';
}

export function renderAudit(main, ctx) {
  const actor = h('input', { id: 'audit-actor', type: 'text', autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false', 'aria-describedby': 'audit-actor-hint' });
  const action = h('select', { id: 'audit-action' },
    h('option', { value: '' }, t('audit.action_all')),
    ACTIONS.map((a) => h('option', { value: a }, t('common.paren', { a: t(`action.${a}`), b: a }))));
  const from = h('input', { id: 'audit-from', type: 'date' });
  const to = h('input', { id: 'audit-to', type: 'date' });
  const apply = h('button', { id: 'audit-apply', type: 'submit', class: 'button primary' }, t('audit.apply'));
  const error = h('div', { class: 'error-box', role: 'alert' });
  const filters = h('form', { class: 'filters card', novalidate: true, role: 'search' },
    h('div', { class: 'field' }, h('label', { for: 'audit-actor' }, t('audit.actor')), actor,
      h('p', { id: 'audit-actor-hint', class: 'hint' }, t('audit.actor_hint'))),
    h('div', { class: 'field' }, h('label', { for: 'audit-action' }, t('audit.action')), action),
    h('div', { class: 'field' }, h('label', { for: 'audit-from' }, t('audit.from')), from),
    h('div', { class: 'field' }, h('label', { for: 'audit-to' }, t('audit.to')), to),
    h('div', { class: 'field apply' }, apply),
    error);
  const rows = h('tbody');
  const tableEl = h('table', { id: 'audit-list', class: 'data-table audit-table' },
    h('caption', { class: 'visually-hidden' }, t('audit.caption')),
    h('thead', null, h('tr', null,
      ['col_at', 'col_actor', 'col_action', 'col_target', 'col_region', 'col_detail', 'col_addr']
        .map((k) => h('th', { scope: 'col' }, t(`audit.${k}`))))),
    rows);
  const status = h('p', { class: 'hint', 'aria-live': 'polite' });
  const more = h('button', { id: 'audit-more', type: 'button', class: 'button wide', hidden: true }, t('audit.more'));
  const body = h('div', null, h('div', { class: 'table-scroll' }, tableEl), status, more);
  main.appendChild(h('section', { class: 'page wide' },
    h('h1', { tabindex: '-1' }, t('audit.heading')),
    h('p', { class: 'intro' }, t('audit.intro')),
    filters, body));

  let query = {};
  let exact = '';      // an exact action wanted: the server filters by prefix (user.login ⊃ user.login_failed)
  let before = null;
  let serial = 0;

  // A cell's content sits in one box, so a phone's label-and-value row keeps it together.
  const cell = (cls, label, ...content) => h('td', { class: cls, 'data-label': t(label) }, h('div', { class: 'cell' }, content));
  function row(e) {
    const region = e.region ? ctx.regionName(e.region) : t('audit.district_wide');
    return h('tr', { dataset: { auditId: String(e.id) } },
      cell('at', 'audit.col_at', formatDateTime(e.at)),
      cell('actor', 'audit.col_actor', e.actor === 'anonymous' && t('audit.anonymous') !== e.actor ? [t('audit.anonymous'), ' ', h('span', { class: 'raw' }, e.actor)] : e.actor),
      cell('action', 'audit.col_action', actionName(e.action), ' ', h('span', { class: 'raw' }, e.action)),
      cell('target', 'audit.col_target', targetView(e.target)),
      cell('region', 'audit.col_region', region),
      cell('detail', 'audit.col_detail', detailView(e.detail, ctx)),
      cell('addr', 'audit.col_addr', e.remote_addr || '—'));
  }

  async function load(reset) {
    const mine = ++serial;
    if (reset) {
      clear(rows);
      before = null;
    }
    more.hidden = true;
    fill(status, t('audit.loading'));
    let added = 0;
    try {
      // Keep paging while an exact-action filter leaves a page empty (a few pages at most).
      for (let round = 0; round < 5; round++) {
        const reply = await api.audit({ ...query, before, limit: PAGE });
        if (!ctx.live() || mine !== serial) return;
        const entries = Array.isArray(reply.entries) ? reply.entries : [];
        for (const e of entries) {
          if (exact && e.action !== exact) continue;
          rows.appendChild(row(e));
          added++;
        }
        if (entries.length) before = entries[entries.length - 1].id;
        more.hidden = !reply.more;
        if (added > 0 || !reply.more) break;
      }
      // An exact action is filtered here, so pages without a match say so and keep "more" on offer.
      if (added === 0 && !more.hidden) fill(status, t('audit.none_yet'));
      else if (rows.children.length === 0) fill(status, t('audit.empty'));
      else fill(status, more.hidden ? t('audit.end') : '');
    } catch (err) {
      if (err.handled || !ctx.live() || mine !== serial) return;
      clear(status);
      if (err.status === 403) {
        fill(body, pageError(err));
        filters.hidden = true;
      } else {
        const d = describeError(err);
        fill(error, d.text, d.detail ? h('span', { class: 'note' }, t('error.server_said', { detail: d.detail })) : null);
      }
    }
  }

  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    clear(error);
    for (const el of [from, to]) el.removeAttribute('aria-invalid');
    if (from.value && to.value && to.value < from.value) {
      to.setAttribute('aria-invalid', 'true');
      fill(error, t('audit.bad_range'));
      to.focus();
      return;
    }
    const a = action.value;
    query = {
      actor: actor.value.trim(),
      action: a === 'import.*' ? 'import.' : a,
      since: localDayToUtc(from.value),
      until: localDayToUtc(to.value, 1),  // the whole "to" day
    };
    exact = a && a !== 'import.*' ? a : '';
    load(true);
  });
  more.addEventListener('click', () => load(false));
  load(true);
  return {};
}
