// Who may do what, in the console and behind it: a village cadre cannot edit another village's
// notice (no controls, and the API refuses), a town administrator can, an auditor only reads;
// writes without the CSRF token are refused; a typed <script> stays text everywhere.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  VILLAGE, TOWN, startFeed, launchBrowser, openPage, login, keep, apiLogin, addUser, noticeEntries,
} from './harness.mjs';

let feed;
let browser;
let otherNotice;  // published by the cadre of another village
before(async () => {
  feed = await startFeed({ scale: 'town' });
  browser = await launchBrowser();
  assert.ok(feed.secondVillage, 'the town-scale demo has a second village');
  addUser(feed, 'zhaomin', 'village_cadre', feed.secondVillage, 'second village 5', '赵敏');
  const api = await apiLogin(feed, 'zhaomin', 'second village 5');
  const r = await api('POST', '/v1/notices', {
    region: feed.secondVillage, category: 'finance', title: '二组土地流转费公示', body: '详见村委会公告栏。',
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  otherNotice = r.body;
});
after(async () => { await browser?.close(); await feed?.stop(); });

async function csrfFetch(page, method, path, body, { withToken = true } = {}) {
  return page.evaluate(async ({ method, path, body, withToken }) => {
    const session = await (await fetch('/v1/session', { credentials: 'same-origin' })).json();
    const headers = { 'Content-Type': 'application/json' };
    if (withToken) headers['X-CSRF-Token'] = session.csrf_token;
    const r = await fetch(path, { method, headers, credentials: 'same-origin', body: JSON.stringify(body) });
    return { status: r.status, body: await r.json().catch(() => null) };
  }, { method, path, body, withToken });
}

test('a village cadre cannot edit another village\'s notice', async () => {
  const page = await openPage(browser);
  await login(page, feed, 'lijun');
  await page.waitForSelector('#notice-list');
  // Not in their list …
  assert.equal(await page.locator(`#notice-list tr[data-notice-id="${otherNotice.id}"]`).count(), 0);
  // … not readable by a deep link, with no edit controls …
  await page.goto(`${feed.url}/console/#/notices/${otherNotice.id}`);
  await page.waitForSelector('main [role=alert], #notice-detail');
  assert.equal(await page.locator('#edit-button').count(), 0);
  assert.equal(await page.locator('#retract-button').count(), 0);
  await page.goto(`${feed.url}/console/#/notices/${otherNotice.id}/edit`);
  await page.waitForSelector('main [role=alert], #notice-form');
  assert.equal(await page.locator('#save-button').count(), 0);
  await keep(page, 'forbidden');
  // … and the API refuses it, whatever the page does.
  const put = await csrfFetch(page, 'PUT', `/v1/notices/${otherNotice.id}`, {
    base_revision: 1, region: feed.secondVillage, category: 'finance', title: '改掉', body: '改掉',
  });
  assert.equal(put.status, 403);
  assert.equal(put.body.error, 'forbidden');
  const retract = await csrfFetch(page, 'POST', `/v1/notices/${otherNotice.id}/retract`, { reason: '不对' });
  assert.equal(retract.status, 403);
  const post = await csrfFetch(page, 'POST', '/v1/notices', {
    region: feed.secondVillage, category: 'finance', title: '冒名公告', body: '不该发布',
  });
  assert.equal(post.status, 403);
  assert.deepEqual((await noticeEntries(feed, feed.secondVillage, otherNotice.id)).map((e) => e.op), ['publish']);
  // Admin pages are not offered to a village cadre, and say so when typed in.
  assert.equal(await page.locator('#nav-terminals:visible').count(), 0);
  assert.equal(await page.locator('#nav-audit:visible').count(), 0);
  await page.goto(`${feed.url}/console/#/terminals`);
  await page.waitForSelector('main [role=alert]');
  assert.match(await page.textContent('main [role=alert]'), /无权/);
  assert.deepEqual(page.problems, []);
});

test('a write without the CSRF token changes nothing', async () => {
  const page = await openPage(browser);
  await login(page, feed, 'lijun');
  await page.waitForSelector('#notice-list');
  const r = await csrfFetch(page, 'POST', '/v1/notices', {
    region: VILLAGE, category: 'village_affairs', title: '伪造的公告', body: '不该发布',
  }, { withToken: false });
  assert.equal(r.status, 403);
  assert.equal(r.body.error, 'csrf');
  // The session cookie is out of page script's reach.
  assert.equal(await page.evaluate(() => document.cookie), '');
  const list = await (await apiLogin(feed, 'lijun'))('GET', '/v1/notices');
  assert.ok(!list.body.notices.some((n) => n.title === '伪造的公告'));
});

test('a town administrator edits any village of the town, an auditor only reads', async () => {
  const page = await openPage(browser);
  await login(page, feed, 'wangfang');
  await page.waitForSelector(`#notice-list tr[data-notice-id="${otherNotice.id}"]`);
  await page.click(`#notice-list tr[data-notice-id="${otherNotice.id}"] .title`);
  await page.waitForSelector('#edit-button');
  // The scope picker offers the town and its villages.
  await page.click('#nav-notices');
  await page.click('#new-notice');
  await page.waitForSelector('#notice-form');
  const regions = await page.$$eval('#f-region option', (os) => os.map((o) => o.value));
  assert.ok(regions.includes(TOWN) && regions.includes(VILLAGE) && regions.includes(feed.secondVillage), regions.join());
  await keep(page, 'town-editor');

  const auditor = await openPage(browser);
  await login(auditor, feed, 'shenji');
  await auditor.waitForSelector(`#notice-list tr[data-notice-id="${otherNotice.id}"]`);
  assert.equal(await auditor.locator('#new-notice:visible').count(), 0);
  await auditor.click(`#notice-list tr[data-notice-id="${otherNotice.id}"] .title`);
  await auditor.waitForSelector('#notice-detail');
  assert.equal(await auditor.locator('#edit-button').count(), 0);
  assert.equal(await auditor.locator('#retract-button').count(), 0);
  assert.deepEqual([...page.problems, ...auditor.problems], []);
});

test('a notice titled <script> is text in the console and in the feed', async () => {
  const page = await openPage(browser);
  await login(page, feed, 'lijun');
  await page.waitForSelector('#new-notice');
  await page.click('#new-notice');
  const title = '<script>alert(1)</script>';
  const body = '<img src=x onerror=alert(2)>\n\n<b>不是粗体</b>';
  await page.fill('#f-title', title);
  await page.fill('#f-body', body);
  await page.click('#preview-button');
  await page.waitForSelector('#preview .preview-title');
  assert.equal(await page.textContent('#preview .preview-title'), title);
  await page.click('#publish-button');
  await page.waitForSelector('#notice-detail');
  assert.equal(await page.textContent('#detail-title'), title);
  assert.match(await page.textContent('#detail-body'), /<img src=x onerror=alert\(2\)>/);
  assert.equal(await page.locator('#notice-detail img, #notice-detail b, #preview img').count(), 0);
  await page.click('#nav-notices');
  await page.waitForSelector('#notice-list tr[data-notice-id]');
  const titles = await page.$$eval('#notice-list tr[data-notice-id] .title', (ts) => ts.map((t) => t.textContent));
  assert.ok(titles.includes(title));
  await keep(page, 'script-title');
  // No alert opened anywhere (openPage records dialogs and script errors).
  assert.deepEqual(page.problems, []);
  // The feed carries it verbatim; terminals draw it as text.
  const list = await (await apiLogin(feed, 'lijun'))('GET', '/v1/notices');
  assert.ok(list.body.notices.some((n) => n.title === title && n.body === body));
});
