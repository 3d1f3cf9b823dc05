// Drives Debian's Chromium through playwright-core against a running dev node; started by
// DashboardIT, which owns the node. Exits 0 when every check passed, 1 with the reason otherwise.
// Environment: ASTRA_URL, ASTRA_TOKEN, ASTRA_CHROMIUM, ASTRA_SCREENSHOTS, ASTRA_DOCS_SCREENSHOT.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync, mkdirSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const baseUrl = required('ASTRA_URL');
const token = required('ASTRA_TOKEN');
const executablePath = required('ASTRA_CHROMIUM');
const screenshots = required('ASTRA_SCREENSHOTS');
const docsScreenshot = process.env.ASTRA_DOCS_SCREENSHOT || '';
const STEP_TIMEOUT_MILLIS = 60000;

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error('environment variable ' + name + ' is not set');
  return value;
}

function log(text) {
  console.log('[dashboard-check] ' + text);
}

function check(condition, message) {
  if (!condition) throw new Error('check failed: ' + message);
}

async function api(method, path, body) {
  const response = await fetch(baseUrl + path, {
    method,
    headers: { authorization: 'Bearer ' + token, 'content-type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(30000),
  });
  const json = await response.json();
  check(response.ok, method + ' ' + path + ' answered ' + response.status + ' ' + JSON.stringify(json));
  return json;
}

async function shot(page, name) {
  const file = join(screenshots, name + '.png');
  await page.screenshot({ path: file });
  log('screenshot ' + file);
  return file;
}

const cell = (debtor, creditor) => `#ledger-matrix td[data-cell="${debtor}>${creditor}"]`;

async function hubShown(page) {
  return page.evaluate(() => ({
    height: document.querySelector('#hub-height').textContent,
    shortHash: document.querySelector('#hub-app-hash').textContent,
    appHash: document.querySelector('#hub-app-hash').title,
  }));
}

mkdirSync(screenshots, { recursive: true });
const profile = mkdtempSync(join(tmpdir(), 'astra-chromium-'));
const started = Date.now();
let context;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run'],
  });
  context.setDefaultTimeout(STEP_TIMEOUT_MILLIS);
  const page = context.pages()[0] || await context.newPage();
  const consoleErrors = [];
  page.on('console', (message) => { if (message.type() === 'error') consoleErrors.push(message.text()); });
  page.on('pageerror', (error) => consoleErrors.push('uncaught: ' + error.message));

  // 1. the page loads and signs in with the admin token, without console errors
  await page.goto(baseUrl + '/');
  check((await page.title()).includes('astra-clear'), 'page title');
  await page.fill('#token', token);
  await page.click('#sign-in-button');
  await page.waitForSelector('#connection[data-state="live"]');
  await page.waitForSelector('#banks-table tbody tr');
  await page.waitForSelector('#chains-table tbody tr');
  await page.waitForSelector('#plugins-table tbody tr');
  check((await page.textContent('#validators-summary')).includes('threshold'), 'validators and threshold shown');
  // the header shows the hub: height, app hash (abbreviated, the whole hash on hover) and engine
  await page.waitForFunction(() => /^0x[0-9a-f]{64}$/.test(document.querySelector('#hub-app-hash')?.title || ''));
  const hubBefore = await hubShown(page);
  check(/^[0-9]+$/.test(hubBefore.height), 'hub height shown: ' + hubBefore.height);
  check(hubBefore.shortHash.length < hubBefore.appHash.length && hubBefore.appHash.startsWith(hubBefore.shortHash.slice(0, 8)),
    'app hash abbreviated, whole on hover: ' + JSON.stringify(hubBefore));
  check((await page.textContent('#hub-engine')).includes('solo'), 'engine shown');
  check((await page.textContent('#consensus-status')).includes('UP'), 'consensus check shown');
  check((await page.textContent('#plugins-table')).includes('active'), 'active plugin shown');
  await page.waitForFunction(() => document.querySelector('#node-info')?.textContent.includes('dev mode'));
  check(await page.isVisible('#dev-form'), 'the dev transfer form shows on a dev-mode node');
  check(consoleErrors.length === 0, 'console errors after sign-in: ' + JSON.stringify(consoleErrors));
  log('signed in, live, no console errors');
  await shot(page, '01-signed-in');

  // 2. transfers sent through the API appear live and reach EXECUTED on the page (no reload)
  const banks = (await api('GET', '/api/v1/banks')).items.map((bank) => bank.id).sort();
  check(banks.length >= 2, 'dev network has two banks');
  const [a, b] = banks;
  const forward = await api('POST', '/api/v1/dev/transfers', { from: a, to: b, amount: '100' });
  const back = await api('POST', '/api/v1/dev/transfers', { from: b, to: a, amount: '30' });
  for (const sent of [forward, back]) {
    const row = `#transfers-table tr[data-transfer-id="${sent.transferId}"]`;
    await page.waitForSelector(row);
    await page.waitForSelector(row + '[data-state="EXECUTED"]');
    const text = await page.textContent(row);
    check(text.includes('EXECUTED'), 'state written as text: ' + text);
    check((await page.getAttribute(row + ' td:nth-child(7) span', 'title') || '').startsWith('0x'), 'destination tx hash shown');
    check((await page.getAttribute(row + ' td:nth-child(6) span', 'title')) === sent.sourceTransactionHash, 'source tx hash shown');
    await page.waitForFunction((r) => /^BANK_[A-Z]\/[0-9]+$/.test(document.querySelector(r + ' td.batch')?.textContent || ''), row);
  }
  log('both transfers reached EXECUTED on the page, each with its batch');
  // the hub moved: the header follows, and says what the API says
  await page.waitForFunction((before) => Number(document.querySelector('#hub-height').textContent) > Number(before)
    && document.querySelector('#hub-app-hash').title !== '', hubBefore.height);
  const hubAfter = await hubShown(page);
  check(Number(hubAfter.height) > Number(hubBefore.height) && hubAfter.appHash !== hubBefore.appHash,
    'height and app hash change: ' + JSON.stringify({ hubBefore, hubAfter }));
  const apiHub = await api('GET', '/api/v1/hub');
  check(apiHub.height >= Number(hubAfter.height), 'the page shows no block the API does not know');
  log('hub height ' + hubBefore.height + ' -> ' + hubAfter.height + ', app hash ' + hubBefore.shortHash + ' -> ' + hubAfter.shortHash);

  // a transfer's detail: its attestations, confirmation and batch
  await page.click(`#transfers-table tr[data-transfer-id="${forward.transferId}"]`);
  await page.waitForSelector('#transfer-detail:not([hidden])');
  await page.waitForSelector('#detail-attestations tbody tr td span[title^="0x"]');
  check((await page.textContent('#detail-history')).includes('EXECUTED'), 'detail history reaches EXECUTED');
  check(/BANK_[A-Z]\/[0-9]+/.test(await page.textContent('#detail-batch')), 'detail shows the batch');
  check((await page.textContent('#detail-batch')).includes('DONE'), 'the batch is done once minted');
  check((await page.textContent('#detail-confirmation')).includes('ISSUE journal entry'), 'detail shows the confirmation');
  await shot(page, '02a-transfer-detail');
  await page.click('#detail-close');
  await page.waitForSelector('#transfer-detail', { state: 'hidden' });
  await page.waitForFunction(([ab, ba]) => document.querySelector(ab)?.textContent === '100' && document.querySelector(ba)?.textContent === '30',
    [cell(a, b), cell(b, a)]);
  check((await page.textContent('#gross-total')) === '130', 'gross total before netting');
  // the state filter hides what does not match
  await page.selectOption('#filter-state', 'STUCK');
  check(await page.locator('#transfers-table tr[data-transfer-id]').count() === 0, 'state filter');
  await page.selectOption('#filter-state', '');
  await page.selectOption('#filter-bank', a);
  check(await page.locator('#transfers-table tr[data-transfer-id]').count() === 2, 'bank filter');
  await page.selectOption('#filter-bank', '');
  await shot(page, '02-transfers-executed');

  // 3. "Run netting now" updates the matrix and the chart
  check(await page.locator('#netting-chart svg').count() === 0, 'no chart before the first round');
  await page.click('#run-netting');
  await page.waitForSelector('#netting-chart svg g[data-round]');
  await page.waitForFunction(([ab, ba]) => document.querySelector(ab)?.textContent === '70' && document.querySelector(ba)?.textContent === '0',
    [cell(a, b), cell(b, a)]);
  check((await page.textContent('#gross-total')) === '70', 'gross total after netting');
  check((await page.textContent('#netting-chart')).includes('130'), 'chart shows gross before');
  check((await page.textContent('#settlements-table')).includes(a + ' pays ' + b + ' 70'), 'settlement instruction');
  const nettingMessage = await page.textContent('#netting-message');
  check(nettingMessage.includes('Round #'), 'netting message names the round: ' + nettingMessage);
  const roundHeight = Number((nettingMessage.match(/at height ([0-9]+)/) || [])[1]);
  check(Number((await hubShown(page)).height) >= roundHeight, 'the header shows the round\'s block (height ' + roundHeight + ') or a later one');
  check(consoleErrors.length === 0, 'console errors during the run: ' + JSON.stringify(consoleErrors));
  log('netting round shown in matrix, chart and settlements');
  const dashboard = await shot(page, '03-after-netting-1280x800');
  if (docsScreenshot) copyFileSync(dashboard, docsScreenshot);

  // the operator confirms the settlement once paid outside: the instruction and the IOU go
  await page.click('#settlements-table button');
  check((await page.textContent('#settlements-message')).includes('payment reference'), 'asks for the payment reference first');
  await page.fill('#settlements-table input', 'WIRE-2026-0001');
  await page.click('#settlements-table button');
  await page.waitForFunction((ab) => document.querySelector(ab)?.textContent === '0', cell(a, b));
  await page.waitForFunction(() => document.querySelector('#settlements-table').textContent.includes('Nothing to settle'));
  check((await page.textContent('#settlements-message')).includes('Confirmed at height'), 'settlement committed: ' + await page.textContent('#settlements-message'));
  check((await page.textContent('#gross-total')) === '0', 'gross total after settlement');
  log('settlement confirmed from the page');
  // a reload lists the transfers from the API (the event stream then starts live): the listing carries the mint hashes
  await page.reload();
  await page.waitForSelector('#connection[data-state="live"]');
  for (const sent of [forward, back]) {
    const row = `#transfers-table tr[data-transfer-id="${sent.transferId}"]`;
    await page.waitForSelector(row + '[data-state="EXECUTED"]');
    check((await page.getAttribute(row + ' td:nth-child(7) span', 'title') || '').startsWith('0x'), 'destination tx hash listed after a reload');
  }
  log('after a reload the listing shows both hashes');

  // 4. a narrow screen: one column, nothing wider than the screen
  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 1, 'page wider than a 390 px screen by ' + overflow + ' px');
  await shot(page, '04-narrow-390');
  await page.setViewportSize({ width: 1280, height: 800 });

  // 5. rate limited and offline are shown, in words (the answers are simulated in the browser)
  await page.route('**/api/v1/netting/rounds', (route) => route.request().method() === 'POST'
    ? route.fulfill({ status: 429, contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'RATE_LIMITED', message: 'too many requests', details: { retryAfterSeconds: 3 } } }) })
    : route.continue());
  await page.click('#run-netting');
  await page.waitForSelector('#alert[data-kind="rate-limited"]:not([hidden])');
  check((await page.textContent('#alert')).includes('Rate limited (429)'), 'rate-limit message');
  check((await page.textContent('#netting-message')).includes('429'), 'netting message names 429');
  await shot(page, '05-rate-limited');
  await page.unroute('**/api/v1/netting/rounds');
  await context.setOffline(true);
  await page.waitForSelector('#connection[data-state="offline"]');
  await page.waitForSelector('#alert[data-kind="offline"]:not([hidden])');
  check((await page.textContent('#alert')).includes('Offline'), 'offline message');
  await shot(page, '06-offline');
  await context.setOffline(false);
  await page.waitForSelector('#connection[data-state="live"]');
  await page.waitForSelector('#alert[data-kind="offline"]', { state: 'hidden' });
  log('rate limited and offline shown; live again after coming back online');

  // 6. a bad token shows a clear message (a new tab: sessionStorage is per tab)
  const other = await context.newPage();
  await other.goto(baseUrl + '/');
  await other.fill('#token', 'not-a-valid-token');
  await other.click('#sign-in-button');
  await other.waitForSelector('#alert:not([hidden])');
  const alert = await other.textContent('#alert');
  check(alert.includes('Token rejected'), 'bad-token message: ' + alert);
  check((await other.textContent('#connection')).includes('Token rejected'), 'status badge says token rejected');
  check(await other.isHidden('#dashboard'), 'no data shown with a bad token');
  log('bad token: "' + alert + '"');
  await shot(other, '07-bad-token');

  log('all checks passed in ' + (Date.now() - started) + ' ms');
} catch (error) {
  console.error('[dashboard-check] FAILED: ' + (error && error.stack ? error.stack : error));
  if (context) {
    for (const [index, page] of context.pages().entries()) {
      await page.screenshot({ path: join(screenshots, 'failure-' + index + '.png') }).catch(() => {});
    }
  }
  process.exitCode = 1;
} finally {
  if (context) await context.close().catch(() => {});
  rmSync(profile, { recursive: true, force: true });
}
