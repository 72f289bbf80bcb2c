// The kiosk's notice page in HTML: category chip, large title, publisher and date, paragraphs and lists.

import { h, fill } from './dom.js';
import { t } from './i18n.js';
import { formatDateTime } from './time.js';

// Exactly the markers the protocol names (section 7.2), so the preview never promises more.
const BULLET = /^- (.*)$/;                // "- 第一项"
const NUMBERED = /^(\d{1,3})\. (.*)$/;   // "1. 第一项"

// Body text → blocks: paragraphs are separated by blank lines; inside one, lines beginning
// "- " are bullet items and "1. " numbered items; other lines are text kept on their own line.
export function splitBody(body) {
  const blocks = [];
  const paragraphs = String(body || '').replace(/\r\n?/g, '\n').split(/\n[ \t\u3000]*\n/);
  for (const para of paragraphs) {
    let current = null;
    for (const raw of para.split('\n')) {
      const line = raw.replace(/\s+$/, '');
      if (line.trim() === '') continue;
      const bullet = BULLET.exec(line);
      const numbered = bullet ? null : NUMBERED.exec(line);
      if (bullet) {
        if (!current || current.type !== 'ul') blocks.push((current = { type: 'ul', items: [] }));
        current.items.push(bullet[1]);
      } else if (numbered) {
        if (!current || current.type !== 'ol') blocks.push((current = { type: 'ol', start: Number(numbered[1]), items: [] }));
        current.items.push(numbered[2]);
      } else {
        if (!current || current.type !== 'p') blocks.push((current = { type: 'p', lines: [] }));
        current.lines.push(line);
      }
    }
  }
  return blocks;
}

// The body as elements, for the preview and the notice page.
export function renderBody(body) {
  return splitBody(body).map((block) => {
    if (block.type === 'p') {
      const p = h('p');
      block.lines.forEach((line, i) => {
        if (i > 0) p.appendChild(h('br'));
        p.appendChild(document.createTextNode(line));
      });
      return p;
    }
    const list = h(block.type, block.type === 'ol' && block.start !== 1 ? { start: block.start } : null);
    for (const item of block.items) list.appendChild(h('li', null, item));
    return list;
  });
}

// Fills `target` (#preview) with the notice as the kiosk shows it.
// draft: {category, title, body, regionName, regionLevel, publishAt, expireAt} (times UTC ISO or null).
export function renderPreview(target, draft) {
  const category = draft.category ? t(`category.${draft.category}`) : '';
  const level = draft.regionLevel ? t(`level.${draft.regionLevel}`) : '';
  const publisher = t('preview.publisher', { name: draft.regionName || '', level });
  const when = draft.publishAt ? formatDateTime(draft.publishAt) : formatDateTime(new Date().toISOString());
  const title = draft.title && draft.title.trim() ? draft.title.trim() : t('preview.title_placeholder');
  const bodyBlocks = draft.body && draft.body.trim() ? renderBody(draft.body) : [h('p', { class: 'placeholder' }, t('preview.body_placeholder'))];
  const schedule = t('preview.schedule', {
    from: draft.publishAt ? t('preview.from', { time: formatDateTime(draft.publishAt) }) : t('preview.from_now'),
    to: draft.expireAt ? t('preview.to', { time: formatDateTime(draft.expireAt) }) : t('preview.no_end'),
  });
  fill(target,
    h('div', { class: 'kiosk-screen' },
      category ? h('span', { class: 'preview-chip' }, category) : null,
      h('h3', { class: 'preview-title' }, title),
      h('p', { class: 'preview-meta' }, `${publisher} · ${t('preview.published', { time: when })}`),
      h('div', { class: 'preview-body' }, bodyBlocks)),
    h('p', { class: 'preview-note' }, schedule));
}
