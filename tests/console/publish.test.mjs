// A village cadre's whole day in the console: log in, write a notice, preview it as the kiosk
// will show it, publish, see it in the feed, correct it (history and diff), retract it with a
// reason, see the retraction in the feed, log out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  VILLAGE, startFeed, launchBrowser, openPage, login, keep, noticeEntries, noticeIdFromUrl, apiLogin,
} from './harness.mjs';

let feed;
let browser;
before(async () => { feed = await startFeed(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await feed?.stop(); });

const TITLE = '本周六上午打扫村道';
// Two spaces in a row in the last line: the kiosk keeps them, so the preview must too.
const BODY = '请各户派一人参加，自带扫帚。\n\n集合地点：村委会门口。\n- 上午八点集合\n- 十点结束\n\n联系人  李军';

test('publish, preview, edit with a visible diff, retract with a reason', async () => {
  const page = await openPage(browser);
  await login(page, feed, 'lijun');
  await page.waitForSelector('#whoami');
  assert.match(await page.textContent('#whoami'), /李军/);
  await keep(page, 'list');

  // Write it.
  await page.click('#new-notice');
  await page.waitForSelector('#notice-form');
  // A village cadre writes for their own village only.
  const regions = await page.$$eval('#f-region option', (os) => os.map((o) => o.value));
  assert.deepEqual(regions, [VILLAGE]);
  await page.selectOption('#f-category', 'village_affairs');
  await page.fill('#f-title', TITLE);
  await page.fill('#f-body', BODY);
  assert.match(await page.textContent('#title-count'), /9/);

  // Preview: the kiosk's page, the body as the kiosk draws it — raw wrapped text, the "- " typed
  // at the start of a line shown as typed (no bullets), runs of spaces kept.
  await page.click('#preview-button');
  await page.waitForSelector('#preview .preview-title');
  assert.equal(await page.textContent('#preview .preview-title'), TITLE);
  const shown = await page.$eval('#preview .preview-body', (el) => ({
    text: el.textContent, rendered: el.innerText, whiteSpace: getComputedStyle(el).whiteSpace,
    elements: el.querySelectorAll('*').length,
  }));
  assert.ok(shown.text.includes('- 上午八点集合'), shown.text);
  assert.equal(shown.whiteSpace, 'pre-wrap');
  assert.ok(shown.rendered.includes('联系人  李军'), shown.rendered);  // innerText: as rendered
  assert.ok(shown.rendered.includes('村委会门口。\n- 上午八点集合\n- 十点结束'), shown.rendered);
  assert.equal(shown.elements, 0);  // no li, no p: one text
  assert.match(await page.textContent('#preview .preview-meta'), /李军|村/);
  await keep(page, 'editor-preview');

  await page.click('#publish-button');
  await page.waitForSelector('#notice-detail');
  await page.waitForFunction(() => /#\/notices\/\d+$/.test(location.hash));
  const id = noticeIdFromUrl(page);
  assert.ok(id > 0);
  assert.equal(await page.textContent('#detail-title'), TITLE);
  assert.match(await page.textContent('#detail-status'), /已发布/);
  // The notice page shows the body as the kiosk does too.
  const detailBody = await page.$eval('#detail-body', (el) => ({ rendered: el.innerText, whiteSpace: getComputedStyle(el).whiteSpace }));
  assert.equal(detailBody.whiteSpace, 'pre-wrap');
  assert.ok(detailBody.rendered.includes('- 上午八点集合') && detailBody.rendered.includes('联系人  李军'), detailBody.rendered);
  await keep(page, 'detail');

  // In the feed, for the terminals.
  let entries = await noticeEntries(feed, VILLAGE, id);
  assert.deepEqual(entries.map((e) => e.op), ['publish']);
  assert.equal(entries[0].data.title, TITLE);
  assert.equal(entries[0].data.body, BODY);
  assert.equal(entries[0].data.created_by, '李军（村干部）');

  // In the list.
  await page.click('#nav-notices');
  await page.waitForSelector(`#notice-list tr[data-notice-id="${id}"]`);
  assert.equal(await page.textContent(`#notice-list tr[data-notice-id="${id}"] .title`), TITLE);

  // Correct it: a new revision, with the history and what changed.
  await page.click(`#notice-list tr[data-notice-id="${id}"] .title`);
  await page.waitForSelector('#edit-button');
  await page.click('#edit-button');
  await page.waitForSelector('#save-button');
  assert.equal(await page.inputValue('#f-title'), TITLE);
  await page.fill('#f-title', '本周六上午九点打扫村道');
  await page.fill('#f-body', BODY.replace('上午八点集合', '上午九点集合'));
  await page.click('#save-button');
  await page.waitForFunction(() => /#\/notices\/\d+$/.test(location.hash));
  await page.waitForSelector('#history .history-item:nth-child(2)');
  assert.equal(await page.textContent('#detail-title'), '本周六上午九点打扫村道');
  assert.equal(await page.locator('#history .history-item').count(), 2);
  const diff = page.locator('#history .history-item').first().locator('.diff');
  assert.match(await diff.locator('ins').allTextContents().then((t) => t.join('|')), /上午九点集合/);
  assert.match(await diff.locator('del').allTextContents().then((t) => t.join('|')), /上午八点集合/);
  await keep(page, 'history');

  entries = await noticeEntries(feed, VILLAGE, id);
  assert.deepEqual(entries.map((e) => e.op), ['publish', 'edit']);
  assert.equal(entries[1].data.revision, 2);

  // Retract: the reason is required.
  await page.click('#retract-button');
  await page.waitForSelector('#retract-dialog[open]');
  await page.click('#retract-confirm');
  await page.waitForSelector('#retract-error');
  assert.ok((await page.textContent('#retract-error')).trim().length > 0);
  assert.deepEqual((await noticeEntries(feed, VILLAGE, id)).map((e) => e.op), ['publish', 'edit']);
  await page.fill('#retract-reason', '活动改期');
  await page.click('#retract-confirm');
  await page.waitForSelector('#retraction');
  assert.match(await page.textContent('#retraction'), /活动改期/);
  assert.match(await page.textContent('#detail-status'), /已撤回/);
  assert.equal(await page.locator('#edit-button').count(), 0);
  assert.equal(await page.locator('#retract-button').count(), 0);
  await keep(page, 'retracted');

  entries = await noticeEntries(feed, VILLAGE, id);
  assert.deepEqual(entries.map((e) => e.op), ['publish', 'edit', 'retract']);
  assert.equal(entries[2].data.status, 'retracted');
  assert.equal(entries[2].data.retraction.reason, '活动改期');

  // The list says so too.
  await page.click('#nav-notices');
  await page.waitForSelector(`#notice-list tr[data-notice-id="${id}"]`);
  assert.match(await page.textContent(`#notice-list tr[data-notice-id="${id}"] .status`), /已撤回/);

  // A logout the server does not confirm is not claimed: the session is still shown, and is open.
  const session = () => page.evaluate(async () => (await fetch('/v1/session', { cache: 'no-store' })).status);
  await page.route('**/v1/session', (route) => (route.request().method() === 'DELETE'
    ? route.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify({ error: 'internal', detail: 'the store could not be written' }) })
    : route.continue()));
  await page.click('#logout');
  await page.waitForFunction(() => /退出登录失败/.test(document.querySelector('#flash')?.textContent ?? ''));
  assert.match(await page.getAttribute('#flash', 'class'), /flash-error/);
  assert.equal(await page.locator('#login-form').count(), 0);
  assert.match(await page.textContent('#whoami'), /李军/);
  assert.equal(await session(), 200);
  // Nor when the server cannot be reached.
  await page.unroute('**/v1/session');
  await page.route('**/v1/session', (route) => (route.request().method() === 'DELETE' ? route.abort() : route.continue()));
  await page.click('#logout');
  await page.waitForFunction(() => /退出登录失败/.test(document.querySelector('#flash')?.textContent ?? '') && !document.querySelector('#logout')?.disabled);
  assert.equal(await page.locator('#whoami').count(), 1);
  assert.equal(await session(), 200);
  await page.unroute('**/v1/session');

  // Log out: the session is gone for this browser, and the console asks for a login again, even on a deep link.
  await page.click('#logout');
  await page.waitForSelector('#login-form');
  assert.match(await page.textContent('#flash'), /已退出登录/);
  assert.equal(await session(), 401);
  await page.goto(`${feed.url}/console/#/notices/${id}`);
  await page.waitForSelector('#login-form');
  assert.deepEqual(page.problems, []);
});

test('a refused draft keeps what the cadre typed and says why', async () => {
  const page = await openPage(browser);
  await login(page, feed, 'lijun');
  await page.waitForSelector('#new-notice');
  await page.click('#new-notice');
  await page.waitForSelector('#notice-form');
  await page.fill('#f-title', '停水通知');
  await page.fill('#f-body', '明天停水。');
  const head = async () => (await (await fetch(`${feed.url}/v1/feed/${VILLAGE}/changes?after=0&limit=5000`)).json()).head;
  const before = await head();
  const posts = [];
  page.on('request', (r) => { if (r.method() === 'POST' && r.url().endsWith('/v1/notices')) posts.push(r); });

  // The skip link moves focus to the page's content: no "page not found", no "leave?" prompt.
  await page.focus('#skip-link');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'main');
  assert.equal(await page.locator('#notice-form').count(), 1);
  assert.equal(await page.inputValue('#f-title'), '停水通知');
  assert.match(page.url(), /#\/notices\/new$/);

  // Expiry before publication: the console stops it before anything is sent.
  await page.fill('#f-publish-at', '2030-05-02T09:00');
  await page.fill('#f-expire-at', '2030-05-01T09:00');
  await page.click('#publish-button');
  await page.waitForSelector('#form-error:not(:empty)');
  assert.match(await page.textContent('#f-expire-at-error'), /\S/);
  assert.equal(posts.length, 0);

  // What only the server refuses comes back as the server's sentence, by the field, text kept.
  // (The server's real reply to a control character in a title, given here for any draft.)
  await page.fill('#f-expire-at', '');
  await page.route('**/v1/notices', (route) => (route.request().method() === 'POST'
    ? route.fulfill({ status: 400, contentType: 'application/json', body: JSON.stringify({ error: 'bad_field', detail: 'title: contains a control character' }) })
    : route.continue()));
  await page.click('#publish-button');
  await page.waitForFunction(() => /contains a control character/.test(document.querySelector('#form-error')?.textContent ?? ''));
  assert.equal(posts.length, 1);
  assert.match(await page.textContent('#form-error'), /标题/);
  assert.equal(await page.getAttribute('#f-title', 'aria-invalid'), 'true');
  assert.match(await page.textContent('#f-title-error'), /标题/);
  assert.equal(await page.inputValue('#f-title'), '停水通知');
  assert.equal(await page.inputValue('#f-body'), '明天停水。');
  assert.equal(await page.inputValue('#f-publish-at'), '2030-05-02T09:00');
  assert.equal(await page.locator('#notice-form').count(), 1);
  await page.unroute('**/v1/notices');
  assert.equal(await head(), before);
  await keep(page, 'refused');

  // An empty title is caught before anything is sent.
  await page.fill('#f-title', '   ');
  await page.click('#publish-button');
  await page.waitForSelector('#form-error:not(:empty)');
  assert.match(await page.textContent('#form-error'), /标题/);
  assert.equal(posts.length, 1);
  assert.equal(await head(), before);
  assert.deepEqual(page.problems, []);
});

test('times typed in Shanghai go out as UTC, and an edit keeps the expiry', async () => {
  const page = await openPage(browser);
  const call = await apiLogin(feed, 'lijun');
  await login(page, feed, 'lijun');
  await page.waitForSelector('#new-notice');
  await page.click('#new-notice');
  await page.waitForSelector('#notice-form');
  // A line separator (U+2028) pasted into the title: the server refuses it, so the console makes it a space.
  await page.fill('#f-title', '停水\u2028通知');
  await page.fill('#f-body', '五月二日停水。');
  await page.fill('#f-publish-at', '2030-05-02T09:00');
  await page.fill('#f-expire-at', '2030-06-01T09:00');
  await page.click('#publish-button');
  await page.waitForFunction(() => /#\/notices\/\d+$/.test(location.hash));
  await page.waitForSelector('#notice-detail');
  const id = noticeIdFromUrl(page);
  let got = await call('GET', `/v1/notices/${id}`);
  assert.equal(got.status, 200);
  assert.equal(got.body.title, '停水 通知');
  assert.equal(got.body.publish_at, '2030-05-02T01:00:00Z');
  assert.equal(got.body.expire_at, '2030-06-01T01:00:00Z');

  // Correct the text only: the publication and expiry times stay as they were.
  await page.click('#edit-button');
  await page.waitForSelector('#save-button');
  assert.equal(await page.inputValue('#f-publish-at'), '2030-05-02T09:00');
  assert.equal(await page.inputValue('#f-expire-at'), '2030-06-01T09:00');
  await page.fill('#f-body', '五月二日全天停水。');
  await page.click('#save-button');
  await page.waitForFunction(() => /#\/notices\/\d+$/.test(location.hash));
  await page.waitForSelector('#history .history-item:nth-child(2)');
  got = await call('GET', `/v1/notices/${id}`);
  assert.equal(got.body.revision, 2);
  assert.equal(got.body.body, '五月二日全天停水。');
  assert.equal(got.body.publish_at, '2030-05-02T01:00:00Z');
  assert.equal(got.body.expire_at, '2030-06-01T01:00:00Z');
  assert.deepEqual(page.problems, []);
});

test('a session ended elsewhere sends the console back to the login page', async () => {
  const page = await openPage(browser);
  await login(page, feed, 'lijun');
  await page.waitForSelector('#new-notice');
  // The same browser logs out in another tab.
  const other = await page.context().newPage();
  await other.goto(`${feed.url}/console/`);
  await other.waitForSelector('#logout');
  await other.click('#logout');
  await other.waitForSelector('#login-form');
  await page.click('#new-notice');
  await page.fill('#f-title', '会议通知');
  await page.fill('#f-body', '周一开会。');
  await page.click('#publish-button');
  await page.waitForSelector('#login-form');
  assert.match(await page.textContent('#login-error'), /登录/);
  assert.deepEqual(page.problems, []);
});
