// The cadre API over fetch: the session cookie travels by itself, the CSRF token is held in memory only.

import { t, has } from './i18n.js';

export class ApiError extends Error {
  constructor(status, word, detail, retryAfter) {
    super(`${status} ${word}: ${detail}`);
    this.status = status;    // 0 when the server could not be reached
    this.word = word;        // the protocol's error word, or 'network'
    this.detail = detail;    // the server's English sentence
    this.retryAfter = retryAfter;  // seconds, or null
    this.handled = false;    // true once the app has shown the login page for it
  }

  // For bad_field: the field the detail starts with ("title: must be …" → "title").
  get field() {
    if (this.word !== 'bad_field') return null;
    const m = /^([a-z_]+)\s*:/.exec(this.detail || '');
    return m ? m[1] : null;
  }
}

let csrfToken = null;
let sessionLost = null;

export function setCsrf(token) {
  csrfToken = typeof token === 'string' && token ? token : null;
}

// Called with the error when a request (other than logging in or out) gets 401 no_session.
export function onSessionLost(fn) {
  sessionLost = fn;
}

export async function request(method, path, body) {
  const headers = { Accept: 'application/json' };
  const init = { method, headers, credentials: 'same-origin', cache: 'no-store' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let res;
  try {
    res = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, 'network', String(e && e.message ? e.message : e), null);
  }
  if (res.status === 204) return null;
  let data = null;
  try {
    data = await res.json();
  } catch {
    data = null;
  }
  if (!res.ok) {
    const word = data && typeof data.error === 'string' ? data.error : 'error';
    const detail = data && typeof data.detail === 'string' ? data.detail : `HTTP status ${res.status}`;
    const retry = Number.parseInt(res.headers.get('Retry-After') || '', 10);
    const err = new ApiError(res.status, word, detail, Number.isFinite(retry) ? retry : null);
    // Logging in and out answer for themselves: their 401 is not "the session ran out".
    const ownSession = (method === 'POST' || method === 'DELETE') && path === '/v1/session';
    if (res.status === 401 && word === 'no_session' && !ownSession && sessionLost) {
      err.handled = true;
      sessionLost(err);
    }
    throw err;
  }
  if (data === null) throw new ApiError(res.status, 'error', 'the reply was not JSON', null);
  return data;
}

export const api = {
  session: () => request('GET', '/v1/session'),
  login: (username, password) => request('POST', '/v1/session', { username, password, cookie: true }),
  logout: () => request('DELETE', '/v1/session'),
  regions: () => request('GET', '/v1/regions'),
  notices: (region) => request('GET', region ? `/v1/notices?region=${encodeURIComponent(region)}` : '/v1/notices'),
  notice: (id) => request('GET', `/v1/notices/${encodeURIComponent(id)}`),
  revisions: (id) => request('GET', `/v1/notices/${encodeURIComponent(id)}/revisions`),
  create: (draft) => request('POST', '/v1/notices', draft),
  update: (id, draft) => request('PUT', `/v1/notices/${encodeURIComponent(id)}`, draft),
  retract: (id, reason) => request('POST', `/v1/notices/${encodeURIComponent(id)}/retract`, { reason }),
  terminals: () => request('GET', '/v1/terminals'),
  complaints: (params) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params || {})) if (v !== null && v !== undefined && v !== '' && v !== false) q.set(k, String(v));
    const s = q.toString();
    return request('GET', s ? `/v1/complaints?${s}` : '/v1/complaints');
  },
  complaint: (no) => request('GET', `/v1/complaints/${encodeURIComponent(no)}`),
  acceptComplaint: (no) => request('POST', `/v1/complaints/${encodeURIComponent(no)}/accept`, {}),
  replyComplaint: (no, text) => request('POST', `/v1/complaints/${encodeURIComponent(no)}/reply`, { text }),
  closeComplaint: (no, resolution, note) => request('POST', `/v1/complaints/${encodeURIComponent(no)}/close`,
    note ? { resolution, note } : { resolution }),
  revealPhone: (no) => request('POST', `/v1/complaints/${encodeURIComponent(no)}/reveal`, {}),
  audit: (params) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params || {})) if (v !== null && v !== undefined && v !== '') q.set(k, String(v));
    const s = q.toString();
    return request('GET', s ? `/v1/audit?${s}` : '/v1/audit');
  },
};

// A person's sentence for an error: the Chinese (or English) words and, apart, what the server said.
export function describeError(err) {
  if (!(err instanceof ApiError)) return { text: t('error.other'), detail: err && err.message ? String(err.message) : '' };
  const server = err.status ? err.detail : '';
  switch (err.word) {
    case 'network': return { text: t('error.network'), detail: '' };
    case 'bad_field': {
      const field = err.field;
      const name = field && has(`field.${field}`) ? t(`field.${field}`) : (field || t('error.other'));
      return { text: t('error.bad_field', { field: name }), detail: server, field };
    }
    case 'forbidden': case 'stale_revision': case 'retracted': case 'csrf': case 'busy':
    case 'unknown_notice': case 'bad_parameter': case 'too_large': case 'no_session':
    case 'bad_transition': case 'unknown_complaint':
      return { text: t(`error.${err.word}`), detail: server };
    case 'bad_login': return { text: t('login.bad_login'), detail: '' };
    case 'locked': return { text: t('login.locked', { n: lockMinutes(err) }), detail: '' };
    default:
      if (err.status >= 500) return { text: t('error.server'), detail: server };
      return { text: t('error.other'), detail: server };
  }
}

// Minutes left on a lock: Retry-After in seconds, rounded up; else the number in the detail.
export function lockMinutes(err) {
  if (err.retryAfter !== null && err.retryAfter !== undefined) return Math.max(1, Math.ceil(err.retryAfter / 60));
  const m = /(\d+)\s+more\s+minute/.exec(err.detail || '');
  return m ? Math.max(1, Number(m[1])) : 15;
}
