// What changed between two revisions: fields compared whole, the body line by line (longest common subsequence).

import { h } from './dom.js';
import { t } from './i18n.js';
import { formatDateTime } from './time.js';

const CONTEXT = 2;        // unchanged lines kept on each side of a change
const COLLAPSE_OVER = 6;  // longer unchanged runs are folded
// Beyond this many cells of the table the body is shown replaced in full, not matched: 4e6 cells of
// 2 bytes is 8 MB at most, and the lengths fit 16 bits (an LCS is at most min(n, m) ≤ 2000 lines).
export const MAX_CELLS = 4e6;

// Line diff: [{op: 'same'|'del'|'ins', text}] turning `a` into `b`; null when the changed middle is
// too large to compare within MAX_CELLS (the caller then shows the whole old and new text).
export function diffLines(a, b) {
  const x = a.split('\n');
  const y = b.split('\n');
  let start = 0;
  while (start < x.length && start < y.length && x[start] === y[start]) start++;
  let endX = x.length;
  let endY = y.length;
  while (endX > start && endY > start && x[endX - 1] === y[endY - 1]) {
    endX--;
    endY--;
  }
  const out = [];
  for (let i = 0; i < start; i++) out.push({ op: 'same', text: x[i] });
  const mx = x.slice(start, endX);
  const my = y.slice(start, endY);
  const n = mx.length;
  const m = my.length;
  if ((n + 1) * (m + 1) > MAX_CELLS) return null;
  if (n || m) {
    // lengths[i][j] = LCS length of mx[i..] and my[j..], one flat array.
    const w = m + 1;
    const lengths = new Uint16Array((n + 1) * w);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lengths[i * w + j] = mx[i] === my[j]
          ? lengths[(i + 1) * w + j + 1] + 1
          : Math.max(lengths[(i + 1) * w + j], lengths[i * w + j + 1]);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      if (mx[i] === my[j]) {
        out.push({ op: 'same', text: mx[i] });
        i++;
        j++;
      } else if (lengths[(i + 1) * w + j] >= lengths[i * w + j + 1]) {
        out.push({ op: 'del', text: mx[i++] });
      } else {
        out.push({ op: 'ins', text: my[j++] });
      }
    }
    while (i < n) out.push({ op: 'del', text: mx[i++] });
    while (j < m) out.push({ op: 'ins', text: my[j++] });
  }
  for (let i = endX; i < x.length; i++) out.push({ op: 'same', text: x[i] });
  return out;
}

function lineText(text) {
  return text === '' ? t('history.empty_line') : text;
}

function lineElement(op, text) {
  const mark = op === 'del' ? '−' : op === 'ins' ? '+' : ' ';
  const content = op === 'same'
    ? h('span', { class: 'same' }, lineText(text))
    : h(op, { title: t(op === 'del' ? 'history.removed' : 'history.added') }, lineText(text));
  return h('div', { class: `line line-${op}` }, h('span', { class: 'mark', 'aria-hidden': 'true' }, mark), content);
}

// The body diff as elements; long unchanged runs become a button that unfolds them.
export function renderLineDiff(ops) {
  const box = h('div', { class: 'line-diff' });
  let k = 0;
  while (k < ops.length) {
    if (ops[k].op !== 'same') {
      box.appendChild(lineElement(ops[k].op, ops[k].text));
      k++;
      continue;
    }
    let end = k;
    while (end < ops.length && ops[end].op === 'same') end++;
    const run = ops.slice(k, end);
    const keepHead = k === 0 ? 0 : CONTEXT;
    const keepTail = end === ops.length ? 0 : CONTEXT;
    if (run.length > COLLAPSE_OVER && run.length > keepHead + keepTail + 1) {
      run.slice(0, keepHead).forEach((o) => box.appendChild(lineElement('same', o.text)));
      const hidden = run.slice(keepHead, run.length - keepTail);
      const fold = h('button', { type: 'button', class: 'fold' }, t('history.collapsed', { n: hidden.length }));
      fold.addEventListener('click', () => {
        const frag = document.createDocumentFragment();
        hidden.forEach((o) => frag.appendChild(lineElement('same', o.text)));
        fold.replaceWith(frag);
      });
      box.appendChild(fold);
      run.slice(run.length - keepTail).forEach((o) => box.appendChild(lineElement('same', o.text)));
    } else {
      run.forEach((o) => box.appendChild(lineElement('same', o.text)));
    }
    k = end;
  }
  return box;
}

function fieldValue(field, value) {
  if (value === null || value === undefined || value === '') return field === 'expire_at' ? t('detail.never') : t('history.none');
  if (field === 'category') return t(`category.${value}`);
  if (field === 'publish_at' || field === 'expire_at') return formatDateTime(value);
  return String(value);
}

// Too much changed to compare line by line: the whole old text struck out, the whole new text added.
export function renderWholeReplace(before, after) {
  return h('div', { class: 'whole-replace' },
    h('p', { class: 'field-name' }, t('history.whole_replace')),
    h('p', { class: 'field-name' }, t('history.old_text')),
    h('del', { class: 'whole-old', title: t('history.removed') }, before),
    h('p', { class: 'field-name' }, t('history.new_text')),
    h('ins', { class: 'whole-new', title: t('history.added') }, after));
}

// `.diff` for revision `next` against `prev`: changed fields as old → new, then the body's lines.
export function renderRevisionDiff(prev, next) {
  const box = h('div', { class: 'diff' });
  let changed = false;
  for (const field of ['title', 'category', 'publish_at', 'expire_at']) {
    const before = prev[field] ?? null;
    const after = next[field] ?? null;
    if (before === after) continue;
    changed = true;
    box.appendChild(h('p', { class: `field-change field-${field}` },
      h('span', { class: 'field-name' }, t('history.field_change', { field: t(`field.${field}`) })),
      h('del', null, fieldValue(field, before)),
      h('span', { class: 'arrow', 'aria-hidden': 'true' }, ' → '),
      h('ins', null, fieldValue(field, after))));
  }
  if ((prev.body ?? '') === (next.body ?? '')) {
    box.appendChild(h('p', { class: 'body-same' }, t('history.body_same')));
  } else {
    changed = true;
    const ops = diffLines(prev.body ?? '', next.body ?? '');
    if (ops) {
      box.appendChild(h('p', { class: 'field-name' }, t('history.body_changed')));
      box.appendChild(renderLineDiff(ops));
    } else {
      box.appendChild(renderWholeReplace(prev.body ?? '', next.body ?? ''));
    }
  }
  if (!changed) box.insertBefore(h('p', { class: 'body-same' }, t('history.no_change')), box.firstChild);
  return box;
}

// Revision 1 has nothing before it: its fields and full text, folded away in a <details>.
export function renderFirstRevision(rev) {
  const box = h('div', { class: 'diff first' });
  const details = h('details', null,
    h('summary', null, t('history.show_first')),
    ['title', 'category', 'publish_at', 'expire_at'].map((field) => h('p', { class: 'field-change' },
      h('span', { class: 'field-name' }, t('history.field_change', { field: t(`field.${field}`) })),
      fieldValue(field, rev[field]))),
    h('pre', { class: 'first-body' }, rev.body ?? ''));
  box.appendChild(details);
  return box;
}
