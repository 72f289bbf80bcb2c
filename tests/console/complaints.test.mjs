// Complaints (投诉建议) in the console: the village kiosk files them through the API (as its sync
// would), the village cadre accepts, replies and closes in the browser; a typed <script> reply is
// text; the phone is masked until revealed and the reveal is audited; an auditor only reads; a
// cadre of another village cannot open it; closing unresolved needs a note; a typed reply survives
// errors; overdue rows are red; a flood from the kiosk shows the throttle banner.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  VILLAGE, startFeed, launchBrowser, openPage, login, keep, apiLogin, addUser,
} from './harness.mjs';

let feed;
let browser;
let kiosk;       // {id, name, scope} from /v1/terminals/self
let sequence = 0;
before(async () => {
  feed = await startFeed({ scale: 'town' });
  browser = await launchBrowser();
  assert.ok(feed.kioskToken, 'the demo printed a kiosk token');
  assert.ok(feed.secondVillage, 'the town-scale demo has a second village');
  addUser(feed, 'zhaomin', 'village_cadre', feed.secondVillage, 'second village 5', '赵敏');
  const r = await fetch(`${feed.url}/v1/terminals/self`, { headers: { Authorization: `Bearer ${feed.kioskToken}` } });
  assert.equal(r.status, 200, await r.clone().text());
  kiosk = await r.json();
  assert.equal(kiosk.scope, VILLAGE);
});
after(async () => { await browser?.close(); await feed?.stop(); });

// The Luhn check digit of docs/complaints.md: double every second digit from the right of the payload.
function luhn(payload) {
  let sum = 0;
  let twice = true;
  for (let i = payload.length - 1; i >= 0; i--) {
    let d = Number(payload[i]);
    if (twice) { d *= 2; if (d > 9) d -= 9; }
    sum += d;
    twice = !twice;
  }
  return String((10 - (sum % 10)) % 10);
}
const trackingNo = (terminal, seq) => {
  const payload = `${String(terminal).padStart(4, '0')}${String(seq).padStart(5, '0')}`;
  return payload + luhn(payload);
};
const grouped = (no) => `${no.slice(0, 4)} ${no.slice(4, 9)} ${no.slice(9)}`;

const PAYMENT = {
  kind: 'payment', person_tag: 'ab'.repeat(32), programme: '耕地地力保护补贴', paid_on: '2026-06-15', amount_fen: 33920,
};

// What the kiosk's outbox sends. Returns {status, body, no, retryAfter}.
async function file({ reason = 'amount_mismatch', subject = PAYMENT, phone = null } = {}) {
  const no = trackingNo(kiosk.id, ++sequence);
  const r = await fetch(`${feed.url}/v1/complaints`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${feed.kioskToken}`, 'Content-Type': 'application/json',
      'Idempotency-Key': `console-test-${no}-key`,
    },
    body: JSON.stringify({ tracking_no: no, reason, subject, phone, filed_at: new Date().toISOString().replace(/\.\d+Z$/, 'Z') }),
  });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : null, no, retryAfter: r.headers.get('retry-after') };
}

async function fileOk(options) {
  const r = await file(options);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.no;
}

// A write from the page with its cookie session and (by default) its CSRF token.
async function pageFetch(page, method, path, body) {
  return page.evaluate(async ({ method, path, body }) => {
    const session = await (await fetch('/v1/session', { credentials: 'same-origin' })).json();
    const r = await fetch(path, {
      method, credentials: 'same-origin', body: JSON.stringify(body),
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': session.csrf_token },
    });
    return { status: r.status, body: await r.json().catch(() => null) };
  }, { method, path, body });
}

async function openComplaint(page, no) {
  await page.goto(`${feed.url}/console/#/complaints/${no}`);
  await page.waitForSelector('#complaint-detail, main [role=alert]');
}

const history = (page) => page.$$eval('#complaint-history .history-item', (items) => items.map((i) => i.dataset.action));
const status = (page) => page.textContent('#complaint-status');

test('a village cadre reveals the phone, accepts, replies and closes; a <script> reply is text', async () => {
  const no = await fileOk({ phone: '13800138000' });
  const page = await openPage(browser);
  await login(page, feed, 'lijun');
  await page.waitForSelector('#nav-complaints');
  await page.click('#nav-complaints');
  const row = page.locator(`#complaint-list tr[data-tracking="${no}"]`);
  await row.waitFor();
  assert.match(await row.locator('.state').textContent(), /已收到/);
  assert.equal(await row.locator('.reason').textContent(), '金额不符');
  assert.match(await row.locator('.deadline').textContent(), /\d{4}-\d{2}-\d{2} 23:59/);
  assert.match(await row.textContent(), new RegExp(grouped(no)));
  assert.match(await row.textContent(), /耕地地力保护补贴.*2026-06-15.*339\.20 元/);
  assert.match(await row.textContent(), new RegExp(kiosk.name));
  assert.match(await row.textContent(), /未评价/);
  // Not a district reader of the terminals: no banner, and the terminals are not asked.
  assert.equal(await page.locator('#throttle-banner').count(), 0);
  await keep(page, 'complaints-inbox');

  await row.click();
  await page.waitForSelector('#complaint-detail');
  assert.match(page.url(), new RegExp(`#/complaints/${no}$`));
  assert.match(await page.textContent('#complaint-title'), new RegExp(grouped(no)));
  assert.match(await status(page), /已收到/);
  // The phone: masked until revealed, and the whole number nowhere in the page before.
  assert.match(await page.textContent('#complaint-phone'), /138\*\*\*\*8000/);
  assert.doesNotMatch(await page.textContent('body'), /13800138000/);
  assert.deepEqual(await history(page), ['receive']);
  await keep(page, 'complaint');
  const [reveal] = await Promise.all([
    page.waitForRequest((r) => r.url().endsWith(`/v1/complaints/${no}/reveal`) && r.method() === 'POST'),
    page.click('#reveal-phone'),
  ]);
  assert.ok(reveal.headers()['x-csrf-token'], 'the reveal sends the CSRF token');
  await page.waitForSelector('#phone-note');
  assert.match(await page.textContent('#complaint-phone'), /13800138000/);
  assert.match(await page.textContent('#phone-note'), /记入操作记录/);

  // Accept, then reply with markup that must stay text.
  await page.click('#accept-button');
  await page.waitForFunction(() => /已受理/.test(document.querySelector('#complaint-status')?.textContent || ''));
  assert.equal(await page.locator('#accept-button').count(), 0);
  assert.deepEqual(await history(page), ['receive', 'accept']);
  const reply = '<script>alert(1)</script> 已核实，差额将于12月补发。';
  await page.fill('#reply-text', reply);
  assert.match(await page.textContent('#reply-count'), /\d+ \/ 500/);
  await page.click('#reply-button');
  await page.waitForSelector('#complaint-reply');
  assert.equal(await page.textContent('#complaint-reply .reply-text'), reply);
  assert.match(await status(page), /已答复/);
  assert.equal(await page.locator('#complaint-detail script, main script').count(), 0);
  assert.equal(await page.locator('#reply-text').count(), 0);
  assert.equal(await page.locator('#accept-button').count(), 0);
  assert.deepEqual(await history(page), ['receive', 'accept', 'reply']);

  // Close as resolved (a dialog with an optional note).
  await page.click('#close-resolved-button');
  await page.waitForSelector('#close-dialog[open]');
  await page.click('#close-confirm');
  await page.waitForFunction(() => /已办结/.test(document.querySelector('#complaint-status')?.textContent || ''));
  assert.deepEqual(await history(page), ['receive', 'accept', 'reply', 'close']);
  const who = await page.$$eval('#complaint-history .history-item', (items) => items.map((i) => i.textContent));
  assert.match(who[0], new RegExp(kiosk.name));
  assert.match(who[1], /李军/);
  assert.match(who[3], /办结.*李军/);
  for (const id of ['#accept-button', '#reply-text', '#close-resolved-button', '#close-unresolved-button'])
    assert.equal(await page.locator(id).count(), 0, id);
  await keep(page, 'complaint-closed');

  // The server agrees; the reply went as typed.
  const api = await apiLogin(feed, 'lijun');
  const stored = await api('GET', `/v1/complaints/${no}`);
  assert.equal(stored.body.state, 'closed');
  assert.equal(stored.body.reply.text, reply);
  assert.deepEqual(page.problems, []);

  // The reveal is in the audit trail, for the district administrator.
  const admin = await openPage(browser);
  await login(admin, feed, 'zhangjg');
  await admin.waitForSelector('#nav-audit');
  await admin.click('#nav-audit');
  await admin.waitForSelector('#audit-list tr .action');
  await admin.selectOption('#audit-action', 'complaint.reveal');
  await admin.click('#audit-apply');
  const audited = admin.locator(`#audit-list tr:has(.target .raw:text-is("complaint:${no}"))`);
  await audited.first().waitFor();
  assert.match(await audited.first().locator('.actor').textContent(), /lijun/);
  assert.match(await audited.first().locator('.target').textContent(), new RegExp(grouped(no)));
  assert.doesNotMatch(await admin.textContent('main'), /13800138000/);
  await keep(admin, 'complaint-audit');
  assert.deepEqual(admin.problems, []);
});

test('a typed reply survives errors; closing unresolved needs a note', async () => {
  const no = await fileOk({ reason: 'not_received', subject: { kind: 'none' } });
  const page = await openPage(browser);
  await login(page, feed, 'lijun');
  await page.waitForSelector('#nav-complaints');
  await openComplaint(page, no);
  assert.match(await page.textContent('#complaint-detail'), /一般意见/);
  assert.match(await page.textContent('#complaint-phone'), /未留电话/);
  assert.equal(await page.locator('#reveal-phone').count(), 0);
  const typed = '已联系镇财政所核对，\n请于周五上午到村委会领取。';
  await page.fill('#reply-text', typed);

  // The server is busy, then the page's token is refused: each said in words, the text kept.
  for (const [code, word, words] of [[503, 'busy', /系统正忙/], [403, 'csrf', /页面已过期/]]) {
    await page.route(`**/v1/complaints/${no}/reply`, (route) => route.fulfill({
      status: code, contentType: 'application/json', body: JSON.stringify({ error: word, detail: 'test' }),
    }));
    await page.click('#reply-button');
    await page.waitForFunction((re) => new RegExp(re).test(document.querySelector('#action-error')?.textContent || ''), words.source);
    assert.equal(await page.inputValue('#reply-text'), typed);
    await page.unroute(`**/v1/complaints/${no}/reply`);
  }
  // The network is down.
  await page.route(`**/v1/complaints/${no}/reply`, (route) => route.abort());
  await page.click('#reply-button');
  await page.waitForFunction(() => /无法连接服务器/.test(document.querySelector('#action-error')?.textContent || ''));
  assert.equal(await page.inputValue('#reply-text'), typed);
  await page.unroute(`**/v1/complaints/${no}/reply`);
  // Too short: said before anything is sent.
  await page.fill('#reply-text', '好');
  await page.click('#reply-button');
  await page.waitForFunction(() => /至少 2 个字/.test(document.querySelector('#reply-error')?.textContent || ''));
  await page.fill('#reply-text', typed);

  // Someone else replies first: the page moves on to their reply and keeps what this cadre typed.
  const town = await apiLogin(feed, 'wangfang');
  const other = await town('POST', `/v1/complaints/${no}/reply`, { text: '镇里已答复。' });
  assert.equal(other.status, 200, JSON.stringify(other.body));
  await page.click('#reply-button');
  await page.waitForFunction(() => /状态已经变了/.test(document.querySelector('#action-error')?.textContent || ''));
  assert.match(await status(page), /已答复/);
  assert.equal(await page.textContent('#complaint-reply .reply-text'), '镇里已答复。');
  assert.equal(await page.inputValue('#reply-unsent'), typed);
  await keep(page, 'complaint-unsent');

  // Closing unresolved: no note, no request.
  let closes = 0;
  page.on('request', (r) => { if (r.url().endsWith(`/v1/complaints/${no}/close`)) closes++; });
  await page.click('#close-unresolved-button');
  await page.waitForSelector('#close-dialog[open]');
  await page.click('#close-confirm');
  await page.waitForFunction(() => /请写明未解决的原因/.test(document.querySelector('#close-error')?.textContent || ''));
  assert.equal(closes, 0);
  assert.ok(await page.isVisible('#close-dialog'));
  assert.equal(await page.getAttribute('#close-note', 'aria-invalid'), 'true');
  await keep(page, 'complaint-close-dialog');
  await page.fill('#close-note', '不符合补贴条件，已当面解释');
  await page.click('#close-confirm');
  await page.waitForFunction(() => /未解决办结/.test(document.querySelector('#complaint-status')?.textContent || ''));
  assert.equal(closes, 1);
  assert.deepEqual(await history(page), ['receive', 'reply', 'close_unresolved']);
  assert.match(await page.locator('#complaint-history .history-item').last().textContent(), /不符合补贴条件，已当面解释/);
  assert.deepEqual(page.problems, []);
});

test('an auditor only reads; a cadre of another village cannot open it and the API refuses', async () => {
  const no = await fileOk({ reason: 'wrong_info', subject: { kind: 'notice', notice_id: 1 }, phone: '13912345678' });

  const auditor = await openPage(browser);
  await login(auditor, feed, 'shenji');
  await auditor.waitForSelector('#nav-complaints');
  await auditor.click('#nav-complaints');
  await auditor.waitForSelector(`#complaint-list tr[data-tracking="${no}"]`);
  await openComplaint(auditor, no);
  assert.match(await auditor.textContent('#complaint-detail'), /信息有误/);
  assert.equal(await auditor.getAttribute('#complaint-detail a[href="#/notices/1"]', 'href'), '#/notices/1');
  // An auditor may not act on it: told a phone was left, shown none of its digits.
  const phoneText = await auditor.textContent('#complaint-phone');
  assert.match(phoneText, /仅本区域经办人可见/);
  assert.doesNotMatch(phoneText, /139|5678/);
  for (const id of ['#accept-button', '#reply-text', '#reply-button', '#close-resolved-button', '#close-unresolved-button', '#reveal-phone'])
    assert.equal(await auditor.locator(id).count(), 0, id);
  assert.match(await auditor.textContent('#complaint-detail'), /不能处理/);
  const refused = await pageFetch(auditor, 'POST', `/v1/complaints/${no}/accept`, {});
  assert.equal(refused.status, 403);
  await keep(auditor, 'complaint-auditor');
  assert.deepEqual(auditor.problems, []);

  const stranger = await openPage(browser);
  await login(stranger, feed, 'zhaomin', 'second village 5');
  await stranger.waitForSelector('#nav-complaints');
  await stranger.click('#nav-complaints');
  await stranger.waitForSelector('#complaint-list');
  assert.equal(await stranger.locator(`#complaint-list tr[data-tracking="${no}"]`).count(), 0);
  await openComplaint(stranger, no);
  assert.match(await stranger.textContent('main [role=alert]'), /无权查看/);
  assert.equal(await stranger.locator('#complaint-detail').count(), 0);
  for (const [path, body] of [['accept', {}], ['reply', { text: '冒名答复' }], ['reveal', {}],
    ['close', { resolution: 'unresolved', note: '冒名办结' }]]) {
    const r = await pageFetch(stranger, 'POST', `/v1/complaints/${no}/${path}`, body);
    assert.equal(r.status, 403, path);
    assert.equal(r.body.error, 'forbidden', path);
    assert.doesNotMatch(JSON.stringify(r.body), /13912345678/);
  }
  const api = await apiLogin(feed, 'lijun');
  assert.equal((await api('GET', `/v1/complaints/${no}`)).body.state, 'received');
  assert.deepEqual(stranger.problems, []);
});

test('filters, overdue rows in red, English, and a phone-sized screen', async () => {
  const no = await fileOk({ reason: 'suggestion', subject: { kind: 'none' } });
  const page = await openPage(browser, { phone: true });
  await login(page, feed, 'lijun');
  await page.waitForSelector('#nav-complaints');
  // The real list, with this complaint made three days overdue (no test waits five working days).
  const past = new Date(Date.now() - (2 * 24 + 1) * 3600 * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  const LIST = /\/v1\/complaints(\?.*)?$/;
  await page.route(LIST, async (route) => {
    const res = await route.fetch();
    const body = await res.json();
    for (const c of body.complaints) if (c.tracking_no === no) Object.assign(c, { overdue: true, deadline_at: past });
    return route.fulfill({ response: res, body: JSON.stringify(body) });
  });
  await page.click('#nav-complaints');
  const row = page.locator(`#complaint-list tr[data-tracking="${no}"]`);
  await row.waitFor();
  assert.match(await row.locator('.deadline').textContent(), /已超期 3 天/);
  assert.match(await row.getAttribute('class'), /is-overdue/);
  const colour = await row.locator('.overdue-chip').evaluate((el) => getComputedStyle(el).backgroundColor);
  const [r, g, b] = colour.match(/\d+/g).map(Number);
  assert.ok(r > 100 && g < 60 && b < 60, `overdue is red: ${colour}`);
  assert.equal(await row.locator('.reason').textContent(), '意见建议');
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), 'the inbox is wider than the phone');
  await keep(page, 'phone-complaints');

  // The filters ask the server.
  const asks = (pred) => page.waitForRequest((r) => LIST.test(r.url()) && pred(new URL(r.url()).searchParams));
  await Promise.all([asks((q) => q.get('overdue') === 'true'), page.check('#complaint-overdue')]);
  await Promise.all([asks((q) => q.get('overdue') === 'true' && q.get('state') === 'received'),
    page.selectOption('#complaint-state', 'received')]);
  await page.waitForSelector('#complaint-list');
  await page.uncheck('#complaint-overdue');
  await Promise.all([asks((q) => !q.has('state') && !q.has('overdue')), page.selectOption('#complaint-state', '')]);
  await row.waitFor();
  await page.unroute(LIST);

  await row.locator('.tracking-no').click();
  await page.waitForSelector('#complaint-detail');
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), 'the complaint is wider than the phone');
  const small = await page.$$eval('#complaint-detail button, #complaint-detail textarea',
    (els) => els.filter((e) => e.offsetParent && e.getBoundingClientRect().height < 44).map((e) => e.id || e.tagName));
  assert.deepEqual(small, []);
  await keep(page, 'phone-complaint');

  await page.click('#lang-toggle');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await page.waitForSelector('#complaint-detail');
  assert.match(await page.textContent('#complaint-status'), /Received/);
  assert.match(await page.textContent('#complaint-detail'), /Suggestion/);
  assert.match(await page.textContent('#nav-complaints'), /Complaints/);
  await page.click('#lang-toggle');
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  assert.deepEqual(page.problems, []);
});

// Last: the flood throttles the kiosk for the rest of the hour.
test('a flood from the kiosk shows the throttle banner to the district administrator', async () => {
  let throttled = null;
  for (let i = 0; i < 30 && !throttled; i++) {
    const r = await file({ reason: 'other', subject: { kind: 'none' } });
    if (r.status === 429) throttled = r;
    else assert.equal(r.status, 201, JSON.stringify(r.body));
  }
  assert.ok(throttled, 'more than 20 in an hour are refused');
  assert.equal(throttled.body.error, 'throttled');
  assert.ok(Number(throttled.retryAfter) > 0);

  const admin = await openPage(browser);
  await login(admin, feed, 'zhangjg');
  await admin.waitForSelector('#nav-complaints');
  await admin.click('#nav-complaints');
  await admin.waitForSelector('#throttle-banner');
  assert.match(await admin.textContent('#throttle-banner'), new RegExp(kiosk.name));
  assert.match(await admin.textContent('#throttle-banner'), /限流/);
  await admin.waitForSelector('#complaint-list tr[data-tracking]');
  await keep(admin, 'complaints-throttled');
  await admin.click('#throttle-banner a');
  await admin.waitForSelector(`#terminal-list tr[data-terminal-id="${kiosk.id}"] .throttled`);
  assert.deepEqual(admin.problems, []);

  // A village cadre reads no terminals: no banner, no error.
  const cadre = await openPage(browser);
  await login(cadre, feed, 'lijun');
  await cadre.waitForSelector('#nav-complaints');
  await cadre.click('#nav-complaints');
  await cadre.waitForSelector('#complaint-list tr[data-tracking]');
  assert.equal(await cadre.locator('#throttle-banner').count(), 0);
  assert.deepEqual(cadre.problems, []);
});
