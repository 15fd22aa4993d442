// Opens a feedmirror site in Debian's headless Chromium the way a reader
// would, and prints what it saw as one JSON object on stdout (the checks are
// made by tests/e2e/browser_test.py). Requests to any host but 127.0.0.1 are
// refused, so the page must work offline.
//
//   node check_site.mjs BASE_URL SCREENSHOT_DIR POST_TITLE QUERY [QUERY...]
//
// BASE_URL: "http://127.0.0.1:PORT"; POST_TITLE: the title of the post to
// open from the home page; each QUERY is typed into the header's search box.
// Each step waits for its elements; a step that fails ends the run with exit
// status 1 and "FAILED <step>: <reason>" on stderr.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const [base, shots, postTitle, ...queries] = process.argv.slice(2);
const STEP_MS = 20000;
const result = { home: null, post: null, searches: [], blocked: [], errors: [] };

async function step(name, fn) {
  try {
    return await fn();
  } catch (e) {
    process.stderr.write(`FAILED ${name}: ${e && e.message ? e.message.split('\n')[0] : e}\n`);
    process.stdout.write(JSON.stringify(result) + '\n');
    process.exit(1);
  }
}

function isLocal(url) {
  try {
    const u = new URL(url);
    return u.hostname === '127.0.0.1' || u.protocol === 'data:' || u.protocol === 'about:';
  } catch {
    return false;
  }
}

mkdirSync(shots, { recursive: true });
const browser = await step('launch chromium', () => chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  headless: true,
  timeout: 60000,
  // No network but the loopback: names resolve nowhere, no proxy.
  args: ['--headless', '--no-sandbox', '--no-proxy-server',
         '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1'],
}));
try {
  const context = await browser.newContext({ viewport: { width: 1024, height: 800 }, locale: 'zh-TW' });
  context.setDefaultTimeout(STEP_MS);
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isLocal(url)) return route.continue();
    result.blocked.push(url);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => result.errors.push(`page error: ${e.message}`));
  // Loads refused by the route above are listed in `blocked`, not as errors.
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().includes('ERR_BLOCKED_BY_CLIENT')) result.errors.push(`console: ${m.text()}`);
  });

  await step('open the home page', async () => {
    const response = await page.goto(base + '/', { waitUntil: 'load' });
    await page.locator('main .post-list li a.title').first().waitFor();
    result.home = {
      status: response.status(),
      title: await page.title(),
      titles: await page.locator('main .post-list li a.title').allTextContents(),
      times: await page.locator('main .post-list li time').evaluateAll((ts) => ts.map((t) => t.getAttribute('datetime'))),
    };
    await page.screenshot({ path: join(shots, 'home.png'), fullPage: false });
  });

  await step(`open the post "${postTitle}" from the home page`, async () => {
    await page.locator('main .post-list li a.title', { hasText: postTitle }).first().click();
    await page.locator('article.post h1').waitFor();
    await page.locator('article.post .post-content').waitFor();
    result.post = {
      url: decodeURI(new URL(page.url()).pathname),
      heading: (await page.locator('article.post h1').textContent()).trim(),
      title: await page.title(),
      source: (await page.locator('article.post .meta a.source').textContent()).trim(),
      text: (await page.locator('article.post .post-content').innerText()).trim(),
    };
    await page.screenshot({ path: join(shots, 'post.png'), fullPage: false });
  });

  for (const [n, query] of queries.entries()) {
    await step(`search "${query}" from the header's search box`, async () => {
      await page.goto(base + '/', { waitUntil: 'load' });
      await page.locator('#site-q').fill(query);
      await Promise.all([page.waitForURL(/\/search\/\?q=/), page.locator('#site-q').press('Enter')]);
      // Done when the status says how many were found (or that none were).
      await page.waitForFunction(() => /找到|找不到|沒有/.test(document.getElementById('search-status').textContent));
      result.searches.push({
        query,
        url: decodeURIComponent(page.url()),
        status: (await page.locator('#search-status').textContent()).trim(),
        titles: await page.locator('#search-results li a.title').allTextContents(),
        hrefs: await page.locator('#search-results li a.title').evaluateAll((as) => as.map((a) => decodeURI(new URL(a.href).pathname))),
        marks: await page.locator('#search-results li .snippet mark').allTextContents(),
      });
      await page.screenshot({ path: join(shots, n === 0 ? 'search.png' : `search-${n + 1}.png`), fullPage: false });
    });
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(result) + '\n');
