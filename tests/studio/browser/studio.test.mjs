// The studio in a real browser (Debian's chromium through playwright-core), against the
// database tests/studio/studio_browser_test.cpp prepared. Environment: STUDIO_URL and
// STUDIO_READONLY_URL (the addresses sleet studio printed), SLEET_BINARY, PROJECT_DIR.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';

const url = process.env.STUDIO_URL;
const readOnlyUrl = process.env.STUDIO_READONLY_URL;
let browser, page;
const dialogs = [];

function token(address) { return new URL(address).searchParams.get('token'); }
function origin(address) { return new URL(address).origin; }

// The API as a script uses it, to check what is stored.
async function sql(text, address = url) {
  const response = await fetch(`${origin(address)}/api/sql`, { method: 'POST',
    headers: { Authorization: `Bearer ${token(address)}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ sql: text }) });
  return { status: response.status, body: await response.json() };
}

async function openTable(name) {
  await page.click(`.table-link[data-table="public.${name}"]`);
  await page.waitForSelector(`.table-title:text-is("public.${name}")`);
  await page.waitForSelector('.grid-rows [role="gridcell"] >> nth=0');
}

async function streamText(stream) {
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function cell(row, column) {
  return page.locator(`.grid-rows [role="row"][aria-rowindex="${row + 2}"] [data-column="${column}"]`);
}

async function applyDialog(expectSql) {
  const preview = page.locator('dialog .sql-preview');
  await preview.waitFor();
  if (expectSql) assert.match(await preview.textContent(), expectSql);
  await page.click('dialog button.primary');
  await page.waitForSelector('dialog', { state: 'detached' });
}

before(async () => {
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  page = await browser.newPage({ viewport: { width: 1300, height: 800 } });
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
});
after(async () => { await browser.close(); });

test('the token opens the studio, the cookie keeps it open, without it nothing shows', async () => {
  const stranger = await browser.newPage();
  const refused = await stranger.goto(origin(url) + '/');
  assert.equal(refused.status(), 401);
  await stranger.close();
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(new URL(page.url()).search, '', 'the token left the address bar');
  const cookies = await page.context().cookies();
  const cookie = cookies.find((c) => c.name.startsWith('sleet_studio_'));
  assert.ok(cookie.httpOnly);
  assert.equal(cookie.sameSite, 'Strict');
});

test('lists the tables grouped by schema with estimates', async () => {
  const names = await page.locator('.table-link .table-name').allTextContents();
  for (const name of ['authors', 'big', 'posts', '<script>alert(1)</script>']) assert.ok(names.includes(name), name);
  assert.equal(await page.locator('.schema-name').first().textContent(), 'public');
  assert.equal(await page.locator('.table-link[data-table="public.big"] .row-estimate').textContent(), '~100,000');
});

test('pages through 100,000 rows', async () => {
  await openTable('big');
  assert.match(await page.locator('.grid-status').textContent(), /100,000 rows/);
  assert.equal(await page.getAttribute('[role="grid"]', 'aria-rowcount'), '100001');
  await page.locator('.grid-body').evaluate((e) => { e.scrollTop = e.scrollHeight; });
  await page.waitForSelector('.grid-rows [aria-rowindex="100001"] [data-column="id"] span:text-is("100000")');
  await page.locator('.grid-body').evaluate((e) => { e.scrollTop = e.scrollHeight / 2; });
  await page.waitForSelector('.grid-rows [data-column="id"] span:text-is("50000")');
  await page.waitForSelector('.grid-rows [data-column="id"] span:text-is("50010")');
  // Scrolling on from there pages by key: the next block asks for after=[the last id].
  const [request] = await Promise.all([
    page.waitForRequest((r) => r.url().includes('/api/rows/public/big') && r.url().includes('after=')),
    page.locator('.grid-body').evaluate((e) => { e.scrollTop += 200 * 30; }),
  ]);
  assert.match(decodeURIComponent(request.url()), /after=\[\d+\]/);
  await page.waitForSelector('.grid-rows [data-column="id"] span:text-is("50200")');
  // Keyboard: the grid moves its focus with the arrows.
  await page.locator('.grid-body').evaluate((e) => { e.scrollTop = 0; });
  await cell(0, 'id').click();
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), '2');
});

test('edits a cell to NULL and to the empty string, each stored as such', async () => {
  await openTable('authors');
  await cell(0, 'bio').dblclick();
  await page.click('button[aria-label="Set bio to NULL"]');
  await applyDialog(/UPDATE "public"\."authors" SET "bio" = \$1 WHERE "id" = \$2/);
  await page.waitForSelector('.grid-rows [aria-rowindex="2"] [data-column="bio"] .null');
  assert.deepEqual((await sql('select bio is null from authors where id = 1')).body.rows, [[true]]);
  await cell(0, 'bio').dblclick();
  await page.fill('.cell-editor', '');
  await page.keyboard.press('Enter');
  await applyDialog();
  await page.waitForSelector('.grid-rows [aria-rowindex="2"] [data-column="bio"] .empty');
  assert.deepEqual((await sql("select bio = '' from authors where id = 1")).body.rows, [[true]]);
  // Cancel leaves it as it was.
  await cell(0, 'bio').dblclick();
  await page.fill('.cell-editor', 'changed');
  await page.keyboard.press('Enter');
  await page.click('dialog button:text-is("Cancel")');
  assert.deepEqual((await sql("select bio from authors where id = 1")).body.rows, [['']]);
});

test('inserts and deletes a row', async () => {
  await page.click('button:text-is("Insert row")');
  await page.fill('[aria-label="Value of name"]', 'Inserted <b>person</b>');
  await page.check('[aria-label="bio: NULL"]');
  await page.click('dialog button:text-is("Preview")');
  await applyDialog(/INSERT INTO "public"\."authors"/);
  await page.waitForSelector('.grid-rows [data-column="name"] span:text-is("Inserted <b>person</b>")');
  const inserted = (await sql("select id, bio is null from authors where name = 'Inserted <b>person</b>'")).body.rows;
  assert.equal(inserted.length, 1);
  assert.equal(inserted[0][1], true);
  await page.click(`.grid-rows [data-column="name"] span:text-is("Inserted <b>person</b>")`);
  await page.click('button:text-is("Delete row")');
  await applyDialog(/DELETE FROM "public"\."authors" WHERE "id" = \$1/);
  assert.deepEqual((await sql("select count(*) from authors where name like 'Inserted%'")).body.rows, [['0']]);
});

test('exports CSV and JSON with NULL and the empty string apart', async () => {
  const [csv] = await Promise.all([page.waitForEvent('download'), page.click('button:text-is("Export CSV")')]);
  const text = (await streamText(await csv.createReadStream()));
  const lines = text.trim().split('\r\n');
  assert.equal(lines[0], '"id","name","bio"');
  assert.ok(lines.includes('"2","Grace",""'), text);
  assert.ok(lines.includes('"3","Alan",'), text);
  const [json] = await Promise.all([page.waitForEvent('download'), page.click('button:text-is("Export JSON")')]);
  const rows = JSON.parse(await streamText(await json.createReadStream()));
  assert.deepEqual(rows.find((r) => r.id === '3'), { id: '3', name: 'Alan', bio: null });
  assert.deepEqual(rows.find((r) => r.id === '2'), { id: '2', name: 'Grace', bio: '' });
});

test('filters and sorts', async () => {
  await openTable('posts');
  await page.fill('[aria-label="Filter title"]', 'post 1');
  await page.press('[aria-label="Filter title"]', 'Enter');
  await page.waitForSelector('.grid-status:text-is("111 rows")');
  await page.click('button[aria-label="Sort by id"]');
  await page.click('button[aria-label="Sort by id"]');
  await page.waitForSelector('[role="columnheader"][aria-sort="descending"]');
  await page.waitForSelector('.grid-rows [aria-rowindex="2"] [data-column="id"] span:text-is("199")');
});

test('follows a foreign key to the referenced row', async () => {
  await page.fill('[aria-label="Filter title"]', '=post 7');
  await page.press('[aria-label="Filter title"]', 'Enter');
  await page.waitForSelector('.grid-status:text-is("1 rows")');
  await page.click('.grid-rows [data-column="author_id"] .fk-link');
  await page.waitForSelector('.table-title:text-is("public.authors")');
  await page.waitForSelector('.grid-status:text-is("1 rows")');
  assert.equal(await cell(0, 'id').textContent(), '2');
  assert.equal(await page.inputValue('[aria-label="Filter id"]'), '=2');
});

test('runs SQL in the console, shows errors with their place, keeps a history', async () => {
  await page.click('a.view-link:text-is("SQL")');
  await page.fill('.sql-editor', 'select id, name from authors order by id');
  await page.keyboard.press('Control+Enter');
  await page.waitForSelector('.result-table td');
  assert.match(await page.locator('.result-summary').textContent(), /SELECT/);
  await page.fill('.sql-editor', 'select 1;\nselect nope from authors');
  await page.click('button:text-is("Run")');
  await page.waitForSelector('[role="alert"]');
  assert.match(await page.locator('[role="alert"]').textContent(), /line 2, column 8.*nope/);
  assert.equal(await page.locator('.history-item').count(), 2);
});

test('shows a pending migration, then the drift after a hand change, and the plan with hazards', async () => {
  await page.click('a.view-link:text-is("Migrations")');
  await page.waitForSelector('.badge-pending');
  assert.match(await page.locator('section[aria-label="Drift"]').textContent(), /Not checked: 1 migration is pending/);
  const plan = page.locator('section[aria-label="Pending plan"]');
  await plan.locator('.hazard-data-loss').first().waitFor();
  assert.match(await plan.textContent(), /drop column public\.posts body/);

  execFileSync(process.env.SLEET_BINARY, ['migrate'], { cwd: process.env.PROJECT_DIR, stdio: 'ignore' });
  assert.equal((await sql('alter table authors add column nickname text')).status, 200);
  await page.click('a.view-link:text-is("SQL")');
  await page.click('a.view-link:text-is("Migrations")');
  await page.waitForSelector('section[aria-label="Drift"] .statement');
  assert.match(await page.locator('section[aria-label="Drift"]').textContent(),
    /ALTER TABLE "public"\."authors" ADD COLUMN "nickname" text;/);
  assert.equal(await page.locator('.badge-pending').count(), 0);
});

test('the ER diagram shows every foreign key', async () => {
  await page.click('a.view-link:text-is("Schema")');
  await page.waitForSelector('.er-edge');
  const response = await fetch(`${origin(url)}/api/schema`, { headers: { Authorization: `Bearer ${token(url)}` } });
  const schema = await response.json();
  const expected = schema.tables.flatMap((t) => t.foreign_keys.map((k) => k.name)).sort();
  assert.ok(expected.length >= 1);
  const drawn = (await page.locator('.er-edge').evaluateAll((edges) => edges.map((e) => e.dataset.fk))).sort();
  assert.deepEqual(drawn, expected);
  await page.click('button:text-is("Fit")');
  await page.click('button:text-is("Zoom in")');
});

test('hostile identifiers and values render as text', async () => {
  await page.click('.table-link[data-table="public.<script>alert(1)</script>"]');
  await page.waitForSelector('.grid-rows [role="gridcell"]');
  assert.equal(await page.locator('.table-title').textContent(), 'public.<script>alert(1)</script>');
  assert.equal(await page.locator('.column-name').nth(1).textContent(), 'a"; DROP TABLE x; --');
  assert.equal(await page.locator('.grid-rows [role="gridcell"]').nth(1).textContent(), '<img src=x onerror="window.pwned=1">');
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  assert.equal(await page.locator('img, .grid script').count(), 0);
  // An edit through the hostile column names works too.
  await page.locator('.grid-rows [role="gridcell"]').nth(1).dblclick();
  await page.fill('.cell-editor', '"; DROP TABLE authors; --');
  await page.keyboard.press('Enter');
  await applyDialog(/SET "a""; DROP TABLE x; --" = \$1/);
  assert.deepEqual((await sql('select count(*) from authors')).status, 200);
  assert.deepEqual(dialogs, []);
});

test('--read-only refuses writes', async () => {
  const readOnly = await browser.newPage();
  await readOnly.goto(readOnlyUrl);
  await readOnly.waitForSelector('body[data-ready="true"]');
  assert.match(await readOnly.locator('.database').textContent(), /read-only/);
  await readOnly.click('.table-link[data-table="public.authors"]');
  await readOnly.waitForSelector('.grid-rows [role="gridcell"]');
  assert.ok(await readOnly.locator('button:text-is("Insert row")').isDisabled());
  assert.ok(await readOnly.locator('button:text-is("Delete row")').isDisabled());
  assert.match(await readOnly.locator('[role="note"]').textContent(), /read-only/);
  await readOnly.click('a.view-link:text-is("SQL")');
  await readOnly.fill('.sql-editor', 'delete from authors');
  await readOnly.keyboard.press('Control+Enter');
  await readOnly.waitForSelector('[role="alert"]');
  assert.match(await readOnly.locator('[role="alert"]').textContent(), /read-only transaction/);
  const patch = await fetch(`${origin(readOnlyUrl)}/api/rows/public/authors`, { method: 'PATCH',
    headers: { Authorization: `Bearer ${token(readOnlyUrl)}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ key: { id: '1' }, set: { name: 'x' } }) });
  assert.equal(patch.status, 403);
  assert.notEqual((await sql('select count(*) from authors')).body.rows[0][0], '0');
  await readOnly.close();
});
