// Writing and correcting a notice: the form, counters, checks, preview, and never losing what was typed.

import { h, fill, codePoints } from './dom.js';
import { t } from './i18n.js';
import { api, describeError } from './api.js';
import { fromLocalInput, toLocalInput, formatDateTime, parseUtc } from './time.js';
import { renderPreview } from './preview.js';
import { renderRevisionDiff } from './diff.js';
import { pageError } from './notices.js';

const TITLE_MAX = 80;
const BODY_MAX = 20000;
const CATEGORIES = ['village_affairs', 'finance', 'party_affairs', 'public_notice'];

// What the server refuses in a title or body besides line breaks: control characters (C0, DEL, C1)
// and the bidi overrides. Tabs become spaces instead of an error (pasted from a word processor);
// the Unicode line and paragraph separators (U+2028, U+2029), which the server refuses too, become
// a space in the title and a line break in the body.
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

function cleanTitle(s) {
  return s.replace(/[\r\n\t\u2028\u2029]+/g, ' ').replace(FORBIDDEN, '');
}

function cleanBody(s) {
  return s.replace(/\r\n?|[\u2028\u2029]/g, '\n').replace(/\t/g, '    ').replace(FORBIDDEN, '');
}

// id: null for a new notice, else the notice to edit.
export function renderEditor(main, ctx, id) {
  const isNew = id === null;
  const key = isNew ? '/notices/new' : `/notices/${id}/edit`;
  const page = h('section', { class: 'page editor-page' });
  main.appendChild(page);
  let form = null;  // set once the form is drawn

  const view = {
    isDirty: () => !!form && form.isDirty(),
    snapshot: () => (form ? form.snapshot() : null),
  };

  if (isNew) {
    const writable = ctx.regions.filter((r) => r.writable);
    if (writable.length === 0 && ctx.regions.length === 0 && ctx.user.role !== 'auditor') {
      // /v1/regions could not be read: the user's own region is the one place they may write.
      writable.push({ code: ctx.user.region, name: ctx.regionName(ctx.user.region), level: ctx.levelOf(ctx.user.region), writable: true });
    }
    if (writable.length === 0) {
      page.append(h('h1', { tabindex: '-1' }, t('editor.new_heading')),
        h('div', { class: 'forbidden', role: 'alert' }, h('h2', null, t('error.no_right')), h('p', null, t('editor.no_writable'))));
      return view;
    }
    form = drawForm(page, ctx, { key, isNew, regions: writable, notice: null, draft: ctx.takeDraft(key) });
    return view;
  }

  page.appendChild(h('h1', { tabindex: '-1', class: 'loading' }, t('app.loading')));
  (async function load() {
    try {
      const notice = await api.notice(id);
      if (!ctx.live()) return;
      fill(page);
      if (notice.status === 'retracted') {
        page.append(h('h1', { tabindex: '-1' }, t('editor.edit_heading')),
          h('div', { class: 'error-box', role: 'alert' }, t('editor.retracted')),
          h('p', null, h('a', { href: `#/notices/${id}` }, t('detail.back'))));
        ctx.dropDraft(key);
        return;
      }
      if (!ctx.canWrite(notice.region)) {
        page.append(h('h1', { tabindex: '-1' }, t('editor.edit_heading')),
          h('div', { class: 'forbidden', role: 'alert' }, h('h2', null, t('error.no_right')), h('p', null, t('error.forbidden'))));
        return;
      }
      const region = ctx.regionMap.get(notice.region) || { code: notice.region, name: ctx.regionName(notice.region), level: ctx.levelOf(notice.region) };
      form = drawForm(page, ctx, { key, isNew, regions: [region], notice, draft: ctx.takeDraft(key) });
      const heading = page.querySelector('h1');
      if (heading) heading.focus();
    } catch (err) {
      if (err.handled || !ctx.live()) return;
      fill(page, h('h1', { tabindex: '-1' }, t('editor.loading_failed')), pageError(err, err.status >= 500 || err.status === 0 ? load : null));
    }
  })();
  return view;
}

function drawForm(page, ctx, { key, isNew, regions, notice, draft }) {
  // The revision the edit starts from, and the values it started with (a restored draft keeps its own).
  const start = draft ? draft.start : notice ? {
    base_revision: notice.revision,
    region: notice.region,
    category: notice.category,
    title: notice.title,
    body: notice.body,
    publish_at: notice.publish_at,
    expire_at: notice.expire_at,
  } : null;
  const initial = {
    region: start ? start.region : (regions.find((r) => r.code === ctx.user.region) || regions[0]).code,
    category: start ? start.category : 'village_affairs',
    title: start ? start.title : '',
    body: start ? start.body : '',
    publishAt: start ? toLocalInput(start.publish_at) : '',
    expireAt: start ? toLocalInput(start.expire_at) : '',
  };

  // ---- Fields ----
  const region = h('select', { id: 'f-region', 'aria-describedby': 'f-region-hint' },
    regions.slice().sort((a, b) => a.code.localeCompare(b.code)).map((r) =>
      h('option', { value: r.code }, t('common.paren', { a: r.name, b: t(`level.${r.level}`) }))));
  const fixedRegion = regions.length === 1;
  if (fixedRegion) region.disabled = true;
  const category = h('select', { id: 'f-category' }, CATEGORIES.map((c) => h('option', { value: c }, t(`category.${c}`))));
  const title = h('input', { id: 'f-title', type: 'text', autocomplete: 'off', 'aria-describedby': 'f-title-hint title-count' });
  const titleCount = h('span', { id: 'title-count', class: 'counter', 'aria-live': 'polite' });
  const body = h('textarea', { id: 'f-body', rows: '14', 'aria-describedby': 'f-body-hint body-count' });
  const bodyCount = h('span', { id: 'body-count', class: 'counter', 'aria-live': 'polite' });
  const publishAt = h('input', { id: 'f-publish-at', type: 'datetime-local', 'aria-describedby': 'f-publish-at-hint' });
  const expireAt = h('input', { id: 'f-expire-at', type: 'datetime-local', 'aria-describedby': 'f-expire-at-hint' });
  const formError = h('div', { id: 'form-error', role: 'alert', class: 'error-box' });
  const stalePanel = h('div', { class: 'stale-panel', hidden: true });
  const previewButton = h('button', { id: 'preview-button', type: 'button', class: 'button' }, t('editor.preview'));
  const submit = isNew
    ? h('button', { id: 'publish-button', type: 'submit', class: 'button primary' }, t('editor.publish'))
    : h('button', { id: 'save-button', type: 'submit', class: 'button primary' }, t('editor.save'));
  const cancel = h('button', { id: 'cancel-button', type: 'button', class: 'button' }, t('editor.cancel'));
  const preview = h('div', { id: 'preview', class: 'preview', 'aria-live': 'polite' },
    h('p', { class: 'preview-empty' }, t('editor.preview_empty')));

  const values = draft ? draft.values : initial;
  region.value = values.region;
  category.value = values.category;
  title.value = values.title;
  body.value = values.body;
  publishAt.value = values.publishAt;
  expireAt.value = values.expireAt;

  const field = (input, labelKey, hint, extra) => h('div', { class: 'field', dataset: { field: input.id } },
    h('label', { for: input.id }, t(labelKey)),
    input,
    hint ? h('p', { id: `${input.id}-hint`, class: 'hint' }, hint) : null,
    extra || null,
    h('p', { id: `${input.id}-error`, class: 'field-error' }));

  const form = h('form', { id: 'notice-form', novalidate: true, 'aria-labelledby': 'editor-heading' },
    field(region, 'editor.region', fixedRegion ? t('editor.region_fixed') : null),
    field(category, 'editor.category'),
    field(title, 'editor.title', t('editor.title_hint'), titleCount),
    field(body, 'editor.body', t('editor.body_hint'), bodyCount),
    h('div', { class: 'time-row' },
      field(publishAt, 'editor.publish_at', isNew ? t('editor.publish_at_hint') : t('editor.publish_at_hint_edit')),
      field(expireAt, 'editor.expire_at', t('editor.expire_at_hint'))),
    h('p', { class: 'hint' }, t('editor.times_zone')),
    formError,
    stalePanel,
    h('div', { class: 'actions' }, submit, previewButton, cancel));
  // The region select was built before `field` wrapped it: its hint id must exist even when fixed.
  if (!fixedRegion) region.removeAttribute('aria-describedby');

  fill(page,
    h('h1', { id: 'editor-heading', tabindex: '-1' }, t(isNew ? 'editor.new_heading' : 'editor.edit_heading')),
    isNew ? null : h('p', { class: 'intro' }, t('editor.edit_intro'), ' ', h('span', { class: 'quote' }, notice.title)),
    draft ? h('p', { class: 'flash-inline' }, t('editor.draft_restored')) : null,
    h('div', { class: 'editor-layout' },
      h('div', { class: 'editor-form card' }, form),
      h('aside', { class: 'editor-preview', 'aria-labelledby': 'preview-heading' },
        h('h2', { id: 'preview-heading' }, t('editor.preview_heading')),
        preview)));

  // ---- Counters and preview ----
  function counter(el, text, max) {
    const n = codePoints(text);
    el.textContent = n > max ? t('editor.count_over', { n, max, over: n - max }) : t('editor.count', { n, max });
    el.classList.toggle('over', n > max);
  }
  let previewShown = false;
  let previewTimer = null;
  function current() {
    return { region: region.value, category: category.value, title: title.value, body: body.value, publishAt: publishAt.value, expireAt: expireAt.value };
  }
  function drawPreview() {
    const r = ctx.regionMap.get(region.value) || regions.find((x) => x.code === region.value) || { name: region.value, level: ctx.levelOf(region.value) };
    const from = fromLocalInput(publishAt.value);
    const until = fromLocalInput(expireAt.value);
    renderPreview(preview, {
      category: category.value,
      title: cleanTitle(title.value),
      body: cleanBody(body.value),
      regionName: r.name,
      regionLevel: r.level,
      publishAt: from || (start && !isNew ? start.publish_at : null),
      expireAt: until || null,
    });
    previewShown = true;
  }
  function update() {
    counter(titleCount, title.value.trim(), TITLE_MAX);
    counter(bodyCount, body.value, BODY_MAX);
    if (previewShown) {
      clearTimeout(previewTimer);
      previewTimer = setTimeout(drawPreview, 250);
    }
  }
  for (const el of [region, category, title, body, publishAt, expireAt]) {
    el.addEventListener('input', update);
    el.addEventListener('change', update);
  }
  update();
  previewButton.addEventListener('click', () => {
    drawPreview();
    // On a phone the preview is below the form: bring it into view.
    if (window.matchMedia('(max-width: 699px)').matches) preview.scrollIntoView({ behavior: 'smooth', block: 'start' });
  });

  // ---- Checks ----
  function clearErrors() {
    fill(formError);
    for (const el of form.querySelectorAll('.field-error')) fill(el);
    for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  }
  function markField(input, text) {
    input.setAttribute('aria-invalid', 'true');
    const slot = document.getElementById(`${input.id}-error`);
    if (slot) fill(slot, text);
  }
  const inputFor = { region, category, title, body, publish_at: publishAt, expire_at: expireAt };

  function validate() {
    const problems = [];
    const add = (input, text) => {
      problems.push({ input, text });
      markField(input, text);
    };
    if (!region.value) add(region, t('editor.need_region'));
    if (!CATEGORIES.includes(category.value)) add(category, t('editor.need_category'));
    const titleText = title.value.trim();
    const titleLen = codePoints(titleText);
    if (titleLen === 0) add(title, t('editor.need_title'));
    else if (titleLen > TITLE_MAX) add(title, t('editor.title_too_long', { n: titleLen }));
    const bodyLen = codePoints(body.value);
    if (body.value.trim() === '') add(body, t('editor.need_body'));
    else if (bodyLen > BODY_MAX) add(body, t('editor.body_too_long', { n: bodyLen }));
    // A half-filled datetime-local reads as '' but reports badInput.
    const from = fromLocalInput(publishAt.value);
    const until = fromLocalInput(expireAt.value);
    if (from === undefined || (publishAt.validity && publishAt.validity.badInput)) add(publishAt, t('editor.bad_time', { field: t('field.publish_at') }));
    if (until === undefined || (expireAt.validity && expireAt.validity.badInput)) add(expireAt, t('editor.bad_time', { field: t('field.expire_at') }));
    if (until) {
      const effectiveFrom = from ? parseUtc(from) : (!isNew && start ? parseUtc(start.publish_at) : new Date());
      const expireChanged = isNew || expireAt.value !== initial.expireAt;
      if (effectiveFrom && parseUtc(until) <= effectiveFrom) add(expireAt, t('editor.expire_before_publish'));
      else if (expireChanged && parseUtc(until) <= new Date()) add(expireAt, t('editor.expire_past'));
    }
    return problems;
  }

  // The body the server gets: times as UTC ISO, the old expiry sent back when untouched (7.5).
  function payload() {
    const draftOut = {
      region: region.value,
      category: category.value,
      title: title.value.trim(),
      body: body.value,
    };
    const from = fromLocalInput(publishAt.value);
    const until = fromLocalInput(expireAt.value);
    if (isNew) {
      if (from) draftOut.publish_at = from;
      if (until) draftOut.expire_at = until;
      return draftOut;
    }
    draftOut.base_revision = start.base_revision;
    if (publishAt.value === initial.publishAt && start.publish_at) draftOut.publish_at = start.publish_at;
    else if (from) draftOut.publish_at = from;
    if (expireAt.value === initial.expireAt) draftOut.expire_at = start.expire_at || null;
    else draftOut.expire_at = until || null;
    return draftOut;
  }

  let saving = false;
  let saved = false;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (saving) return;
    clearErrors();
    // What the server would refuse and a person cannot see (tabs, control characters) is fixed in place.
    const t1 = cleanTitle(title.value);
    if (t1 !== title.value) title.value = t1;
    const b1 = cleanBody(body.value);
    if (b1 !== body.value) body.value = b1;
    update();
    const problems = validate();
    if (problems.length) {
      fill(formError, h('p', null, t('editor.fix_errors')), h('ul', null, problems.map((p) => h('li', null, p.text))));
      problems[0].input.focus();
      return;
    }
    saving = true;
    submit.disabled = true;
    const label = submit.textContent;
    submit.textContent = t('editor.saving');
    try {
      const out = payload();
      const result = isNew ? await api.create(out) : await api.update(notice.id, out);
      saved = true;
      ctx.dropDraft(key);
      if (!ctx.live()) return;
      const scheduled = parseUtc(result.publish_at) > new Date();
      ctx.flash(isNew ? (scheduled ? t('flash.scheduled', { time: formatDateTime(result.publish_at) }) : t('flash.published')) : t('flash.saved'));
      ctx.go(`/notices/${result.id}`, true);
    } catch (err) {
      if (err.handled || !ctx.live()) return;
      showServerError(err);
    } finally {
      saving = false;
      submit.disabled = false;
      submit.textContent = label;
    }
  });

  function showServerError(err) {
    const d = describeError(err);
    const input = d.field ? inputFor[d.field] : null;
    if (input) markField(input, d.text);
    fill(formError, d.text, d.detail ? h('span', { class: 'note' }, t('error.server_said', { detail: d.detail })) : null);
    if (err.word === 'stale_revision') showStale();
    if (err.word === 'csrf') {
      const reload = h('button', { type: 'button', class: 'button' }, t('error.reload'));
      reload.addEventListener('click', () => {
        // Keep the text through the reload's confirmation: the person decides.
        window.location.reload();
      });
      formError.appendChild(reload);
    }
    (input || formError).focus?.();
  }

  // Someone else saved first: show what they changed, and let the cadre save theirs on top of it.
  async function showStale() {
    try {
      const latest = await api.notice(notice.id);
      if (!ctx.live()) return;
      if (latest.status === 'retracted') {
        fill(formError, t('error.retracted'));
        return;
      }
      const from = { ...start };
      const use = h('button', { type: 'button', class: 'button' }, t('editor.stale_use'));
      use.addEventListener('click', () => {
        // A field the cadre left alone takes the other person's value; one they changed keeps theirs.
        const mine = current();
        const theirs = {
          category: latest.category,
          title: latest.title,
          body: latest.body,
          publishAt: toLocalInput(latest.publish_at),
          expireAt: toLocalInput(latest.expire_at),
        };
        const inputs = { category, title, body, publishAt, expireAt };
        for (const [k, input] of Object.entries(inputs)) if (mine[k] === initial[k]) input.value = theirs[k];
        Object.assign(start, {
          base_revision: latest.revision,
          category: latest.category,
          title: latest.title,
          body: latest.body,
          publish_at: latest.publish_at,
          expire_at: latest.expire_at,
        });
        Object.assign(initial, theirs);
        update();
        stalePanel.hidden = true;
        fill(stalePanel);
        fill(formError);
        ctx.flash(t('editor.stale_ready'), 'info');
        submit.focus();
      });
      fill(stalePanel,
        h('h2', null, t('editor.stale_heading', { by: latest.updated_by || '', time: formatDateTime(latest.updated_at) })),
        renderRevisionDiff(from, latest),
        h('p', { class: 'hint' }, t('editor.stale_hint')),
        use);
      stalePanel.hidden = false;
    } catch (err) {
      // The message above already says to reload.
    }
  }

  // Enter in a one-line field does not publish: a cadre confirming a word of their input method or
  // ending the title expects the next field, not a notice on every screen of the village.
  form.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' || event.isComposing || event.keyCode === 229) return;
    if (event.target.tagName !== 'INPUT') return;
    event.preventDefault();
    if (event.target === title) body.focus();
  });

  cancel.addEventListener('click', () => ctx.go(isNew ? '/notices' : `/notices/${notice.id}`));

  return {
    isDirty() {
      if (saved) return false;
      const now = current();
      return Object.keys(initial).some((k) => now[k] !== initial[k]);
    },
    snapshot() {
      return { key, start, values: current() };
    },
  };
}
