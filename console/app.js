// The console's start: resume or ask for a session, draw the top bar, and hand each route to its page.

import { h, fill, clear } from './dom.js';
import { t, currentLang, setLang, applyDocumentLang } from './i18n.js';
import { api, onSessionLost, setCsrf, describeError } from './api.js';
import { parse, startRouter } from './router.js';
import { renderLogin } from './login.js';
import { renderNoticeList, renderNoticeDetail } from './notices.js';
import { renderEditor } from './editor.js';
import { renderTerminals } from './terminals.js';
import { renderAudit } from './audit.js';
import { renderComplaintList, renderComplaintDetail } from './complaints.js';

const ACTIVE_KEY = 'sunlight.console.active';  // "a session was open in this tab": tells expiry from a first visit

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const userBox = document.getElementById('user-box');
const flashBox = document.getElementById('flash');
const langButton = document.getElementById('lang-toggle');

// The skip link moves focus to <main> without touching the hash (the hash is the router's).
document.getElementById('skip-link').addEventListener('click', (event) => {
  event.preventDefault();
  main.focus();
  main.scrollIntoView();
});

const state = {
  user: null,
  regions: [],
  regionMap: new Map(),
  view: null,         // the page on screen: {dispose?, isDirty?, snapshot?}
  drafts: new Map(),  // route path → what an editor held when it was taken off screen (memory only)
  generation: 0,      // bumps on every page change so late replies for an old page are dropped
};

// ---- What the user may do ------------------------------------------------------------------

function levelOf(code) {
  const region = state.regionMap.get(code);
  if (region && region.level) return region.level;
  return code.length === 6 ? 'district' : code.length === 9 ? 'town' : 'village';
}

function canWrite(code) {
  const region = state.regionMap.get(code);
  if (region) return region.writable === true;
  // Regions could not be read: the protocol's rule (own region and below, never an auditor).
  return !!state.user && state.user.role !== 'auditor' && code.startsWith(state.user.region);
}

function mayTerminals() {
  const u = state.user;
  return !!u && (u.role === 'district_admin' || (u.role === 'auditor' && levelOf(u.region) === 'district'));
}

function mayAudit() {
  const u = state.user;
  return !!u && ['town_admin', 'district_admin', 'auditor'].includes(u.role);
}

function regionName(code) {
  const region = state.regionMap.get(code);
  return region && region.name ? region.name : code;
}

// ---- Flash line and page chrome ------------------------------------------------------------

let flashTimer = null;
function flash(text, kind = 'ok') {
  clearTimeout(flashTimer);
  fill(flashBox, text);
  flashBox.className = `flash flash-${kind}`;
  // An error stays until the next message: a person must get to read it.
  if (kind === 'error') return;
  flashTimer = setTimeout(() => {
    clear(flashBox);
    flashBox.className = 'flash';
  }, 8000);
}

function renderChrome() {
  applyDocumentLang();
  document.getElementById('brand-title').textContent = t('app.title');
  document.getElementById('brand-sub').textContent = t('app.subtitle');
  document.getElementById('skip-link').textContent = t('app.skip');
  langButton.textContent = t('lang.toggle');
  langButton.setAttribute('aria-label', t('lang.toggle_label'));
  langButton.setAttribute('lang', currentLang() === 'zh' ? 'en' : 'zh-CN');
  nav.setAttribute('aria-label', t('nav.label'));
  clear(nav);
  clear(userBox);
  if (!state.user) return;
  const link = (id, route, key) => h('a', { id, href: `#${route}`, class: 'nav-link' }, t(key));
  nav.appendChild(link('nav-notices', '/notices', 'nav.notices'));
  nav.appendChild(link('nav-complaints', '/complaints', 'nav.complaints'));
  if (mayTerminals()) nav.appendChild(link('nav-terminals', '/terminals', 'nav.terminals'));
  if (mayAudit()) nav.appendChild(link('nav-audit', '/audit', 'nav.audit'));
  const who = state.user.display_name || state.user.username;
  const logout = h('button', { id: 'logout', type: 'button', class: 'button on-dark' }, t('top.logout'));
  logout.addEventListener('click', logOut);
  userBox.appendChild(h('span', { id: 'whoami' },
    h('span', { class: 'who-name' }, t('common.paren', { a: who, b: t(`role.${state.user.role}`) })),
    h('span', { class: 'who-region' }, regionName(state.user.region))));
  userBox.appendChild(logout);
  markNav(router.current());
}

function markNav(route) {
  for (const a of nav.querySelectorAll('a')) {
    const section = a.id.replace('nav-', '');
    const on = section === 'notices' ? ['notices', 'new', 'notice', 'edit'].includes(route.name)
      : section === 'complaints' ? ['complaints', 'complaint'].includes(route.name) : section === route.name;
    if (on) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

// ---- Pages ---------------------------------------------------------------------------------

function takeDownView() {
  const view = state.view;
  state.view = null;
  state.generation++;
  if (!view) return;
  if (view.snapshot && view.isDirty && view.isDirty() && state.user) {
    const snap = view.snapshot();
    if (snap) state.drafts.set(snap.key, { ...snap, username: state.user.username });
  }
  if (view.dispose) view.dispose();
}

function context() {
  const generation = state.generation;
  return {
    user: state.user,
    regions: state.regions,
    regionMap: state.regionMap,
    regionName,
    levelOf,
    canWrite,
    mayTerminals,
    flash,
    go: (path, force) => router.go(path, force),
    // False once the page has changed: a reply that arrives late must not draw.
    live: () => generation === state.generation && state.user !== null,
    takeDraft(key) {
      const draft = state.drafts.get(key);
      state.drafts.delete(key);
      return draft && draft.username === state.user.username ? draft : null;
    },
    dropDraft(key) {
      state.drafts.delete(key);
    },
  };
}

function noPage() {
  return h('section', { class: 'page' },
    h('h1', { tabindex: '-1' }, t('error.not_found_page')),
    h('p', null, h('a', { href: '#/notices' }, t('detail.back'))));
}

function show(route, focus = true) {
  takeDownView();
  if (!state.user) return;
  markNav(route);
  clear(main);
  const ctx = context();
  let view = null;
  switch (route.name) {
    case 'notices': view = renderNoticeList(main, ctx); break;
    case 'notice': view = renderNoticeDetail(main, ctx, route.id); break;
    case 'new': view = renderEditor(main, ctx, null); break;
    case 'edit': view = renderEditor(main, ctx, route.id); break;
    case 'terminals': view = renderTerminals(main, ctx); break;
    case 'audit': view = renderAudit(main, ctx); break;
    case 'complaints': view = renderComplaintList(main, ctx); break;
    case 'complaint': view = renderComplaintDetail(main, ctx, route.key); break;
    default: main.appendChild(noPage());
  }
  state.view = view || null;
  if (focus) {
    const heading = main.querySelector('h1');
    if (heading) heading.focus({ preventScroll: false });
  }
  window.scrollTo(0, 0);
}

// True when leaving the page is fine: nothing unsaved, or the person says so.
function mayLeave() {
  const view = state.view;
  if (!view || !view.isDirty || !view.isDirty()) return true;
  return window.confirm(t('confirm.leave'));
}

const router = startRouter((route) => show(route), mayLeave);

// ---- Sessions ------------------------------------------------------------------------------

function markActive(on) {
  try {
    if (on) window.sessionStorage.setItem(ACTIVE_KEY, '1');
    else window.sessionStorage.removeItem(ACTIVE_KEY);
  } catch {
    // No storage: an expiry on reload is then told as a plain login.
  }
}

function wasActive() {
  try {
    return window.sessionStorage.getItem(ACTIVE_KEY) === '1';
  } catch {
    return false;
  }
}

async function loadRegions() {
  try {
    const reply = await api.regions();
    state.regions = Array.isArray(reply.regions) ? reply.regions : [];
  } catch (err) {
    if (err.handled) throw err;
    state.regions = [];
  }
  state.regionMap = new Map(state.regions.map((r) => [r.code, r]));
}

async function startSession(user) {
  state.user = user;
  markActive(true);
  try {
    await loadRegions();
  } catch {
    return;  // the session ended at once: the login page is already up
  }
  renderChrome();
  show(parse(window.location.hash));
}

function showLogin(options = {}) {
  takeDownView();
  state.user = null;
  state.regions = [];
  state.regionMap = new Map();
  setCsrf(null);
  renderChrome();
  renderLogin(main, options, (user) => startSession(user));
}

// Any request that finds the session gone lands here (api.js calls it before throwing).
onSessionLost(() => {
  if (!state.user) return;
  const username = state.user.username;
  const hadDraft = !!(state.view && state.view.isDirty && state.view.isDirty());
  markActive(false);
  showLogin({ message: t('login.expired'), note: hadDraft ? t('login.draft_kept') : '', username });
});

// Only a 204 (ended now) or a 401 no_session (already ended) means the browser is logged out. Any
// other answer, or none, leaves the session open: on a shared PC the console must never say
// "logged out" while the cookie still opens the account.
let loggingOut = false;
async function logOut() {
  if (loggingOut || !mayLeave()) return;
  loggingOut = true;
  const button = document.getElementById('logout');
  if (button) button.disabled = true;
  try {
    await api.logout();
  } catch (err) {
    if (!(err.status === 401 && err.word === 'no_session')) {
      const d = describeError(err);
      flash([t('flash.logout_failed'), ' ', d.text, d.detail ? ` ${t('error.server_said', { detail: d.detail })}` : ''], 'error');
      return;
    }
  } finally {
    loggingOut = false;
    const again = document.getElementById('logout');
    if (again) again.disabled = false;
  }
  state.drafts.clear();
  markActive(false);
  state.user = null;
  history.replaceState(null, '', '#/notices');
  showLogin({});
  flash(t('flash.logged_out'));
}

// ---- Language and leaving ------------------------------------------------------------------

langButton.addEventListener('click', () => {
  setLang(currentLang() === 'zh' ? 'en' : 'zh');
  if (state.user) {
    // Redraw in the other language; an editor's text goes through the draft store untouched.
    renderChrome();
    show(router.current(), false);
    langButton.focus();
  } else {
    const username = document.getElementById('login-username');
    renderChrome();
    renderLogin(main, { username: username ? username.value : '' }, (user) => startSession(user));
    langButton.focus();
  }
});

window.addEventListener('beforeunload', (event) => {
  const view = state.view;
  if (view && view.isDirty && view.isDirty()) {
    event.preventDefault();
    event.returnValue = '';
  }
});

// ---- Start ---------------------------------------------------------------------------------

async function boot() {
  renderChrome();
  fill(main, h('p', { class: 'loading' }, t('app.loading')));
  try {
    const reply = await api.session();
    setCsrf(reply.csrf_token);
    await startSession(reply.user);
  } catch (err) {
    if (err.status === 401) {
      const expired = wasActive();
      markActive(false);
      showLogin(expired ? { message: t('login.expired') } : {});
    } else {
      const d = describeError(err);
      const retry = h('button', { type: 'button', class: 'button' }, t('error.retry'));
      retry.addEventListener('click', boot);
      fill(main, h('section', { class: 'page' },
        h('div', { class: 'error-box', role: 'alert' }, d.text, d.detail ? h('span', { class: 'note' }, t('error.server_said', { detail: d.detail })) : null),
        retry));
    }
  }
}

boot();
