// The notice list and one notice's page: status, retraction, history with diffs, and the retract dialog.

import { h, fill, clear, codePoints } from './dom.js';
import { t } from './i18n.js';
import { api, describeError } from './api.js';
import { formatDateTime, parseUtc } from './time.js';
import { renderBody } from './preview.js';
import { renderRevisionDiff, renderFirstRevision } from './diff.js';

// published / retracted / scheduled (publish_at still ahead) / expired (expire_at passed).
export function noticeStatus(notice, now = new Date()) {
  if (notice.status === 'retracted') return 'retracted';
  const from = parseUtc(notice.publish_at);
  if (from && from > now) return 'scheduled';
  const until = parseUtc(notice.expire_at);
  if (until && until <= now) return 'expired';
  return 'published';
}

export function statusChip(status, id) {
  return h('span', { id, class: `chip status status-${status}` }, t(`status.${status}`));
}

// An error where a page would be: 无权查看 for 403, else the mapped sentence and the server's words.
export function pageError(err, retry) {
  if (err.status === 403) {
    return h('div', { class: 'forbidden', role: 'alert' },
      h('h2', null, t('error.no_right')),
      h('p', null, t('error.no_right_detail')));
  }
  const d = describeError(err);
  const box = h('div', { class: 'error-box', role: 'alert' }, d.text,
    d.detail ? h('span', { class: 'note' }, t('error.server_said', { detail: d.detail })) : null);
  if (!retry) return box;
  const button = h('button', { type: 'button', class: 'button' }, t('error.retry'));
  button.addEventListener('click', retry);
  return h('div', null, box, button);
}

// ---- The list ------------------------------------------------------------------------------

let listRegion = '';  // the region filter, kept while the page is open

const DEPTH = { district: 0, town: 1, village: 2 };

function regionOptions(ctx) {
  // Code order puts a town right before its villages; each is indented below the user's own level.
  const regions = ctx.regions.filter((r) => r.level in DEPTH).slice().sort((a, b) => a.code.localeCompare(b.code));
  const base = DEPTH[ctx.levelOf(ctx.user.region)] ?? 0;
  return regions.map((r) => {
    const own = r.code === ctx.user.region;
    const label = r.level === 'village' ? r.name : t('list.region_all', { name: r.name });
    const indent = '\u3000'.repeat(Math.max(0, DEPTH[r.level] - base));
    return h('option', { value: own ? '' : r.code }, indent + label);
  });
}

export function renderNoticeList(main, ctx) {
  if (!ctx.regionMap.has(listRegion) || listRegion === ctx.user.region) listRegion = '';
  const mayCreate = ctx.regions.some((r) => r.writable) || (ctx.regions.length === 0 && ctx.user.role !== 'auditor');
  const header = h('div', { class: 'page-head' },
    h('h1', { tabindex: '-1' }, t('list.heading')),
    mayCreate ? h('a', { id: 'new-notice', href: '#/notices/new', class: 'button primary' }, '＋ ', t('list.new')) : null);
  const tools = h('div', { class: 'toolbar' });
  const count = h('p', { class: 'count', 'aria-live': 'polite' });
  const body = h('div', { class: 'list-body' }, h('p', { class: 'loading' }, t('app.loading')));
  if (ctx.regions.length > 1) {
    const select = h('select', { id: 'list-region' }, regionOptions(ctx));
    select.value = listRegion;
    select.addEventListener('change', () => {
      listRegion = select.value;
      load();
    });
    tools.appendChild(h('div', { class: 'field inline' }, h('label', { for: 'list-region' }, t('list.region')), select));
  }
  tools.appendChild(count);
  const page = h('section', { class: 'page' }, header, tools, body);
  main.appendChild(page);

  let serial = 0;
  async function load() {
    const mine = ++serial;
    fill(body, h('p', { class: 'loading' }, t('app.loading')));
    clear(count);
    try {
      const reply = await api.notices(listRegion || null);
      if (!ctx.live() || mine !== serial) return;
      const notices = (Array.isArray(reply.notices) ? reply.notices : []).slice().sort((a, b) => b.id - a.id);
      count.textContent = t('list.count', { n: notices.length });
      fill(body, table(ctx, notices, mayCreate));
    } catch (err) {
      if (err.handled || !ctx.live() || mine !== serial) return;
      fill(body, pageError(err, load));
    }
  }
  load();
  return {};
}

function table(ctx, notices, mayCreate) {
  const now = new Date();
  const head = h('thead', null, h('tr', null,
    h('th', { scope: 'col' }, t('list.col_title')),
    h('th', { scope: 'col' }, t('list.col_status')),
    h('th', { scope: 'col' }, t('list.col_region')),
    h('th', { scope: 'col' }, t('list.col_updated')),
    h('th', { scope: 'col' }, t('list.col_revisions'))));
  const rows = h('tbody');
  if (notices.length === 0) {
    rows.appendChild(h('tr', { class: 'empty-row' },
      h('td', { colspan: '5', class: 'empty' }, t(mayCreate ? 'list.empty' : 'list.empty_readonly'))));
  }
  for (const n of notices) {
    const status = noticeStatus(n, now);
    const tr = h('tr', { dataset: { noticeId: String(n.id) }, class: status === 'retracted' ? 'is-retracted linked' : 'linked' },
      h('td', { class: 'title', 'data-label': t('list.col_title') },
        h('a', { href: `#/notices/${n.id}` }, n.title)),
      h('td', { class: 'status-cell', 'data-label': t('list.col_status') }, h('span', { class: `status chip status-${status}` }, t(`status.${status}`))),
      h('td', { class: 'region', 'data-label': t('list.col_region') }, ctx.regionName(n.region)),
      h('td', { class: 'updated', 'data-label': t('list.col_updated') },
        t('list.updated', { time: formatDateTime(n.updated_at), by: n.updated_by || '' })),
      h('td', { class: 'revisions', 'data-label': t('list.col_revisions') }, t('list.revisions', { n: n.revision })));
    // The whole row opens the notice (a big target for a finger); the title stays the link for keyboards.
    tr.addEventListener('click', (event) => {
      if (event.target.closest('a') || window.getSelection().toString()) return;
      ctx.go(`/notices/${n.id}`);
    });
    rows.appendChild(tr);
  }
  return h('table', { id: 'notice-list', class: 'data-table notice-table' },
    h('caption', { class: 'visually-hidden' }, t('list.caption')), head, rows);
}

// ---- One notice ----------------------------------------------------------------------------

export function renderNoticeDetail(main, ctx, id) {
  const page = h('section', { class: 'page' },
    h('p', { class: 'back' }, h('a', { href: '#/notices' }, '← ', t('detail.back'))));
  const holder = h('div', null, h('h1', { tabindex: '-1', class: 'loading' }, t('app.loading')));
  page.appendChild(holder);
  main.appendChild(page);
  let dialog = null;

  async function load() {
    try {
      const notice = await api.notice(id);
      if (!ctx.live()) return;
      draw(notice);
    } catch (err) {
      if (err.handled || !ctx.live()) return;
      fill(holder, h('h1', { tabindex: '-1' }, err.status === 403 ? t('error.no_right') : t('editor.loading_failed')), pageError(err, err.status >= 500 || err.status === 0 ? load : null));
    }
  }

  function draw(notice) {
    const status = noticeStatus(notice);
    const writable = ctx.canWrite(notice.region) && notice.status === 'published';
    const actions = h('div', { class: 'actions' });
    if (writable) {
      const edit = h('button', { id: 'edit-button', type: 'button', class: 'button primary' }, t('detail.edit'));
      edit.addEventListener('click', () => ctx.go(`/notices/${notice.id}/edit`));
      const retract = h('button', { id: 'retract-button', type: 'button', class: 'button danger' }, t('detail.retract'));
      retract.addEventListener('click', () => openRetract(notice));
      actions.append(edit, retract);
    } else if (notice.status === 'published') {
      actions.appendChild(h('p', { class: 'hint' }, t('detail.readonly')));
    }
    const region = ctx.regionMap.get(notice.region);
    const level = region ? region.level : ctx.levelOf(notice.region);
    const meta = h('dl', { class: 'meta' },
      item(t('detail.region'), t('common.paren', { a: ctx.regionName(notice.region), b: t(`level.${level}`) })),
      item(t('detail.category'), t(`category.${notice.category}`)),
      item(t('detail.publish_at'), formatDateTime(notice.publish_at)),
      item(t('detail.expire_at'), notice.expire_at ? formatDateTime(notice.expire_at) : t('detail.never')),
      item(t('detail.created'), t('detail.by_at', { by: notice.created_by || '', time: formatDateTime(notice.created_at) })),
      item(t('detail.updated'), t('detail.by_at', { by: notice.updated_by || '', time: formatDateTime(notice.updated_at) })),
      item(t('detail.revision'), t('detail.revision_n', { n: notice.revision })));
    const retraction = notice.retraction
      ? h('section', { id: 'retraction', class: 'retraction', 'aria-labelledby': 'retraction-heading' },
        h('h2', { id: 'retraction-heading' }, t('detail.retraction_heading')),
        h('dl', { class: 'meta' },
          item(t('detail.retraction_by'), notice.retraction.by || ''),
          item(t('detail.retraction_at'), formatDateTime(notice.retraction.at)),
          item(t('detail.retraction_reason'), notice.retraction.reason || '')))
      : null;
    const history = h('section', { id: 'history', class: 'history', 'aria-labelledby': 'history-heading' },
      h('h2', { id: 'history-heading' }, t('history.heading')),
      h('p', { class: 'hint' }, t('history.intro')),
      h('p', { class: 'loading' }, t('app.loading')));
    fill(holder,
      h('article', { id: 'notice-detail', class: `notice-detail is-${status}` },
        h('div', { class: 'detail-head' },
          h('span', { class: 'preview-chip' }, t(`category.${notice.category}`)),
          statusChip(status, 'detail-status')),
        h('h1', { id: 'detail-title', tabindex: '-1' }, notice.title),
        retraction,
        actions,
        meta,
        h('h2', { class: 'visually-hidden' }, t('detail.body')),
        h('div', { id: 'detail-body', class: 'notice-body' }, renderBody(notice.body))),
      history);
    loadHistory(notice, history);
  }

  async function loadHistory(notice, box) {
    const list = h('ol', { class: 'history-list', reversed: true });
    try {
      const reply = await api.revisions(notice.id);
      if (!ctx.live()) return;
      const revs = (Array.isArray(reply.revisions) ? reply.revisions : []).slice().sort((a, b) => a.revision - b.revision);
      for (let i = revs.length - 1; i >= 0; i--) {
        const rev = revs[i];
        list.appendChild(h('li', { class: 'history-item', dataset: { revision: String(rev.revision) } },
          h('h3', null, t('history.item', { n: rev.revision, time: formatDateTime(rev.at), by: rev.by || '' })),
          i === 0 ? h('p', { class: 'first-note' }, t('history.first')) : null,
          i === 0 ? renderFirstRevision(rev) : renderRevisionDiff(revs[i - 1], rev)));
      }
      box.lastChild.replaceWith(list);
    } catch (err) {
      if (err.handled || !ctx.live()) return;
      // The revisions could not be read: the notice's own history (titles only) still says who and when.
      const items = (notice.history || []).slice().sort((a, b) => b.revision - a.revision);
      for (const it of items) {
        list.appendChild(h('li', { class: 'history-item' },
          t('history.fallback_item', { n: it.revision, time: formatDateTime(it.at), by: it.by || '', title: it.title || '' })));
      }
      const d = describeError(err);
      box.lastChild.replaceWith(h('div', null,
        h('p', { class: 'hint' }, t('history.unavailable'), ' ', d.text), list));
    }
  }

  function openRetract(notice) {
    if (dialog) dialog.remove();
    const reason = h('input', { id: 'retract-reason', type: 'text', required: true, autocomplete: 'off', 'aria-describedby': 'retract-hint retract-error' });
    const error = h('div', { id: 'retract-error', role: 'alert', class: 'error-box' });
    const confirm = h('button', { id: 'retract-confirm', type: 'submit', class: 'button danger' }, t('retract.confirm'));
    const cancel = h('button', { id: 'retract-cancel', type: 'button', class: 'button' }, t('retract.cancel'));
    const form = h('form', { novalidate: true },
      h('h2', { id: 'retract-heading' }, t('retract.heading')),
      h('p', { class: 'quote' }, notice.title),
      h('p', null, t('retract.intro')),
      h('div', { class: 'field' },
        h('label', { for: 'retract-reason' }, t('retract.reason')),
        reason,
        h('p', { id: 'retract-hint', class: 'hint' }, t('retract.reason_hint'))),
      error,
      h('div', { class: 'actions' }, confirm, cancel));
    dialog = h('dialog', { id: 'retract-dialog', 'aria-labelledby': 'retract-heading' }, form);
    main.appendChild(dialog);
    let busy = false;
    cancel.addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => {
      const opener = document.getElementById('retract-button');
      if (opener) opener.focus();
    });
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (busy) return;
      const text = reason.value.replace(/[\r\n\t]+/g, ' ').trim();
      const n = codePoints(text);
      if (n < 2) {
        fill(error, t('retract.need_reason'));
        reason.setAttribute('aria-invalid', 'true');
        reason.focus();
        return;
      }
      if (n > 200) {
        fill(error, t('retract.reason_too_long', { n }));
        reason.setAttribute('aria-invalid', 'true');
        reason.focus();
        return;
      }
      reason.removeAttribute('aria-invalid');
      fill(error);
      busy = true;
      confirm.disabled = true;
      try {
        const updated = await api.retract(notice.id, text);
        if (!ctx.live()) return;
        dialog.close();
        dialog.remove();
        dialog = null;
        ctx.flash(t('flash.retracted'));
        draw(updated);
        const title = document.getElementById('detail-title');
        if (title) title.focus();
      } catch (err) {
        if (err.handled || !ctx.live()) return;
        const d = describeError(err);
        fill(error, d.text, d.detail ? h('span', { class: 'note' }, t('error.server_said', { detail: d.detail })) : null);
        if (err.word === 'retracted') load();
      } finally {
        busy = false;
        confirm.disabled = false;
      }
    });
    dialog.showModal();
    reason.focus();
  }

  load();
  return {
    dispose() {
      if (dialog && dialog.open) dialog.close();
    },
  };
}

function item(label, value) {
  return h('div', { class: 'meta-item' }, h('dt', null, label), h('dd', null, value));
}
