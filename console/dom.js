// DOM building without HTML strings: every piece of text becomes a text node, so data never runs as markup.

// h('tr', {class: 'x', dataset: {noticeId: 4}}, child, 'text', [more]) — attributes are set one by
// one (never on* handlers: the CSP forbids them and listeners go through `on`), children are nodes
// or strings (strings become text nodes), arrays are flattened, null/false are skipped.
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [key, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      if (key === 'class') el.className = value;
      else if (key === 'text') el.textContent = value;
      else if (key === 'dataset') Object.assign(el.dataset, value);
      else if (key === 'on') for (const [type, fn] of Object.entries(value)) el.addEventListener(type, fn);
      else if (key === 'value') el.value = value;
      else if (key === 'checked' || key === 'selected' || key === 'disabled' || key === 'hidden') el[key] = Boolean(value);
      else if (key.startsWith('on')) throw new Error(`inline handler ${key} refused`);
      else el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else if (child instanceof Node) el.appendChild(child);
    else el.appendChild(document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

// Replaces the content of `el` with `children`.
export function fill(el, ...children) {
  clear(el);
  return append(el, children);
}

// Text with its line breaks kept as <br> elements (still text nodes only).
export function lines(text) {
  const out = [];
  String(text).split('\n').forEach((line, i) => {
    if (i > 0) out.push(document.createElement('br'));
    out.push(document.createTextNode(line));
  });
  return out;
}

// Characters as the server counts them: Unicode code points, not UTF-16 units.
export function codePoints(s) {
  return Array.from(s).length;
}
