// Complaints and suggestions (投诉建议): the inbox of the user's scope, and one complaint's page
// with its history and, for writers of its region, accept / reply / close and the phone's reveal.
// docs/complaints.md is the contract; everything drawn is text (createElement and text nodes).

import { h, fill, clear, codePoints } from './dom.js';
import { t } from './i18n.js';
import { api, describeError } from './api.js';
import { formatDateTime, parseUtc } from './time.js';
import { pageError } from './notices.js';

export const REASONS = ['amount_mismatch', 'not_received', 'wrong_info', 'other', 'suggestion'];
export const STATES = ['received', 'accepted', 'replied', 'closed', 'closed_unresolved'];
const DAY_MS = 24 * 60 * 60 * 1000;
const LIST_CAP = 500;
const REPLY_MIN = 2;
const REPLY_MAX = 500;
const NOTE_MAX = 200;

// ---- Shared pieces -------------------------------------------------------------------------

// 0007000425 → 0007 00042 5 (the terminal, its sequence, the check digit), as the kiosk shows it.
export function groupTracking(no) {
  const s = String(no || '');
  return /^\d{10}$/.test(s) ? `${s.slice(0, 4)} ${s.slice(4, 9)} ${s.slice(9)}` : s;
}

function word(prefix, value) {
  const key = `${prefix}.${value}`;
  const text = t(key);
  return text === key ? String(value || '') : text;
}

export const reasonName = (r) => word('reason', r);
export const stateName = (s) => word('cstate', s);

function stateChip(state, id) {
  const known = STATES.includes(state) ? state : 'received';
  return h('span', { id, class: `chip state cstate-${known}`, dataset: { state: String(state) } }, stateName(state));
}

// 33920 → 339.20 元 (grouped thousands).
function amount(fen) {
  const n = Number(fen);
  if (!Number.isFinite(n)) return '';
  const yuan = (n / 100).toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return t('complaints.amount', { yuan });
}

// What the complaint is about: a payment line, a link to a notice, or 一般意见.
function subjectView(subject) {
  const s = subject && typeof subject === 'object' ? subject : { kind: 'none' };
  if (s.kind === 'payment') {
    // Programme · date · amount, the date and the amount each kept on one line.
    return h('span', { class: 'subject-payment' }, s.programme || '', ' · ',
      h('span', { class: 'nowrap' }, s.paid_on || ''), ' · ', h('span', { class: 'nowrap amount' }, amount(s.amount_fen)));
  }
  if (s.kind === 'notice' && s.notice_id !== undefined && s.notice_id !== null) {
    const id = String(s.notice_id);
    const label = t('complaints.subject_notice', { id });
    return /^\d+$/.test(id) ? h('a', { href: `#/notices/${id}`, class: 'subject-notice' }, label) : label;
  }
  return h('span', { class: 'subject-none' }, t('complaints.subject_none'));
}

function stars(rating) {
  const n = Number(rating);
  if (!Number.isInteger(n) || n < 1 || n > 5) return h('span', { class: 'stars none' }, t('complaints.not_rated'));
  return h('span', { class: 'stars', role: 'img', 'aria-label': t('complaints.stars', { n }), title: t('complaints.stars', { n }) },
    h('span', { class: 'on', 'aria-hidden': 'true' }, '★'.repeat(n)),
    h('span', { class: 'off', 'aria-hidden': 'true' }, '☆'.repeat(5 - n)));
}

function overdueDays(deadline, now) {
  const d = parseUtc(deadline);
  if (!d) return 1;
  return Math.max(1, Math.ceil((now.getTime() - d.getTime()) / DAY_MS));
}

function overdueWords(n) {
  return n === 1 ? t('complaints.overdue_day') : t('complaints.overdue_days', { n });
}

// The deadline and, while it is not replied, how it stands: 已超期 N 天 (red) or 还剩 N 天.
function deadlineView(c, now, labelled = false) {
  // Under a 答复期限 label the time stands alone; in a table cell it reads "… 前" / "by …".
  const time = formatDateTime(c.deadline_at);
  const parts = [h('span', { class: 'deadline-time' }, labelled ? time : t('complaints.deadline_by', { time }))];
  if (c.overdue) {
    parts.push(h('span', { class: 'overdue-chip' }, overdueWords(overdueDays(c.deadline_at, now))));
  } else if (c.state === 'received' || c.state === 'accepted') {
    const d = parseUtc(c.deadline_at);
    if (d) {
      const left = Math.floor((d.getTime() - now.getTime()) / DAY_MS);
      parts.push(h('span', { class: left < 1 ? 'due-soon' : 'due-left' },
        left < 1 ? t('complaints.due_today') : t('complaints.days_left', { n: left })));
    }
  }
  return parts;
}

function terminalName(c) {
  const term = c.terminal && typeof c.terminal === 'object' ? c.terminal : {};
  return term.name || (term.id !== undefined && term.id !== null ? `#${term.id}` : '—');
}

function regionLabel(ctx, c) {
  return c.region_name || ctx.regionName(c.region || '');
}

// Terminals of the user's scope refused for the rate in the last 24 hours (district-level
// readers of /v1/terminals only; anyone else is not asked and gets no banner).
async function throttledTerminals(ctx) {
  if (!ctx.mayTerminals()) return [];
  const reply = await api.terminals();
  const now = Date.now();
  const scope = ctx.user.region;
  return (Array.isArray(reply.terminals) ? reply.terminals : []).filter((term) => {
    const at = parseUtc(term.throttled_at);
    return at && now - at.getTime() <= DAY_MS && String(term.scope || '').startsWith(scope);
  });
}

function throttleBanner(terms) {
  return h('div', { id: 'throttle-banner', class: 'warn-banner', role: 'alert' },
    terms.map((term) => h('p', { dataset: { terminalId: String(term.id) } }, t('complaints.throttle_banner', {
      name: term.name || `#${term.id}`,
      n: Number(term.throttled_count) || 1,
      time: formatDateTime(term.throttled_at),
    }))),
    h('a', { href: '#/terminals' }, t('complaints.throttle_link')));
}

// ---- The inbox -----------------------------------------------------------------------------

// Filters stay while the console is open (coming back from a complaint finds the same list).
const filters = { state: '', overdue: false, region: '' };
const DEPTH = { district: 0, town: 1, village: 2 };

export function renderComplaintList(main, ctx) {
  if (!ctx.regionMap.has(filters.region) || filters.region === ctx.user.region) filters.region = '';
  const state = h('select', { id: 'complaint-state' },
    h('option', { value: '' }, t('complaints.state_all')),
    STATES.map((s) => h('option', { value: s }, stateName(s))));
  state.value = filters.state;
  const overdue = h('input', { id: 'complaint-overdue', type: 'checkbox', checked: filters.overdue });
  const tools = h('div', { class: 'toolbar complaint-filters' },
    h('div', { class: 'field inline' }, h('label', { for: 'complaint-state' }, t('complaints.state')), state));
  let region = null;
  if (ctx.regions.length > 1) {
    const regions = ctx.regions.filter((r) => r.level in DEPTH).slice().sort((a, b) => a.code.localeCompare(b.code));
    const base = DEPTH[ctx.levelOf(ctx.user.region)] ?? 0;
    region = h('select', { id: 'complaint-region' }, regions.map((r) => h('option', { value: r.code === ctx.user.region ? '' : r.code },
      '\u3000'.repeat(Math.max(0, DEPTH[r.level] - base)) + (r.level === 'village' ? r.name : t('list.region_all', { name: r.name })))));
    region.value = filters.region;
    tools.appendChild(h('div', { class: 'field inline' }, h('label', { for: 'complaint-region' }, t('complaints.region')), region));
  }
  tools.appendChild(h('label', { class: 'check overdue-filter', for: 'complaint-overdue' }, overdue, t('complaints.overdue_only')));
  const count = h('p', { class: 'count', 'aria-live': 'polite' });
  const banner = h('div', { class: 'banner-slot' });
  const body = h('div', { class: 'list-body' }, h('p', { class: 'loading' }, t('app.loading')));
  main.appendChild(h('section', { class: 'page wide' },
    h('div', { class: 'page-head' }, h('h1', { tabindex: '-1' }, t('complaints.heading'))),
    h('p', { class: 'intro' }, t('complaints.intro')),
    banner, tools, count, body));

  let serial = 0;
  async function load() {
    const mine = ++serial;
    fill(body, h('p', { class: 'loading' }, t('app.loading')));
    clear(count);
    try {
      const reply = await api.complaints({ region: filters.region, state: filters.state, overdue: filters.overdue ? 'true' : '' });
      if (!ctx.live() || mine !== serial) return;
      const list = Array.isArray(reply.complaints) ? reply.complaints : [];
      const late = list.filter((c) => c.overdue).length;
      count.textContent = late ? t('complaints.count_overdue', { n: list.length, m: late }) : t('complaints.count', { n: list.length });
      if (list.length >= LIST_CAP) count.append(' ', t('complaints.capped', { n: LIST_CAP }));
      const filtered = !!(filters.state || filters.overdue || filters.region);
      fill(body, table(ctx, list, filtered));
    } catch (err) {
      if (err.handled || !ctx.live() || mine !== serial) return;
      fill(body, pageError(err, load));
    }
  }
  async function loadBanner() {
    try {
      const terms = await throttledTerminals(ctx);
      if (!ctx.live()) return;
      fill(banner, terms.length ? throttleBanner(terms) : null);
    } catch {
      // The banner is a hint: without the terminals' list the inbox still works.
    }
  }
  state.addEventListener('change', () => { filters.state = state.value; load(); });
  overdue.addEventListener('change', () => { filters.overdue = overdue.checked; load(); });
  if (region) region.addEventListener('change', () => { filters.region = region.value; load(); });
  load();
  loadBanner();
  return {};
}

function table(ctx, list, filtered) {
  const now = new Date();
  const cols = ['col_no', 'col_state', 'col_reason', 'col_subject', 'col_region', 'col_deadline', 'col_rating', 'col_terminal'];
  const rows = h('tbody');
  if (list.length === 0) {
    rows.appendChild(h('tr', { class: 'empty-row' },
      h('td', { colspan: String(cols.length), class: 'empty' }, t(filtered ? 'complaints.empty_filtered' : 'complaints.empty'))));
  }
  const cell = (cls, label, ...content) => h('td', { class: cls, 'data-label': t(`complaints.${label}`) }, h('div', { class: 'cell' }, content));
  for (const c of list) {
    const no = String(c.tracking_no || '');
    const tr = h('tr', { dataset: { tracking: no }, class: c.overdue ? 'linked is-overdue' : 'linked' },
      cell('tracking', 'col_no',
        h('a', { href: `#/complaints/${no}`, class: 'tracking-no' }, groupTracking(no)),
        h('span', { class: 'received' }, t('complaints.received_at', { time: formatDateTime(c.received_at) }))),
      cell('state-cell', 'col_state', stateChip(c.state)),
      cell('reason', 'col_reason', reasonName(c.reason)),
      cell('subject', 'col_subject', subjectView(c.subject)),
      cell('region', 'col_region', regionLabel(ctx, c)),
      cell('deadline', 'col_deadline', deadlineView(c, now)),
      cell('rating', 'col_rating', stars(c.rating)),
      cell('terminal', 'col_terminal', terminalName(c)));
    // The whole row opens the complaint (a finger-sized target); the number stays the keyboard's link.
    tr.addEventListener('click', (event) => {
      if (event.target.closest('a') || window.getSelection().toString()) return;
      ctx.go(`/complaints/${no}`);
    });
    rows.appendChild(tr);
  }
  return h('div', { class: 'table-scroll' }, h('table', { id: 'complaint-list', class: 'data-table complaint-table' },
    h('caption', { class: 'visually-hidden' }, t('complaints.caption')),
    h('thead', null, h('tr', null, cols.map((k) => h('th', { scope: 'col' }, t(`complaints.${k}`))))),
    rows));
}

// ---- One complaint -------------------------------------------------------------------------

export function renderComplaintDetail(main, ctx, no) {
  const page = h('section', { class: 'page' },
    h('p', { class: 'back' }, h('a', { href: '#/complaints' }, '← ', t('complaint.back'))));
  const holder = h('div', null, h('h1', { tabindex: '-1', class: 'loading' }, t('app.loading')));
  page.appendChild(holder);
  main.appendChild(page);

  const key = `/complaints/${no}`;
  const draft = ctx.takeDraft(key);
  let replyText = draft && typeof draft.reply === 'string' ? draft.reply : '';  // what the cadre typed, kept through errors and redraws
  let sent = false;       // the reply went through: nothing left to keep
  let phone = null;       // the revealed number, in memory only while this page is up
  let revealed = false;
  let dialog = null;
  let busy = false;
  let current = null;

  async function load(focus = false) {
    try {
      const c = await api.complaint(no);
      if (!ctx.live()) return;
      draw(c, focus);
    } catch (err) {
      if (err.handled || !ctx.live()) return;
      fill(holder,
        h('h1', { tabindex: '-1' }, err.status === 403 ? t('error.no_right') : t('complaint.loading_failed')),
        pageError(err, err.status >= 500 || err.status === 0 ? () => load() : null));
    }
  }

  function draw(c, focus) {
    current = c;
    const now = new Date();
    const writable = ctx.canWrite(c.region);
    const open = ['received', 'accepted', 'replied'].includes(c.state);
    const actionError = h('div', { id: 'action-error', class: 'error-box', role: 'alert' });

    const head = h('div', { class: 'detail-head' },
      h('span', { class: 'preview-chip' }, reasonName(c.reason)),
      stateChip(c.state, 'complaint-status'));
    const title = h('h1', { id: 'complaint-title', tabindex: '-1' }, t('complaint.heading', { no: groupTracking(c.tracking_no) }));
    const overdue = c.overdue
      ? h('p', { class: 'overdue-banner', role: 'note' }, t('complaint.overdue_banner', {
        time: formatDateTime(c.deadline_at), days: overdueWords(overdueDays(c.deadline_at, now)),
      }))
      : null;

    const meta = h('dl', { class: 'meta complaint-meta' },
      item('subject', t('complaint.subject'), subjectView(c.subject)),
      c.person ? item('person', t('complaint.person'), t('complaint.person_value', { name: c.person.masked_name || '—', id: c.person.masked_id || '—' })) : null,
      item('region', t('complaint.region'), regionLabel(ctx, c)),
      item('terminal', t('complaint.terminal'), terminalName(c)),
      c.filed_at ? item('filed', t('complaint.filed_at'), formatDateTime(c.filed_at), ' ', h('span', { class: 'hint-inline' }, t('complaint.filed_note'))) : null,
      item('received', t('complaint.received_at'), formatDateTime(c.received_at)),
      item('deadline', t('complaint.deadline'), deadlineView(c, now, true)),
      item('rating', t('complaint.rating'), stars(c.rating)),
      item('phone', t('complaint.phone'), phoneView(c, writable)));

    const reply = c.reply
      ? h('section', { id: 'complaint-reply', class: 'reply-box', 'aria-labelledby': 'reply-heading' },
        h('h2', { id: 'reply-heading' }, t('complaint.reply_heading')),
        h('p', { class: 'reply-text' }, c.reply.text || ''),
        h('p', { class: 'hint' }, t('complaint.reply_by', { by: c.reply.by || '', time: formatDateTime(c.reply.at) })))
      : null;

    let actions = null;
    if (writable && open) actions = actionsView(c, actionError);
    else if (!writable && open) actions = h('p', { class: 'hint readonly-note' }, t('complaint.readonly'));
    else actions = h('p', { class: 'hint closed-note' }, t('complaint.closed_note'));

    fill(holder,
      h('article', { id: 'complaint-detail', class: `complaint-detail${c.overdue ? ' is-overdue' : ''}`, dataset: { tracking: String(c.tracking_no) } },
        head, title, overdue, meta, reply, actions),
      historyView(c));
    if (focus) title.focus();
  }

  function phoneView(c, writable) {
    if (!c.has_phone) return h('span', { id: 'complaint-phone', class: 'phone none' }, t('complaint.no_phone'));
    const box = h('span', { id: 'complaint-phone', class: 'phone' });
    if (revealed) {
      if (phone) box.append(h('a', { href: `tel:${phone}`, class: 'phone-number' }, phone));
      else box.append(t('complaint.phone_gone'));
      box.append(h('span', { id: 'phone-note', class: 'hint-inline' }, t('complaint.revealed_note')));
      return box;
    }
    // Only those who may act on it are sent even the masked number (docs/complaints.md).
    if (!writable && !c.phone_masked) {
      box.append(h('span', { class: 'phone-number masked' }, t('complaint.phone_hidden')));
      return box;
    }
    box.append(h('span', { class: 'phone-number masked' }, c.phone_masked || '***********'));
    if (writable) {
      const button = h('button', { id: 'reveal-phone', type: 'button', class: 'button small' }, t('complaint.reveal'));
      const error = h('span', { class: 'field-error', role: 'alert' });
      button.addEventListener('click', async () => {
        if (busy) return;
        busy = true;
        button.disabled = true;
        button.textContent = t('complaint.revealing');
        try {
          const r = await api.revealPhone(c.tracking_no);
          if (!ctx.live()) return;
          phone = typeof r.phone === 'string' && r.phone ? r.phone : null;
          revealed = true;
          const fresh = phoneView(current, writable);
          box.replaceWith(fresh);
          const link = fresh.querySelector('a');
          if (link) link.focus();
        } catch (err) {
          if (err.handled || !ctx.live()) return;
          button.disabled = false;
          button.textContent = t('complaint.reveal');
          fill(error, errorText(err));
        } finally {
          busy = false;
        }
      });
      box.append(button, error);
    }
    return box;
  }

  function actionsView(c, actionError) {
    const section = h('section', { id: 'complaint-actions', class: 'complaint-actions', 'aria-labelledby': 'actions-heading' },
      h('h2', { id: 'actions-heading' }, t('complaint.actions_heading')));
    if (c.state === 'received') {
      const accept = h('button', { id: 'accept-button', type: 'button', class: 'button' }, t('complaint.accept'));
      accept.addEventListener('click', () => act(actionError, accept, () => api.acceptComplaint(c.tracking_no), 'flash.accepted'));
      section.append(h('div', { class: 'accept-row' }, accept, h('p', { class: 'hint' }, t('complaint.accept_hint'))));
    }
    if (c.state === 'received' || c.state === 'accepted') section.append(replyForm(c, actionError));
    else if (replyText && !sent) section.append(unsentReply());
    section.append(actionError);
    const closers = h('div', { class: 'actions close-row' });
    if (c.state === 'replied') {
      const resolved = h('button', { id: 'close-resolved-button', type: 'button', class: 'button primary' }, t('complaint.close_resolved'));
      resolved.addEventListener('click', () => openClose(c, 'resolved', resolved));
      closers.append(resolved);
    }
    const unresolved = h('button', { id: 'close-unresolved-button', type: 'button', class: 'button danger' }, t('complaint.close_unresolved'));
    unresolved.addEventListener('click', () => openClose(c, 'unresolved', unresolved));
    closers.append(unresolved);
    section.append(closers, h('p', { class: 'hint' }, t('complaint.close_hint')));
    return section;
  }

  function replyForm(c, actionError) {
    const text = h('textarea', { id: 'reply-text', rows: '6', maxlength: String(REPLY_MAX * 2), 'aria-describedby': 'reply-hint reply-count reply-error' });
    text.value = replyText;
    const counter = h('span', { id: 'reply-count', class: 'counter', 'aria-live': 'polite' });
    const error = h('p', { id: 'reply-error', class: 'field-error', role: 'alert' });
    const submit = h('button', { id: 'reply-button', type: 'submit', class: 'button primary' }, t('complaint.reply_submit'));
    const count = () => {
      const n = codePoints(text.value.trim());
      counter.textContent = n > REPLY_MAX
        ? t('editor.count_over', { n, max: REPLY_MAX, over: n - REPLY_MAX })
        : t('editor.count', { n, max: REPLY_MAX });
      counter.classList.toggle('over', n > REPLY_MAX);
    };
    text.addEventListener('input', () => {
      replyText = text.value;
      count();
      if (text.getAttribute('aria-invalid')) { text.removeAttribute('aria-invalid'); clear(error); }
    });
    count();
    const form = h('form', { id: 'reply-form', class: 'reply-form', novalidate: true },
      h('div', { class: 'field' },
        h('label', { for: 'reply-text' }, t('complaint.reply_label')),
        h('p', { id: 'reply-hint', class: 'hint' }, t('complaint.reply_hint')),
        text, counter, error),
      h('div', { class: 'actions' }, submit));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const value = text.value.trim();
      const n = codePoints(value);
      if (n < REPLY_MIN || n > REPLY_MAX) {
        fill(error, n < REPLY_MIN ? t('complaint.reply_need') : t('complaint.reply_too_long', { n }));
        text.setAttribute('aria-invalid', 'true');
        text.focus();
        return;
      }
      act(actionError, submit, () => api.replyComplaint(c.tracking_no, value), 'flash.replied', () => {
        sent = true;
        replyText = '';
      });
    });
    return form;
  }

  // After a refusal that changed the state (someone else replied first), what was typed stays on screen.
  function unsentReply() {
    const kept = h('textarea', { id: 'reply-unsent', readonly: true, rows: '4' });
    kept.value = replyText;
    return h('div', { class: 'unsent' }, h('p', { class: 'quote' }, t('complaint.unsent_heading')), kept);
  }

  // One action: the button waits, the answer redraws the page; an error is said next to the buttons
  // and the page reloads when the complaint moved on meanwhile. The typed reply is never cleared by an error.
  async function act(errorBox, button, call, flashKey, onDone) {
    if (busy) return;
    busy = true;
    button.disabled = true;
    clear(errorBox);
    try {
      const updated = await call();
      if (!ctx.live()) return;
      if (onDone) onDone();
      ctx.flash(t(flashKey));
      draw(updated, true);
    } catch (err) {
      if (err.handled || !ctx.live()) return;
      if (err.word === 'bad_transition' || err.word === 'unknown_complaint') {
        await load();
        const box = document.getElementById('action-error');
        const target = box || errorBox;
        fill(target, errorText(err));
        if (!box) ctx.flash(describeError(err).text, 'error');
      } else {
        fill(errorBox, errorText(err));
      }
    } finally {
      busy = false;
      if (button.isConnected) button.disabled = false;
    }
  }

  function openClose(c, resolution, opener) {
    if (dialog) dialog.remove();
    const unresolved = resolution === 'unresolved';
    const note = h('textarea', { id: 'close-note', rows: '3', 'aria-describedby': 'close-hint close-error', required: unresolved });
    const error = h('div', { id: 'close-error', role: 'alert', class: 'error-box' });
    const confirm = h('button', { id: 'close-confirm', type: 'submit', class: `button ${unresolved ? 'danger' : 'primary'}` }, t('complaint.close_confirm'));
    const cancel = h('button', { id: 'close-cancel', type: 'button', class: 'button' }, t('complaint.close_cancel'));
    const form = h('form', { novalidate: true },
      h('h2', { id: 'close-heading' }, t(unresolved ? 'complaint.close_heading_unresolved' : 'complaint.close_heading_resolved')),
      h('p', { class: 'quote' }, t('complaint.heading', { no: groupTracking(c.tracking_no) }), ' · ', reasonName(c.reason)),
      h('p', null, t(unresolved ? 'complaint.close_intro_unresolved' : 'complaint.close_intro_resolved')),
      h('div', { class: 'field' },
        h('label', { for: 'close-note' }, t(unresolved ? 'complaint.note_required' : 'complaint.note_optional')),
        note,
        h('p', { id: 'close-hint', class: 'hint' }, t(unresolved ? 'complaint.note_hint_unresolved' : 'complaint.note_hint_resolved'))),
      error,
      h('div', { class: 'actions' }, confirm, cancel));
    dialog = h('dialog', { id: 'close-dialog', 'aria-labelledby': 'close-heading', dataset: { resolution } }, form);
    main.appendChild(dialog);
    const thisDialog = dialog;
    cancel.addEventListener('click', () => thisDialog.close());
    thisDialog.addEventListener('close', () => {
      if (opener.isConnected) opener.focus();
    });
    let sending = false;
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (sending) return;
      const text = note.value.replace(/[\r\n\t]+/g, ' ').trim();
      const n = codePoints(text);
      if ((unresolved && n < 2) || n > NOTE_MAX) {
        fill(error, n > NOTE_MAX ? t('complaint.note_too_long', { n }) : t('complaint.note_need'));
        note.setAttribute('aria-invalid', 'true');
        note.focus();
        return;
      }
      note.removeAttribute('aria-invalid');
      clear(error);
      sending = true;
      confirm.disabled = true;
      try {
        const updated = await api.closeComplaint(c.tracking_no, resolution, text || null);
        if (!ctx.live()) return;
        thisDialog.close();
        thisDialog.remove();
        if (dialog === thisDialog) dialog = null;
        ctx.flash(t(unresolved ? 'flash.closed_unresolved' : 'flash.closed'));
        draw(updated, true);
      } catch (err) {
        if (err.handled || !ctx.live()) return;
        fill(error, errorText(err));
        if (err.word === 'bad_transition') load();
      } finally {
        sending = false;
        confirm.disabled = false;
      }
    });
    thisDialog.showModal();
    note.focus();
  }

  load();
  return {
    // A typed reply that was not sent survives leaving the page (and a lost session) in memory.
    isDirty: () => !sent && replyText.trim() !== '' && !!document.getElementById('reply-text'),
    snapshot: () => ({ key, reply: replyText }),
    dispose() {
      if (dialog && dialog.open) dialog.close();
    },
  };
}

function errorText(err) {
  const d = describeError(err);
  return [d.text, d.detail ? h('span', { class: 'note' }, t('error.server_said', { detail: d.detail })) : null];
}

function item(cls, label, ...value) {
  return h('div', { class: `meta-item meta-${cls}` }, h('dt', null, label), h('dd', null, value));
}

const IMPLIED = { receive: 'received', accept: 'accepted', reply: 'replied', close: 'closed', close_unresolved: 'closed_unresolved' };

function historyView(c) {
  const events = Array.isArray(c.history) ? c.history : [];
  const list = h('ol', { id: 'complaint-history', class: 'history-list complaint-history' });
  for (const e of events) {
    list.appendChild(h('li', { class: 'history-item', dataset: { action: String(e.action || '') } },
      h('div', { class: 'event-head' },
        h('span', { class: 'event-action' }, word('caction', e.action)),
        h('span', { class: 'event-when' }, t('complaint.history_item', { time: formatDateTime(e.at), by: e.by || '' }))),
      // The state only where the action does not already say it (a rating leaves the state as it was).
      e.state && IMPLIED[e.action] !== e.state ? h('p', { class: 'event-state' }, t('complaint.history_state', { state: stateName(e.state) })) : null,
      e.note ? h('p', { class: 'event-note' }, t('complaint.history_note', { note: e.note })) : null));
  }
  return h('section', { class: 'history', 'aria-labelledby': 'complaint-history-heading' },
    h('h2', { id: 'complaint-history-heading' }, t('complaint.history_heading')),
    list, events.length ? null : h('p', { class: 'hint' }, t('complaint.history_empty')));
}
