// Hash routes (#/notices/46/edit): a reload keeps the page, and nothing secret is ever in a URL.

const ROUTES = [
  { name: 'notices', re: /^\/notices$/ },
  { name: 'new', re: /^\/notices\/new$/ },
  { name: 'notice', re: /^\/notices\/(\d{1,15})$/ },
  { name: 'edit', re: /^\/notices\/(\d{1,15})\/edit$/ },
  { name: 'terminals', re: /^\/terminals$/ },
  { name: 'audit', re: /^\/audit$/ },
  { name: 'complaints', re: /^\/complaints$/ },
  // A tracking number keeps its leading zeros: `key` is the digits as typed, `id` stays null.
  { name: 'complaint', re: /^\/complaints\/(\d{10})$/, text: true },
];

// Only "#/…" is a route; any other hash (an in-page anchor such as #main) means the list.
export function isRoute(hash) {
  return !hash || hash === '#' || hash.startsWith('#/');
}

export function parse(hash) {
  const path = isRoute(hash) ? (hash || '').replace(/^#/, '') || '/notices' : '/notices';
  for (const route of ROUTES) {
    const m = route.re.exec(path);
    if (m) {
      if (route.text) return { name: route.name, id: null, key: m[1], path };
      return { name: route.name, id: m[1] ? Number(m[1]) : null, path };
    }
  }
  return { name: 'unknown', id: null, path };
}

// Calls `onRoute(route)` on every hash change the guard lets through. `guard()` returns true when
// leaving is fine (it asks the person when they have unsaved changes); a refused change puts the
// old hash back without calling onRoute again.
export function startRouter(onRoute, guard) {
  let current = isRoute(window.location.hash) ? window.location.hash : '';
  let restoring = false;  // the hashchange we caused by putting the old hash back
  let approved = false;   // the hashchange go() caused, already let through
  window.addEventListener('hashchange', () => {
    if (restoring) {
      restoring = false;
      return;
    }
    // An anchor that is not a route (#main): not a page change, so no prompt and no redraw.
    // Coming back from such an anchor to the page on screen changes nothing either.
    if (!isRoute(window.location.hash) || (!approved && window.location.hash === current)) return;
    if (!approved && !guard()) {
      restoring = true;
      window.location.hash = current;
      return;
    }
    approved = false;
    current = window.location.hash;
    onRoute(parse(current));
  });
  return {
    current: () => parse(isRoute(window.location.hash) ? window.location.hash : current),
    // Navigate from code; `force` skips the guard (after a save the editor is clean anyway).
    go(path, force = false) {
      const hash = `#${path}`;
      if (!force && !guard()) return;
      if (window.location.hash === hash) {
        onRoute(parse(hash));
        return;
      }
      approved = true;
      window.location.hash = hash;
    },
  };
}
