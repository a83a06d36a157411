// A real browser (Debian's chromium, driven by playwright-core) against the running API:
//  a. a page on another loopback origin, served here, logs in over fetch, asks for `me` and receives exchangeUpdated
//     over graphql-ws; the same page on an origin the API does not list is refused, over fetch and over WebSocket;
//  b. the IDE at /graphql: its docs list Query.me, a query with an Authorization header typed into the headers editor
//     answers the member's email, a subscription receives exchangeUpdated, and no request leaves the API's origin.
// Prints PASS/FAIL per check and exits non-zero on any failure.
// Usage: node browser-suite.mjs http://127.0.0.1:API_PORT/graphql PAGE_PORT
// The API must list http://127.0.0.1:PAGE_PORT in Cors:AllowedOrigins (and nothing for loopback in general: run it in
// Production without --seed-demo), and admin@conformance.local must be an admin there (as .ci/run makes it).
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { apiClient, password } from '../conformance/api-client.mjs';

const [apiUrl, pagePortText] = process.argv.slice(2);
if (!apiUrl || !pagePortText) {
  console.error('usage: node browser-suite.mjs <graphql http url> <page port>');
  process.exit(2);
}
const api = new URL(apiUrl);
const socketUrl = apiUrl.replace(/^http/, 'ws');
const client = apiClient(apiUrl);
const { mutate, register } = client;
const run = Date.now().toString(36);
const results = [];

function check(name, ok, detail = '') {
  results.push(ok);
  console.log(`${ok ? 'PASS' : 'FAIL'} ${name}${detail ? `: ${detail}` : ''}`);
}

async function member(adminToken, communityId, name) {
  return client.member(adminToken, communityId, name, `${name.toLowerCase()}.${run}@browser.local`);
}

// Takes an exchange between the two members one step at a time until `arrived()` says the subscriber has its event:
// a subscription is live only some moment after its subscribe message, and the protocol does not say when.
async function driveExchangeUntil(receiver, provider, arrived) {
  const steps = [
    async () => (await mutate('proposeExchange', 'ProposeExchangeInput', 'exchange { id }',
      { counterpartMemberId: provider.memberId, myRole: 'RECEIVER', minutes: 30, description: 'Water the plants' }, receiver.token)).exchange.id,
    (id) => mutate('acceptExchange', 'AcceptExchangeInput', 'exchange { id }', { exchangeId: id }, provider.token),
    (id) => mutate('completeExchange', 'CompleteExchangeInput', 'exchange { id }', { exchangeId: id, minutes: 30 }, provider.token),
    (id) => mutate('acknowledgeExchange', 'AcknowledgeExchangeInput', 'exchange { id }', { exchangeId: id }, receiver.token),
  ];
  let id;
  for (const step of steps) {
    id = (await step(id)) ?? id;
    if (await arrived()) return true;
  }
  return false;
}

// Serves the front end's page and the graphql-ws browser build on a loopback port.
async function servePage(port) {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const files = {
    '/page.html': ['page.html', 'text/html'],
    '/page.js': ['page.js', 'text/javascript'],
    '/graphql-ws.js': ['node_modules/graphql-ws/umd/graphql-ws.js', 'text/javascript'],
  };
  const server = createServer(async (request, response) => {
    const file = files[new URL(request.url, 'http://page').pathname];
    if (!file) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': `${file[1]}; charset=utf-8` }).end(await readFile(here + file[0]));
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${server.address().port}` };
}

const launchOptions = {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
};

async function frontEndChecks(browser, allowed, refused, tom, maria) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${allowed.origin}/page.html`);
  let login = null;
  try {
    login = await page.evaluate(([url, email, pass]) => window.frontEnd.login(url, email, pass), [apiUrl, tom.email, password]);
    check('a page on a listed origin logs in and reads me over fetch', login.email === tom.email, `me.email ${login.email}`);
  } catch (error) {
    check('a page on a listed origin logs in and reads me over fetch', false, error.message);
  }
  if (login) {
    try {
      await page.evaluate(([url, token]) => window.frontEnd.subscribe(url, token, 'subscription { exchangeUpdated { id status } }'), [socketUrl, login.token]);
      const arrived = await driveExchangeUntil(maria, tom,
        () => page.waitForFunction(() => window.frontEnd.events.length > 0, null, { timeout: 1500 }).then(() => true, () => false));
      const events = await page.evaluate(() => window.frontEnd.events);
      check('the page receives exchangeUpdated over graphql-ws', arrived && events[0]?.data?.exchangeUpdated?.id !== undefined,
        JSON.stringify(events[0] ?? (await page.evaluate(() => window.frontEnd.socketErrors))));
    } catch (error) {
      check('the page receives exchangeUpdated over graphql-ws', false, error.message);
    }
  }
  await context.close();

  const other = await (await browser.newContext()).newPage();
  await other.goto(`${refused.origin}/page.html`);
  const fetchOutcome = await other.evaluate(([url, email, pass]) => window.frontEnd.login(url, email, pass).then(
    () => 'answered', (error) => `${error.name}: ${error.message}`), [apiUrl, tom.email, password]);
  // A CORS refusal reaches the page only as a network TypeError; the same call from the listed origin worked above.
  check('the same page on an unlisted origin is refused over fetch', fetchOutcome.startsWith('TypeError'), fetchOutcome);
  const socketOutcome = await other.evaluate(([url, token]) => window.frontEnd.subscribe(url, token, 'subscription { serverTime }').then(
    () => 'connected', (error) => error.message), [socketUrl, login?.token ?? 'none']);
  check('the same page on an unlisted origin is refused over WebSocket', socketOutcome !== 'connected', socketOutcome);
  await other.context().close();
}

// Replaces an editor's whole text as a person pasting would (typing would let the editor close brackets itself).
async function replaceEditorText(page, editor, text) {
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

async function resultText(page) {
  return (await page.locator('.graphiql-response').innerText()).replace(/\s+/g, ' ');
}

async function ideChecks(browser, tom, maria) {
  const context = await browser.newContext();
  const offOrigin = [];
  const note = (url) => {
    const target = new URL(url);
    if (!['data:', 'blob:'].includes(target.protocol) && target.host !== api.host) offOrigin.push(url);
  };
  context.on('request', (request) => note(request.url()));
  await context.route('**', (route) => (new URL(route.request().url()).host === api.host ? route.continue() : route.abort()));
  const page = await context.newPage();
  page.on('websocket', (socket) => note(socket.url()));
  const consoleErrors = [];
  page.on('pageerror', (error) => consoleErrors.push(error.message));

  await page.goto(apiUrl);
  const docs = page.locator('.graphiql-doc-explorer');
  try {
    await page.locator('.graphiql-container').waitFor({ timeout: 20000 });
    if (!(await docs.isVisible())) await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
    await docs.getByText('Query', { exact: true }).first().click({ timeout: 10000 });
    await docs.locator('.graphiql-doc-explorer-field-name', { hasText: /^me$/ }).first().waitFor({ timeout: 10000 });
    check('the IDE at /graphql loads and its docs list Query.me', true);
  } catch (error) {
    const picture = `${tmpdir()}/timebank-ide-failure.png`;
    await page.screenshot({ path: picture }).catch(() => {});
    const shown = (await docs.innerText({ timeout: 1000 }).catch(() => '(no docs pane)')).replace(/\s+/g, ' ').slice(0, 300);
    check('the IDE at /graphql loads and its docs list Query.me', false,
      `${error.message.split('\n')[0]}; docs pane: ${shown}; page errors: ${consoleErrors.join('; ') || 'none'} (screenshot ${picture})`);
  }

  try {
    await page.getByRole('button', { name: /^headers$/i }).click();
    await replaceEditorText(page, page.locator('.graphiql-editor-tool .graphiql-editor').last(),
      JSON.stringify({ Authorization: `Bearer ${tom.token}` }));
    await replaceEditorText(page, page.locator('.graphiql-query-editor .graphiql-editor').first(), '{ me { email } }');
    await page.getByRole('button', { name: /execute query/i }).click();
    // The result editor wraps long lines, so its text is compared without white space.
    await page.waitForFunction((email) => document.querySelector('.graphiql-response')?.innerText.replace(/\s+/g, '').includes(email),
      tom.email, { timeout: 10000 });
    check('a query with an Authorization header from the headers editor answers me.email', true, tom.email);
  } catch (error) {
    check('a query with an Authorization header from the headers editor answers me.email', false,
      `${error.message.split('\n')[0]}; result: ${await resultText(page).catch(() => '?')}`);
  }

  try {
    await replaceEditorText(page, page.locator('.graphiql-query-editor .graphiql-editor').first(),
      'subscription { exchangeUpdated { id status } }');
    await page.getByRole('button', { name: /execute query/i }).click();
    const arrived = await driveExchangeUntil(maria, tom, () => page.waitForFunction(
      () => document.querySelector('.graphiql-response')?.innerText.includes('exchangeUpdated'), null, { timeout: 1500 }).then(() => true, () => false));
    check('a subscription in the IDE (token in connectionParams) receives exchangeUpdated', arrived, await resultText(page));
  } catch (error) {
    check('a subscription in the IDE (token in connectionParams) receives exchangeUpdated', false, error.message.split('\n')[0]);
  }

  check('the IDE requests nothing but the API\'s own origin', offOrigin.length === 0, offOrigin.slice(0, 5).join(' '));
  await context.close();
}

let browser;
let pages = [];
try {
  const admin = await register('admin@conformance.local');
  const community = await mutate('createCommunity', 'CreateCommunityInput', 'community { id }',
    { slug: `browser-${run}`, name: 'Browser time bank', timeZone: 'Europe/Lisbon', policy: { joiningGrantMinutes: 120 } }, admin);
  const maria = await member(admin, community.community.id, 'Maria');
  const tom = await member(admin, community.community.id, 'Tom');

  pages = [await servePage(Number(pagePortText)), await servePage(0)];
  browser = await chromium.launch(launchOptions);
  await frontEndChecks(browser, pages[0], pages[1], tom, maria);
  await ideChecks(browser, tom, maria);
} catch (error) {
  check('browser suite', false, error?.stack ?? String(error));
} finally {
  await browser?.close();
  for (const { server } of pages) server.close();
}

const failed = results.filter((ok) => !ok).length;
console.log(failed === 0 ? `browser suite: all ${results.length} checks PASS` : `browser suite: ${failed} of ${results.length} checks FAIL`);
process.exit(failed === 0 && results.length > 0 ? 0 : 1);
