// What every console browser test needs: a demo feed served by the real sunlight-feed on
// 127.0.0.1 (an ephemeral port), accounts with known passwords, and Debian's Chromium driven by
// playwright-core. Everything is started by the test and stopped after it.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const CHROMIUM = process.env.SUNLIGHT_CHROMIUM || '/usr/bin/chromium';
const FEED_BIN = process.env.SUNLIGHT_FEED_BIN;

export const DISTRICT = '500112';
export const TOWN = '500112101';
export const VILLAGE = '500112101201';

// Accounts the tests log in with. Passwords follow the server's rules (10+ bytes).
export const USERS = {
  lijun: { password: 'correct horse 7', role: 'village_cadre', region: VILLAGE, name: '李军' },
  wangfang: { password: 'battery staple 9', role: 'town_admin', region: TOWN, name: '王芳' },
  zhangjg: { password: 'district admin 42', role: 'district_admin', region: DISTRICT, name: '张建国' },
  shenji: { password: 'auditor reads 8', role: 'auditor', region: DISTRICT, name: '审计员小刘' },
};

function run(args, input) {
  const r = spawnSync(FEED_BIN, args, { input, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`sunlight-feed ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

function requireTools() {
  if (!FEED_BIN || !existsSync(FEED_BIN))
    throw new Error('SUNLIGHT_FEED_BIN must name the built sunlight-feed (ctest sets it; run `make test`)');
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: run scripts/install-deps.sh (Debian's chromium package)`);
}

// A demo feed (village scale by default; 'town' when a test needs the town's other villages) with the accounts above, served on a free port. Returns
// { url, dir, data, kioskToken, secondVillage (town scale only), serverLog(), stop() }.
export async function startFeed({ scale = 'village', extraConfig = '' } = {}) {
  requireTools();
  const dir = mkdtempSync(path.join(tmpdir(), 'sunlight-console-'));
  const data = path.join(dir, 'feed');
  const demoText = run(['demo', '--data-dir', data, '--scale', scale]);
  for (const [username, u] of Object.entries(USERS)) {
    run(['user', 'add', '--data-dir', data, '--role', u.role, '--region', u.region, '--name', u.name,
      '--password-cost', 'minimum', username], `${u.password}\n`);
  }
  const kioskToken = /kiosk token \(\d+\): *(slt_[0-9a-f]+)/.exec(demoText)?.[1];
  const configFile = path.join(dir, 'feed.toml');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(configFile, `[server]\nport = 0\nthreads = 8\n[store]\ndata_dir = "${data}"\n${extraConfig}\n`);
  const server = spawn(FEED_BIN, ['serve', '--config', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sunlight-feed did not start:\n${log}`)), 15000);
    const onData = (chunk) => {
      log += chunk.toString();
      const m = /http:\/\/127\.0\.0\.1:\d+/.exec(log);
      if (m) { clearTimeout(timer); resolve(m[0]); }
    };
    server.stdout.on('data', onData);
    server.stderr.on('data', onData);
    server.on('exit', (code) => { clearTimeout(timer); reject(new Error(`sunlight-feed exited (${code}):\n${log}`)); });
  });
  server.on('exit', () => {});
  // Another village of the same town, for the "not my village" cases.
  const snapshot = await (await fetch(`${url}/v1/feed/${TOWN}/snapshot`)).json();
  const villages = snapshot.entries.filter((e) => e.kind === 'region' && e.key.length === 12).map((e) => e.key);
  const secondVillage = villages.find((c) => c !== VILLAGE);
  return {
    url, dir, data, kioskToken, secondVillage,
    serverLog: () => log,
    async stop() {
      if (server.exitCode === null) {
        server.kill('SIGTERM');
        await new Promise((r) => { server.once('exit', r); setTimeout(r, 5000); });
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// Adds an account while the server runs (the CLI writes the same store).
export function addUser(feed, username, role, region, password, name) {
  run(['user', 'add', '--data-dir', feed.data, '--role', role, '--region', region, '--name', name,
    '--password-cost', 'minimum', username], `${password}\n`);
}

// A headless Chromium of Debian's; never a downloaded browser.
export async function launchBrowser() {
  const { chromium } = await import('playwright-core');
  // playwright-core gives every launch a fresh, empty profile of its own and removes it after.
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-quic'],
  });
}

// A page that fails the test on any script error or alert, with a 390 or 1366 px viewport.
export async function openPage(browser, { phone = false } = {}) {
  const context = await browser.newContext({
    viewport: phone ? { width: 390, height: 844 } : { width: 1366, height: 900 },
    deviceScaleFactor: 1, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', hasTouch: phone,
  });
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(`page error: ${e.message}`));
  page.on('dialog', async (d) => { page.problems.push(`a ${d.type()} dialog opened: ${d.message()}`); await d.dismiss(); });
  // Chromium logs every 4xx reply as an error; the tests provoke those on purpose.
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) page.problems.push(`console error: ${m.text()}`);
  });
  page.setDefaultTimeout(10000);
  return page;
}

// Keeps a screenshot when SUNLIGHT_KEEP_SCREENSHOTS names a folder (to look at the console).
export async function keep(page, name) {
  const dir = process.env.SUNLIGHT_KEEP_SCREENSHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `console-${name}.png`), fullPage: true });
}

export async function login(page, feed, username, password = USERS[username].password) {
  await page.goto(`${feed.url}/console/`);
  await page.fill('#login-username', username);
  await page.fill('#login-password', password);
  await page.click('#login-submit');
}

// The API with a bearer session, for setting things up and checking them outside the browser.
export async function apiLogin(feed, username, password = USERS[username].password) {
  const res = await fetch(`${feed.url}/v1/session`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }),
  });
  if (res.status !== 201) throw new Error(`login of ${username}: ${res.status} ${await res.text()}`);
  const token = (await res.json()).token;
  return async (method, p, body) => {
    const r = await fetch(`${feed.url}${p}`, {
      method, headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : null };
  };
}

// Every public-stream entry about notice `id`, in order.
export async function noticeEntries(feed, scope, id) {
  const r = await fetch(`${feed.url}/v1/feed/${scope}/changes?after=0&limit=5000`);
  const body = await r.json();
  return body.entries.filter((e) => e.kind === 'notice' && e.key === String(id));
}

export function noticeIdFromUrl(page) {
  const m = /#\/notices\/(\d+)/.exec(page.url());
  return m ? Number(m[1]) : null;
}
