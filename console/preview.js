// The kiosk's notice page in HTML: category chip, large title, publisher and date, and the body as
// the kiosk draws it (kiosk/screens/notices_screen.cpp: one wrapped text, nothing parsed).

import { h, fill } from './dom.js';
import { t } from './i18n.js';
import { formatDateTime } from './time.js';

// The body as the kiosk shows it: the text as typed, wrapped, with its line breaks, blank lines,
// runs of spaces and "- " / "1. " markers kept (the element's white-space is pre-wrap). No bullets,
// no renumbering: what the preview shows is what every terminal will show.
// The container (.preview-body, .notice-body) carries the pre-wrap; this is its one text node.
export function renderBody(body) {
  return document.createTextNode(String(body ?? '').replace(/\r\n?/g, '\n'));
}

// Fills `target` (#preview) with the notice as the kiosk shows it.
// draft: {category, title, body, regionName, regionLevel, publishAt, expireAt} (times UTC ISO or null).
export function renderPreview(target, draft) {
  const category = draft.category ? t(`category.${draft.category}`) : '';
  const level = draft.regionLevel ? t(`level.${draft.regionLevel}`) : '';
  const publisher = t('preview.publisher', { name: draft.regionName || '', level });
  const when = draft.publishAt ? formatDateTime(draft.publishAt) : formatDateTime(new Date().toISOString());
  const title = draft.title && draft.title.trim() ? draft.title.trim() : t('preview.title_placeholder');
  const bodyText = draft.body && draft.body.trim() ? renderBody(draft.body) : h('p', { class: 'placeholder' }, t('preview.body_placeholder'));
  const schedule = t('preview.schedule', {
    from: draft.publishAt ? t('preview.from', { time: formatDateTime(draft.publishAt) }) : t('preview.from_now'),
    to: draft.expireAt ? t('preview.to', { time: formatDateTime(draft.expireAt) }) : t('preview.no_end'),
  });
  fill(target,
    h('div', { class: 'kiosk-screen' },
      category ? h('span', { class: 'preview-chip' }, category) : null,
      h('h3', { class: 'preview-title' }, title),
      h('p', { class: 'preview-meta' }, `${publisher} · ${t('preview.published', { time: when })}`),
      h('div', { class: 'preview-body' }, bodyText)),
    h('p', { class: 'preview-note' }, schedule));
}
