// The login page: cookie login, the lock and expiry messages, what the person typed kept on a failure.

import { h, fill } from './dom.js';
import { t } from './i18n.js';
import { api, describeError, setCsrf } from './api.js';

// Shows the login form in `main`; calls onLoggedIn(user) after a successful login.
// options: {message: a line shown before anyone types (expired session), note: a second line,
// username: to fill in}.
export function renderLogin(main, options, onLoggedIn) {
  const error = h('div', { id: 'login-error', role: 'alert', class: 'error-box' });
  const username = h('input', {
    id: 'login-username', name: 'username', type: 'text', autocomplete: 'username',
    autocapitalize: 'none', spellcheck: 'false', required: true, maxlength: '64',
    value: options.username || '',
  });
  const password = h('input', {
    id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password',
    required: true, maxlength: '256',
  });
  const show = h('input', { id: 'login-show', type: 'checkbox' });
  show.addEventListener('change', () => {
    password.type = show.checked ? 'text' : 'password';
  });
  const submit = h('button', { id: 'login-submit', type: 'submit', class: 'button primary wide' }, t('login.submit'));
  const form = h('form', { id: 'login-form', novalidate: true, 'aria-labelledby': 'login-heading' },
    h('div', { class: 'field' }, h('label', { for: 'login-username' }, t('login.username')), username),
    h('div', { class: 'field' }, h('label', { for: 'login-password' }, t('login.password')), password,
      h('label', { class: 'check', for: 'login-show' }, show, t('login.show_password'))),
    error,
    submit);

  const showError = (text) => {
    fill(error, text);
  };
  if (options.message) fill(error, options.message, options.note ? h('span', { class: 'note' }, options.note) : null);

  let busy = false;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (busy) return;
    const name = username.value.trim();
    if (!name) {
      showError(t('login.need_username'));
      username.focus();
      return;
    }
    if (!password.value) {
      showError(t('login.need_password'));
      password.focus();
      return;
    }
    busy = true;
    submit.disabled = true;
    submit.textContent = t('login.busy');
    fill(error);
    try {
      const reply = await api.login(name, password.value);
      setCsrf(reply.csrf_token);
      password.value = '';
      onLoggedIn(reply.user);
    } catch (err) {
      const d = describeError(err);
      showError(d.text);
      if (err.word === 'bad_login') {
        password.value = '';
        password.focus();
      }
    } finally {
      busy = false;
      submit.disabled = false;
      submit.textContent = t('login.submit');
    }
  });

  fill(main,
    h('section', { class: 'login-page' },
      h('div', { class: 'card login-card' },
        h('h1', { id: 'login-heading', tabindex: '-1' }, t('login.heading')),
        h('p', { class: 'intro' }, t('login.intro')),
        form)));
  (username.value ? password : username).focus();
}
