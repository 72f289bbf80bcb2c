// `make demo` without a display: a headless tour of the cadre console in Debian's Chromium,
// saved as PNGs. Logs in as the demo's cadre, shows the notice list, writes a notice and
// previews it (without publishing), and opens the newest notice with its history; then, as the
// district administrator, the terminals' health, the audit trail and the complaints inbox.
//   node scripts/console-tour.mjs URL CADRE PASSWORD ADMIN PASSWORD OUT_DIR
import { mkdirSync } from 'node:fs';
import path from 'node:path';

const [url, username, password, admin, adminPassword, out] = process.argv.slice(2);
if (!out) {
  console.error('usage: node scripts/console-tour.mjs URL CADRE PASSWORD ADMIN PASSWORD OUT_DIR');
  process.exit(2);
}
// playwright-core is installed for the console's browser tests (scripts/install-deps.sh).
const { chromium } = await import(new URL('../tests/console/node_modules/playwright-core/index.mjs', import.meta.url));
mkdirSync(out, { recursive: true });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-quic'],
});
try {
  for (const [label, viewport] of [['pc', { width: 1366, height: 900 }], ['phone', { width: 390, height: 844 }]]) {
    const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    page.setDefaultTimeout(15000);
    const shot = (name) => page.screenshot({ path: path.join(out, `${label}-${name}.png`), fullPage: true });
    await page.goto(`${url}/console/`);
    await page.waitForSelector('#login-form');
    await shot('1-login');
    await page.fill('#login-username', username);
    await page.fill('#login-password', password);
    await page.click('#login-submit');
    await page.waitForSelector('#notice-list');
    await shot('2-notices');
    await page.click('#notice-list tr[data-notice-id]');
    await page.waitForSelector('#notice-detail');
    await shot('3-notice');
    await page.click('#nav-notices');
    await page.click('#new-notice');
    await page.waitForSelector('#notice-form');
    await page.fill('#f-title', '本周六上午九点打扫村道');
    await page.fill('#f-body', '请各户派一人参加，自带扫帚。\n\n集合地点：村委会门口。\n- 上午九点集合\n- 十一点结束');
    await page.click('#preview-button');
    await page.waitForSelector('#preview .preview-title');
    await shot('4-editor-preview');
    await context.close();
  }
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  await page.goto(`${url}/console/`);
  await page.fill('#login-username', admin);
  await page.fill('#login-password', adminPassword);
  await page.click('#login-submit');
  await page.waitForSelector('#nav-terminals');
  await page.click('#nav-terminals');
  await page.waitForSelector('#terminal-list tr[data-terminal-id]');
  await page.screenshot({ path: path.join(out, 'pc-5-terminals.png'), fullPage: true });
  await page.click('#nav-audit');
  await page.waitForSelector('#audit-list tr');
  await page.screenshot({ path: path.join(out, 'pc-6-audit.png'), fullPage: true });
  // The complaint the kiosk tour filed, once the kiosk's outbox has delivered it.
  await page.click('#nav-complaints');
  await page.waitForSelector('#complaint-list tr');
  await page.screenshot({ path: path.join(out, 'pc-7-complaints.png'), fullPage: true });
  console.log(`console tour: ${out}/{pc,phone}-{1-login,2-notices,3-notice,4-editor-preview}.png, pc-{5-terminals,6-audit,7-complaints}.png`);
} finally {
  await browser.close();
}
