// The locked account, the district administrator's pages (terminals, audit), English, a phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  USERS, DISTRICT, startFeed, launchBrowser, openPage, login, keep, apiLogin,
} from './harness.mjs';

let feed;
let browser;
before(async () => { feed = await startFeed(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await feed?.stop(); });

test('five wrong passwords lock the account, even against the right one', async () => {
  const page = await openPage(browser);
  await page.goto(`${feed.url}/console/`);
  const attempt = async (password, expected) => {
    await page.fill('#login-username', 'lijun');
    await page.fill('#login-password', password);
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/v1/session') && r.request().method() === 'POST'),
      page.click('#login-submit'),
    ]);
    await page.waitForFunction((re) => new RegExp(re).test(document.querySelector('#login-error')?.textContent ?? ''),
      expected.source);
    return response.status();
  };
  for (let i = 1; i <= 4; ++i) await attempt(`wrong password ${i}`, /用户名或密码错误/);
  assert.equal(await attempt('wrong password 5', /锁定/), 429);
  await keep(page, 'locked');
  // The right password is refused while the lock lasts.
  assert.equal(await attempt(USERS.lijun.password, /锁定/), 429);
  assert.equal(await page.locator('#whoami').count(), 0);
  const r = await fetch(`${feed.url}/v1/session`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'LiJun', password: USERS.lijun.password }),
  });
  assert.equal(r.status, 429);
  assert.equal((await r.json()).error, 'locked');
  assert.ok(Number(r.headers.get('retry-after')) > 0);
  assert.deepEqual(page.problems, []);
});

test('the district administrator sees every terminal\'s health and the audit trail', async () => {
  // One kiosk reports in; the other terminals have never been heard from.
  const beat = await fetch(`${feed.url}/v1/terminals/heartbeat`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${feed.kioskToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ version: 'sunlight-kiosk 0.6.0', data_seq: 12, last_error: '' }),
  });
  assert.equal(beat.status, 204);

  const page = await openPage(browser);
  await login(page, feed, 'zhangjg');
  await page.waitForSelector('#nav-terminals');
  await page.click('#nav-terminals');
  await page.waitForSelector('#terminal-list tr[data-terminal-id]');
  const rows = await page.$$eval('#terminal-list tr[data-terminal-id]', (rs) => rs.map((r) => r.textContent));
  assert.equal(rows.length, 3);
  const online = rows.filter((t) => /在线/.test(t));
  assert.equal(online.length, 1);
  assert.match(online[0], /sunlight-kiosk 0\.6\.0/);
  assert.equal(rows.filter((t) => /离线/.test(t)).length, 2);
  await keep(page, 'terminals');

  // The audit trail has the failed logins and the lock of the test above, filterable.
  await page.click('#nav-audit');
  await page.waitForSelector('#audit-list tr .action');
  await page.selectOption('#audit-action', 'user.locked');
  await page.click('#audit-apply');
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll('#audit-list tr .action')];
    return rows.length > 0;
  });
  const targets = await page.$$eval('#audit-list tr .target', (ts) => ts.map((t) => t.textContent));
  assert.ok(targets.length >= 1 && targets.every((t) => /lijun/.test(t)), targets.join());
  await keep(page, 'audit');
  assert.deepEqual(page.problems, []);
});

test('hostile text in a title is text in the history and the audit trail; a huge change is shown replaced in full', async () => {
  const call = await apiLogin(feed, 'zhangjg');
  const hostile = '<img src=x onerror=alert(1)>';
  // 3000 lines each side, none alike: 9 million cells, past the line diff's cap.
  const oldBody = Array.from({ length: 3000 }, (_, i) => `旧${i}`).join('\n');
  const newBody = Array.from({ length: 3000 }, (_, i) => `新${i}`).join('\n');
  const made = await call('POST', '/v1/notices', { region: DISTRICT, category: 'public_notice', title: hostile, body: oldBody });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const id = made.body.id;
  const edited = await call('PUT', `/v1/notices/${id}`, {
    base_revision: 1, region: DISTRICT, category: 'public_notice', title: `${hostile} 更正`, body: newBody,
    publish_at: made.body.publish_at, expire_at: null,
  });
  assert.equal(edited.status, 200, JSON.stringify(edited.body));

  const page = await openPage(browser);
  await login(page, feed, 'zhangjg');
  await page.waitForSelector('#notice-list');
  await page.goto(`${feed.url}/console/#/notices/${id}`);
  await page.waitForSelector('#history .history-item:nth-child(2)');
  assert.equal(await page.textContent('#detail-title'), `${hostile} 更正`);
  const latest = page.locator('#history .history-item').first();
  assert.equal(await latest.locator('.field-title del').textContent(), hostile);
  assert.equal(await latest.locator('.field-title ins').textContent(), `${hostile} 更正`);
  // The body: not matched line by line, but the whole old text struck out and the new one added.
  assert.equal(await latest.locator('.whole-replace').count(), 1);
  assert.match(await latest.locator('.whole-replace').textContent(), /全文替换/);
  assert.equal(await latest.locator('.whole-replace del').textContent(), oldBody);
  assert.equal(await latest.locator('.whole-replace ins').textContent(), newBody);
  assert.equal(await latest.locator('.line-diff').count(), 0);
  assert.equal(await page.locator('main img').count(), 0);

  // The audit trail's details carry the title, as text.
  await page.click('#nav-audit');
  await page.waitForSelector('#audit-list tr .action');
  await page.selectOption('#audit-action', 'notice.publish');
  await page.click('#audit-apply');
  const row = page.locator(`#audit-list tr:has(.target .raw:text-is("notice:${id}"))`);
  await row.first().waitFor();
  assert.match(await row.first().locator('.detail').textContent(), /<img src=x onerror=alert\(1\)>/);
  assert.equal(await page.locator('main img').count(), 0);
  await keep(page, 'hostile-audit');
  assert.deepEqual(page.problems, []);
});

test('an exact action filter with no match in the rows read so far offers more, not "no entries"', async () => {
  const page = await openPage(browser);
  await login(page, feed, 'zhangjg');
  await page.waitForSelector('#nav-audit');
  // A trail whose newest rows are all failed logins: the server's prefix user.login matches them,
  // the console's exact filter does not, and there are always more.
  const asked = [];
  await page.route('**/v1/audit?*', (route) => {
    const q = new URL(route.request().url()).searchParams;
    asked.push(Object.fromEntries(q));
    const top = Number(q.get('before') || 100000);
    const entries = Array.from({ length: 100 }, (_, i) => ({
      id: top - 1 - i, at: '2030-01-01T00:00:00Z', actor: 'anonymous', remote_addr: '127.0.0.1',
      action: 'user.login_failed', target: 'user:lijun', region: '', detail: null,
    }));
    return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ entries, more: true }) });
  });
  await page.click('#nav-audit');
  await page.waitForSelector('#audit-list');
  await page.selectOption('#audit-action', 'user.login');
  await page.click('#audit-apply');
  const offersMore = () => page.waitForFunction(() => !document.querySelector('#audit-more').hidden
    && /已读取的记录中没有符合条件的/.test(document.querySelector('main').textContent));
  await offersMore();
  assert.equal(await page.locator('#audit-list tbody tr').count(), 0);
  assert.ok(await page.isVisible('#audit-more'));
  assert.doesNotMatch(await page.textContent('main'), /没有符合条件的记录/);
  assert.ok(asked.some((q) => q.action === 'user.login'));
  const n = asked.length;
  await page.click('#audit-more');
  await offersMore();
  assert.ok(asked.length > n);
  assert.equal(await page.locator('#audit-list tbody tr').count(), 0);
  await page.unroute('**/v1/audit?*');
  assert.deepEqual(page.problems, []);
});

test('English on request, and a phone-sized screen needs no sideways scrolling', async () => {
  const page = await openPage(browser, { phone: true });
  await page.goto(`${feed.url}/console/`);
  await page.waitForSelector('#login-form');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.match(await page.textContent('#login-submit'), /登录/);
  await page.click('#lang-toggle');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.match(await page.textContent('#login-submit'), /Log ?in|Sign in/i);
  await page.reload();
  await page.waitForSelector('#login-form');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await page.click('#lang-toggle');
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');

  await login(page, feed, 'wangfang');
  await page.waitForSelector('#notice-list');
  const fits = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
  assert.ok(await fits(), 'the notice list is wider than the phone');
  await keep(page, 'phone-list');
  await page.click('#new-notice');
  await page.waitForSelector('#notice-form');
  await page.fill('#f-title', '关于开展冬季防火安全检查的通知');
  await page.fill('#f-body', '各村：\n\n请于本月底前完成检查。\n1. 检查电线\n2. 检查灶台');
  await page.click('#preview-button');
  await page.waitForSelector('#preview .preview-title');
  assert.ok(await fits(), 'the editor is wider than the phone');
  // Tap targets a finger can hit.
  const small = await page.$$eval('#notice-form button, #notice-form select, #notice-form input',
    (els) => els.filter((e) => e.offsetParent && e.getBoundingClientRect().height < 44).map((e) => e.id || e.tagName));
  assert.deepEqual(small, []);
  await keep(page, 'phone-editor');
  assert.deepEqual(page.problems, []);
});
