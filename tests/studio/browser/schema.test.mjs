// The schema view's objects in a real browser (Debian's chromium through playwright-core),
// against the database tests/studio/studio_browser_test.cpp loaded from
// studio_objects_fixture.h: functions (300 generated), a trigger, domains, composite and
// range types, partitions, an exclusion constraint, UNLOGGED, storage parameters, grants,
// table inheritance, rules, event triggers and default privileges.
// Environment: STUDIO_URL; SCREENSHOT_DIR, when set, receives a PNG of each page visited.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const url = process.env.STUDIO_URL;
const shots = process.env.SCREENSHOT_DIR;
let browser, page;
const errors = [];

async function shot(name) {
  if (shots) await page.screenshot({ path: `${shots}/${name}.png`, fullPage: false });
}

function section(id) {
  return page.locator(`details.object-section[data-section="${id}"]`);
}

before(async () => {
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  page = await browser.newPage({ viewport: { width: 1300, height: 800 } });
  page.on('pageerror', (error) => errors.push(error.message));
  // Every failed request but the browser's own favicon request (the page has none).
  page.on('response', (response) => {
    if (response.status() >= 400 && !response.url().endsWith('/favicon.ico')) errors.push(`${response.status()} ${response.url()}`);
  });
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]');
});
after(async () => { await browser.close(); });

test('the sidebar shows partitions beneath their parent, with their bounds', async () => {
  const parent = page.locator('li:has(> .table-link[data-table="public.measurements"])');
  const partitions = parent.locator('> details.partition-list');
  assert.equal(await partitions.locator('> summary').textContent(), '3 partitions');
  assert.equal(await page.locator('.table-link[data-table="public.measurements_2026"]').isVisible(), false);
  await partitions.locator('> summary').click();
  const year = page.locator('.table-link[data-table="public.measurements_2026"]');
  assert.ok(await year.isVisible());
  assert.match(await year.getAttribute('title'), /partition of public\.measurements: FOR VALUES FROM \('2026-01-01'\)/);
  // A sub-partition sits one level deeper, under its own parent.
  const sub = parent.locator('details.partition-list[data-parent="public.measurements_2025"]');
  assert.equal(await sub.locator('.table-link[data-table="public.measurements_2025_small"]').count(), 1);
  await sub.locator('> summary').click();
  assert.equal(await sub.locator('.table-link[data-table="public.measurements_2025_small"] .partition-bound').textContent(), 'in 1, 2');
  assert.equal(await year.locator('.partition-bound').textContent(), '2026-01-01 → 2027-01-01');
  assert.equal(await page.locator('.table-link[data-table="public.measurements_rest"] .partition-bound').textContent(), 'default');
  // Partitions are not listed as unrelated tables at the top level.
  const topLevel = await page.locator('ul[aria-label="Tables in public"] > li > .table-link .table-name').allTextContents();
  assert.ok(topLevel.includes('measurements'));
  assert.ok(!topLevel.includes('measurements_2026'), topLevel.join(', '));
  await shot('sidebar-partitions');
  // The filter finds a partition by name and lists it flat, naming its parent.
  await page.fill('.sidebar-filter', '2025_sm');
  assert.deepEqual(await page.locator('.sidebar .table-name').allTextContents(), ['measurements_2025_small ⊂ measurements_2025']);
  await shot('sidebar-filtered');
  await page.fill('.sidebar-filter', '');
  await page.waitForSelector('.table-link[data-table="public.accounts"]');
});

test('the objects list has every kind, large sections collapsed', async () => {
  await page.click('a.view-link:text-is("Schema")');
  await page.click('a.schema-tab:text-is("Objects")');
  await page.waitForSelector('details.object-section');
  // Objects, not their grants: 13 tables, 2 views (one materialized), 308 functions, 1 trigger,
  // 3 rules, 2 event triggers, 2 domains, 1 composite, 1 range.
  assert.equal(await page.locator('.grid-status').textContent(), '333 objects');
  const counts = {};
  for (const id of ['tables', 'views', 'functions', 'triggers', 'rules', 'event-triggers', 'domains', 'composite', 'ranges', 'default-privileges']) {
    counts[id] = await section(id).locator('.section-count').textContent();
  }
  assert.deepEqual(counts, { tables: '13', views: '2', functions: '308', triggers: '1', rules: '3', 'event-triggers': '2',
    domains: '2', composite: '1', ranges: '1', 'default-privileges': '4' });
  // Who may do what: one row per grant, by role.
  const byRole = await section('privileges').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  // Default privileges (what a role will receive on objects not created yet) after each role's grants.
  assert.deepEqual(byRole, [
    ['PUBLIC', 'function public.set_updated_at()', 'revoked: EXECUTE'],
    ['PUBLIC', 'default new functions in any schema by postgres', 'revoked: EXECUTE'],
    ['studio_reader', 'table public.accounts', 'INSERT, SELECT'],
    ['studio_reader', 'table public.accounts (email)', 'UPDATE'],
    ['studio_reader', 'function public.add(integer, integer)', 'EXECUTE'],
    ['studio_reader', 'domain public.email', 'USAGE'],
    ['studio_reader', 'default new sequences in any schema by postgres', 'USAGE with grant option'],
    ['studio_reader', 'default new tables in public by postgres', 'SELECT'],
    ['studio_reader', 'default new tables in public by studio_owner', 'INSERT, UPDATE'],
  ]);
  // Default privileges by creating role, schema and kind.
  const defaults = await section('default-privileges').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  assert.deepEqual(defaults, [
    ['new functions in any schema', "postgres (this connection's role)", 'PUBLIC', 'revoked: EXECUTE'],
    ['new sequences in any schema', "postgres (this connection's role)", 'studio_reader', 'USAGE with grant option'],
    ['new tables in public', "postgres (this connection's role)", 'studio_reader', 'SELECT'],
    ['new tables in public', 'studio_owner', 'studio_reader', 'INSERT, UPDATE'],
  ]);
  // Kinds the database has none of are named once, below.
  assert.equal(await page.locator('.object-sections > .hint').textContent(),
    'None: collations, enums, sequences, extensions, schema privileges.');
  // 307 functions start collapsed; small sections open.
  assert.equal(await section('functions').getAttribute('open'), null);
  assert.notEqual(await section('triggers').getAttribute('open'), null);
  // The table tree: partitions indented under their parent, with their bounds.
  const rows = await section('tables').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.cells[0].textContent.trim()));
  const at = rows.indexOf('public.measurements');
  assert.ok(at >= 0, rows.join(' | '));
  assert.deepEqual(rows.slice(at + 1, at + 5), ['└ measurements_2025', '└ measurements_2025_small', '└ measurements_2026', '└ measurements_rest']);
  assert.match(await section('tables').locator('tr:has([data-object="table:public.measurements_rest"])').textContent(), /partition · DEFAULT/);
  assert.match(await section('tables').locator('tr:has([data-object="table:public.cache"])').textContent(), /UNLOGGED/);
  assert.match(await section('tables').locator('tr:has([data-object="table:public.accounts"])').textContent(), /fillfactor=70/);
  await shot('objects');
  // Opening the functions renders the first 200 rows and offers the rest.
  await section('functions').locator('summary').click();
  // (the rows are built on the toggle event, which comes after the click)
  await section('functions').locator('button.show-more').waitFor();
  assert.equal(await section('functions').locator('tbody tr').count(), 200);
  await section('functions').locator('button.show-more').click();
  await section('functions').locator('tbody tr').nth(307).waitFor();
  assert.equal(await section('functions').locator('tbody tr').count(), 308);
  assert.equal(await section('functions').locator('button.show-more').isVisible(), false);
});

test('the filter narrows every section, functions included', async () => {
  await page.fill('.object-filter', 'add(');
  // Both overloads, and the grant on one of them.
  await page.waitForSelector('.grid-status:text-is("3 matching")');
  const matches = await page.locator('details.object-section[open] [data-object]').evaluateAll((links) => links.map((a) => a.dataset.object));
  assert.deepEqual(matches, ['function:public.add(integer, integer)', 'function:public.add(numeric, numeric)']);
  assert.equal(await section('privileges').locator('tbody tr').count(), 1);
  // A role's name finds what it may do, and what it will receive on new objects.
  await page.fill('.object-filter', 'studio_reader');
  await page.waitForSelector('.grid-status:text-is("10 matching")');
  assert.deepEqual(await page.locator('details.object-section').evaluateAll((d) => d.map((e) => e.dataset.section)), ['default-privileges', 'privileges']);
  await shot('objects-privileges');
  await page.fill('.object-filter', 'updated_at');
  await page.waitForSelector('details.object-section[data-section="triggers"][open]');
  assert.equal(await section('functions').locator('tbody tr').count(), 1);
  await shot('objects-filtered');
  await page.fill('.object-filter', 'no such object');
  await page.waitForSelector('.grid-status:text-is("0 matching")');
  await page.fill('.object-filter', '');
});

test('a trigger links to its function, which shows its body and links back', async () => {
  const trigger = section('triggers').locator('tr:has([data-object="trigger:public.accounts.accounts_touch"])');
  assert.match(await trigger.textContent(), /BEFORE UPDATE OF email FOR EACH ROW/);
  await trigger.locator('a[data-function="public.set_updated_at()"]').click();
  await page.waitForSelector('.object-title:has-text("public.set_updated_at()")');
  assert.equal(await page.locator('.object-kind').textContent(), 'function');
  assert.match(decodeURIComponent(new URL(page.url()).hash), /^#\/schema\/function\/public\/set_updated_at\(\)$/);
  const body = page.locator('pre.code-block');
  assert.match(await body.textContent(), /^BEGIN\n\s+NEW\.updated_at := now\(\);\n\s+RETURN NEW;\nEND$/);
  const props = await page.locator('.props').textContent();
  assert.match(props, /returns\s*trigger/);
  assert.match(props, /language\s*plpgsql/);
  assert.match(props, /volatility\s*volatile/);
  assert.match(await page.locator('section[aria-label="Privileges"]').textContent(), /PUBLIC revoked: EXECUTE/);
  await shot('function');
  // Back to the table through "Called by triggers".
  await page.click('section[aria-label="Called by triggers"] a:text-is("public.accounts")');
  await page.waitForSelector('.object-title:has-text("public.accounts")');
});

test('a table page shows triggers with WHEN, checks, storage, grants; the trigger links to its function', async () => {
  const triggers = page.locator('section[aria-label="Triggers"]');
  assert.match(await triggers.textContent(), /IS DISTINCT FROM/);
  assert.match(await page.locator('.props').textContent(), /storage\s*autovacuum_enabled=false, fillfactor=70/);
  assert.match(await page.locator('section[aria-label="Constraints"]').textContent(), /id_positive\s*CHECK/);
  const grants = await page.locator('section[aria-label="Privileges"]').textContent();
  assert.match(grants, /studio_reader INSERT, SELECT/);
  assert.match(grants, /studio_reader UPDATE \(email\)/);
  // A column of a domain type links to the domain.
  await page.click('section[aria-label="Columns"] a:text-is("public.email")');
  await page.waitForSelector('.object-title:has-text("public.email")');
  const domain = await page.locator('.props').textContent();
  assert.match(domain, /base type\s*text/);
  assert.match(domain, /not null\s*yes/);
  assert.match(await page.locator('section[aria-label="Checks"]').textContent(), /email_has_at/);
  await shot('domain');
  await page.goBack();
  await page.waitForSelector('.object-title:has-text("public.accounts")');
  await shot('table');
  await triggers.locator('a[data-function="public.set_updated_at()"]').click();
  await page.waitForSelector('.object-title:has-text("public.set_updated_at()")');
});

test('a partitioned table lists its partitions with bounds; a partition names its parent', async () => {
  await page.evaluate(() => { location.hash = '#/schema/table/public/measurements'; });
  await page.waitForSelector('.object-title:has-text("public.measurements")');
  assert.equal(await page.locator('.object-kind').textContent(), 'partitioned table');
  assert.match(await page.locator('.props').textContent(), /partitioned by\s*RANGE \(at\)/);
  const partitions = page.locator('section[aria-label="Partitions"] tbody tr');
  assert.equal(await partitions.count(), 3);
  assert.match(await partitions.nth(0).textContent(), /measurements_2025FOR VALUES FROM \('2025-01-01'\) TO \('2026-01-01'\) \(partitioned\)/);
  await shot('partitioned-table');
  await partitions.nth(0).locator('a').click();
  await page.waitForSelector('.object-title:has-text("public.measurements_2025")');
  assert.equal(await page.locator('.object-kind').textContent(), 'partition');
  assert.match(await page.locator('.props').textContent(), /partition of\s*public\.measurements/);
  assert.match(await page.locator('section[aria-label="Partitions"]').textContent(), /measurements_2025_small/);
  // The rows of a partition open from its page.
  await page.click('a.button-link:text-is("Rows")');
  await page.waitForSelector('.table-title:text-is("public.measurements_2025")');
  await page.waitForSelector('.grid-rows [role="gridcell"] >> nth=0');
  assert.match(await page.locator('.grid-status').textContent(), /2 rows/);
  // And back: the grid's Structure link.
  await page.click('a.button-link:text-is("Structure")');
  await page.waitForSelector('.object-title:has-text("public.measurements_2025")');
});

test('exclusion constraints, composite and range types, procedures render', async () => {
  await page.evaluate(() => { location.hash = '#/schema/table/public/bookings'; });
  await page.waitForSelector('.object-title:has-text("public.bookings")');
  assert.match(await page.locator('section[aria-label="Constraints"]').textContent(),
    /no_overlap\s*EXCLUDE\s*USING gist \(during WITH &&\) WHERE \(.*room > 0.*\)/);
  await page.evaluate(() => { location.hash = '#/schema/composite/public/address'; });
  await page.waitForSelector('.object-title:has-text("public.address")');
  assert.deepEqual(await page.locator('section[aria-label="Attributes"] tbody tr td:first-child').allTextContents(), ['street', 'city']);
  await page.evaluate(() => { location.hash = '#/schema/range/public/price_range'; });
  await page.waitForSelector('.object-title:has-text("public.price_range")');
  assert.match(await page.locator('.props').textContent(), /subtype\s*numeric.*multirange\s*price_multirange/s);
  await page.evaluate(() => { location.hash = '#/schema/function/public/archive(date)'; });
  await page.waitForSelector('.object-title:has-text("public.archive(date)")');
  assert.equal(await page.locator('.object-kind').textContent(), 'procedure');
  assert.match(await page.locator('pre.code-block').textContent(), /DELETE FROM measurements WHERE at < before;/);
  await page.evaluate(() => { location.hash = '#/schema/function/public/recent(date)'; });
  await page.waitForSelector('.object-title:has-text("public.recent(date)")');
  assert.match(await page.locator('.props').textContent(), /returns\s*TABLE\(at date, value integer\)/);
  // An object that is not there says so.
  await page.evaluate(() => { location.hash = '#/schema/function/public/nope()'; });
  await page.waitForSelector('[role="alert"]');
  assert.match(await page.locator('[role="alert"]').textContent(), /No function public\.nope\(\)/);
});

test('a long body scrolls inside its box; a hostile function name is text', async () => {
  await page.evaluate(() => { location.hash = '#/schema/function/public/long_body()'; });
  await page.waitForSelector('.object-title:has-text("public.long_body()")');
  const box = page.locator('pre.code-block');
  const size = await box.evaluate((e) => ({ scroll: e.scrollWidth, client: e.clientWidth, height: e.clientHeight,
    page: document.documentElement.scrollWidth, viewport: window.innerWidth }));
  assert.ok(size.scroll > size.client, 'the longest line scrolls inside the box');
  assert.ok(size.page <= size.viewport, 'the page itself does not scroll sideways');
  assert.ok(size.height <= 800 * 0.6 + 1, 'the box is at most 60% of the window high');
  assert.match(await box.textContent(), /v60 text := 'x{1200}';/);
  await shot('function-long-body');

  await page.click('a.schema-tab:text-is("Objects")');
  await page.fill('.object-filter', 'onerror');
  const hostile = section('functions').locator('a[data-object^="function:public.<img"]');
  await hostile.waitFor();
  assert.equal(await hostile.textContent(), 'public.<img src=x onerror=window.pwned=1>(integer)');
  await hostile.click();
  await page.waitForSelector('.object-title:has-text("onerror")');
  assert.equal(await page.locator('.object-title span:nth-child(2)').textContent(), 'public.<img src=x onerror=window.pwned=1>(integer)');
  assert.equal(await page.locator('main img').count(), 0);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  await page.click('a.schema-tab:text-is("Objects")');
  await page.fill('.object-filter', '');
});

test('inheriting tables sit under their first parent, marked apart from partitions', async () => {
  await page.click('a.schema-tab:text-is("Objects")');
  await page.waitForSelector('details.object-section[data-section="tables"]');
  const rows = await section('tables').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.cells[0].textContent.trim(),
    getComputedStyle(tr.cells[0]).getPropertyValue('--depth').trim()]));
  const at = rows.findIndex(([name]) => name === 'public.vehicles');
  assert.ok(at >= 0, rows.join(' | '));
  // amphibians inherits from cars and boats: listed once, under cars (its first parent).
  assert.deepEqual(rows.slice(at, at + 4), [['public.vehicles', '0'], ['└ boats', '1'], ['└ cars', '1'], ['└ amphibians', '2']]);
  assert.equal(rows.filter(([name]) => /amphibians|cars/.test(name)).length, 2, rows.join(' | '));
  const row = (name) => section('tables').locator(`tr:has([data-object="table:public.${name}"])`);
  assert.match(await row('vehicles').textContent(), /inherited by 2/);
  assert.match(await row('cars').textContent(), /inherits vehicles/);
  assert.doesNotMatch(await row('cars').textContent(), /partition/);
  assert.match(await row('amphibians').textContent(), /inherits cars, boats/);
  assert.match(await row('measurements_2026').textContent(), /partition · FOR VALUES FROM/);
  assert.doesNotMatch(await row('measurements_2026').textContent(), /inherits/);
  await shot('objects-inheritance');

  // The sidebar too: inheriting tables under their first parent, apart from partitions.
  const heirs = page.locator('details.inherit-list[data-inherited-from="public.vehicles"]');
  assert.equal(await heirs.locator('> summary').textContent(), '2 inheriting tables');
  assert.deepEqual(await heirs.locator('> ul > li > .table-link .table-name').allTextContents(), ['boats', 'cars']);
  const deeper = heirs.locator('details.inherit-list[data-inherited-from="public.cars"]');
  assert.equal(await deeper.locator('> summary').textContent(), '1 inheriting table');
  assert.equal(await deeper.locator('.table-link[data-table="public.amphibians"]').getAttribute('title'),
    'inherits from public.cars, public.boats');
  const topLevel = await page.locator('ul[aria-label="Tables in public"] > li > .table-link .table-name').allTextContents();
  assert.ok(topLevel.includes('vehicles'));
  assert.ok(!['boats', 'cars', 'amphibians'].some((t) => topLevel.includes(t)), topLevel.join(', '));
  assert.equal(await page.locator('details.partition-list:not(.inherit-list)[data-parent="public.vehicles"]').count(), 0);
  await heirs.locator('> summary').click();
  await shot('sidebar-inheritance');
  await page.fill('.sidebar-filter', 'amphib');
  assert.deepEqual(await page.locator('.sidebar .table-name').allTextContents(), ['amphibians ← cars']);
  await page.fill('.sidebar-filter', '');
  await page.waitForSelector('.table-link[data-table="public.accounts"]');

  // A child's page: its parents linked, the columns it inherits named with where they come from.
  await row('amphibians').locator('a').click();
  await page.waitForSelector('.object-title:has-text("public.amphibians")');
  assert.equal(await page.locator('.object-kind').textContent(), 'table');
  assert.match(await page.locator('.props').textContent(), /inherits from\s*public\.cars, public\.boats/);
  const columns = await page.locator('section[aria-label="Columns"] tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.cells[0].textContent, tr.cells[4].textContent]));
  assert.deepEqual(columns, [['id', 'vehicles'], ['name', 'vehicles'], ['doors', 'cars'], ['draft', 'boats'], ['wheels', 'own']]);
  await shot('table-inheriting');
  // child → parent → its children → a child.
  await page.click('.props a[data-object="table:public.cars"]');
  await page.waitForSelector('.object-title:has-text("public.cars")');
  const inheritedBy = page.locator('section[aria-label="Inherited by"] tbody tr');
  assert.deepEqual(await inheritedBy.evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent))), [['amphibians', 'boats']]);
  await page.click('.props a[data-object="table:public.vehicles"]');
  await page.waitForSelector('.object-title:has-text("public.vehicles")');
  assert.deepEqual(await inheritedBy.evaluateAll((trs) => trs.map((tr) => tr.cells[0].textContent)), ['boats', 'cars']);
  assert.equal(await page.locator('section[aria-label="Columns"] th:text-is("inherited from")').count(), 0);
  await inheritedBy.locator('a[data-object="table:public.boats"]').click();
  await page.waitForSelector('.object-title:has-text("public.boats")');
  assert.match(decodeURIComponent(new URL(page.url()).hash), /^#\/schema\/table\/public\/boats$/);
});

test('a check added NOT VALID is marked on its table\'s page', async () => {
  await page.evaluate(() => { location.hash = '#/schema/table/public/vehicle_log'; });
  await page.waitForSelector('.object-title:has-text("public.vehicle_log")');
  const checks = await page.locator('section[aria-label="Constraints"] tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  assert.deepEqual(checks.map((c) => c.slice(0, 2)), [['vehicle_log_named', 'CHECK']]);
  assert.match(checks[0][2], /name IS NOT NULL.* NOT VALID$/);
  await shot('not-valid');
});

test('a materialized view lists its indexes on its page', async () => {
  await page.click('a.schema-tab:text-is("Objects")');
  await page.waitForSelector('details.object-section[data-section="views"]');
  const kinds = await section('views').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  assert.deepEqual(kinds, [['public.car_names', 'view'], ['public.measurement_totals', 'materialized view · 2 indexes']]);
  await page.evaluate(() => { location.hash = '#/schema/view/public/measurement_totals'; });
  await page.waitForSelector('.object-title:has-text("public.measurement_totals")');
  assert.equal(await page.locator('.object-kind').textContent(), 'materialized view');
  const indexes = await page.locator('section[aria-label="Indexes"] tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  assert.deepEqual(indexes, [['measurement_totals_at', 'UNIQUE USING btree (at)'],
    ['measurement_totals_top', 'USING btree (total DESC NULLS LAST) WHERE (total > 0)']]);
  await shot('matview-indexes');
});

test('rules: a section, one page each, linked to and from their table or view', async () => {
  await page.click('a.schema-tab:text-is("Objects")');
  await page.waitForSelector('details.object-section[data-section="rules"]');
  const rules = await section('rules').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  assert.equal(rules.length, 3);
  assert.deepEqual(rules.map((r) => r.slice(0, 2)), [['cars_keep', 'public.cars'], ['vehicles_log', 'public.vehicles'], ['car_names_insert', 'public.car_names']]);
  assert.match(rules[0][2], /^ON DELETE WHERE .*doors > 2.* DO INSTEAD$/);
  assert.equal(rules[0][3], 'NOTHING');
  assert.equal(rules[1][2], 'ON INSERT DO ALSO');
  assert.match(rules[1][3], /^INSERT INTO .*vehicle_log/);
  assert.match(await section('tables').locator('tr:has([data-object="table:public.cars"])').textContent(), /1 rule/);
  await section('rules').locator('a[data-object="rule:public.cars.cars_keep"]').click();
  await page.waitForSelector('.object-title:has-text("cars_keep on public.cars")');
  assert.equal(await page.locator('.object-kind').first().textContent(), 'rule');
  assert.match(decodeURIComponent(new URL(page.url()).hash), /^#\/schema\/rule\/public\/cars\.cars_keep$/);
  const props = await page.locator('.props').textContent();
  assert.match(props, /on\s*table public\.cars/);
  assert.match(props, /event\s*DELETE/);
  assert.match(props, /does\s*INSTEAD/);
  assert.match(props, /where\s*.*doors > 2/);
  assert.match(await page.locator('section[aria-label="Actions"]').textContent(), /NOTHING/);
  // The server's own text (pg_get_ruledef).
  const definition = await page.locator('pre.code-block').textContent();
  assert.match(definition, /^CREATE RULE cars_keep AS\s+ON DELETE TO cars\s+WHERE .*doors > 2.*DO INSTEAD NOTHING;$/s);
  await shot('rule');
  // rule → table → rule.
  await page.click('.props a:text-is("public.cars")');
  await page.waitForSelector('.object-title:has-text("public.cars")');
  const onTable = page.locator('section[aria-label="Rules"]');
  assert.match(await onTable.textContent(), /cars_keep\s*ON DELETE WHERE .* DO INSTEAD\s*NOTHING/);
  await onTable.locator('a[data-object="rule:public.cars.cars_keep"]').click();
  await page.waitForSelector('.object-title:has-text("cars_keep on public.cars")');
  // A view's rule (an updatable view through DO INSTEAD) links to the view, whose page lists it.
  await page.evaluate(() => { location.hash = '#/schema/rule/public/car_names.car_names_insert'; });
  await page.waitForSelector('.object-title:has-text("car_names_insert on public.car_names")');
  assert.match(await page.locator('.props').textContent(), /on\s*view public\.car_names/);
  assert.match(await page.locator('section[aria-label="Actions"]').textContent(), /INSERT INTO .*cars/);
  await page.click('.props a:text-is("public.car_names")');
  await page.waitForSelector('.object-title:has-text("public.car_names")');
  assert.equal(await page.locator('.object-kind').textContent(), 'view');
  assert.equal(await page.locator('section[aria-label="Rules"] a[data-object="rule:public.car_names.car_names_insert"]').count(), 1);
  // A rule that is not there says so.
  await page.evaluate(() => { location.hash = '#/schema/rule/public/cars.nope'; });
  await page.waitForSelector('[role="alert"]');
  assert.match(await page.locator('[role="alert"]').textContent(), /No rule public\.cars\.nope/);
});

test('event triggers: a section, one page each, linked to and from their function', async () => {
  await page.click('a.schema-tab:text-is("Objects")');
  await page.waitForSelector('details.object-section[data-section="event-triggers"]');
  const triggers = await section('event-triggers').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  assert.deepEqual(triggers, [
    ['log_drops', 'sql_drop', '', 'public.log_ddl()', 'disabled'],
    ['log_table_ddl', 'ddl_command_end', 'CREATE TABLE, ALTER TABLE', 'public.log_ddl()', 'enabled'],
  ]);
  await page.fill('.object-filter', 'ddl_command');
  await page.waitForSelector('.grid-status:text-is("1 matching")');
  await section('event-triggers').locator('a[data-object="event-trigger:log_table_ddl"]').click();
  await page.waitForSelector('.object-title:has-text("log_table_ddl")');
  assert.equal(await page.locator('.object-kind').textContent(), 'event trigger');
  assert.match(decodeURIComponent(new URL(page.url()).hash), /^#\/schema\/event-trigger\/log_table_ddl$/);
  const props = await page.locator('.props').textContent();
  assert.match(props, /event\s*ddl_command_end/);
  assert.match(props, /tags\s*CREATE TABLE, ALTER TABLE/);
  assert.match(props, /state\s*enabled/);
  assert.match(await page.locator('pre.code-block').textContent(), /^CREATE EVENT TRIGGER "log_table_ddl" ON ddl_command_end WHEN TAG IN \('CREATE TABLE', 'ALTER TABLE'\)/);
  await shot('event-trigger');
  // event trigger → function → the other event trigger → function.
  await page.click('.props a[data-function="public.log_ddl()"]');
  await page.waitForSelector('.object-title:has-text("public.log_ddl()")');
  assert.match(await page.locator('.props').textContent(), /returns\s*event_trigger/);
  const callers = page.locator('section[aria-label="Called by event triggers"] a');
  assert.deepEqual(await callers.allTextContents(), ['log_drops', 'log_table_ddl']);
  await callers.first().click();
  await page.waitForSelector('.object-title:has-text("log_drops")');
  const drops = await page.locator('.props').textContent();
  assert.match(drops, /tags\s*every command/);
  assert.match(drops, /state\s*disabled/);
  assert.match(await page.locator('pre.code-block').textContent(), /\nALTER EVENT TRIGGER "log_drops" DISABLE;$/);
  await page.click('.props a[data-function="public.log_ddl()"]');
  await page.waitForSelector('.object-title:has-text("public.log_ddl()")');
  await page.click('a.schema-tab:text-is("Objects")');
  await page.fill('.object-filter', '');
});

test('the diagram leaves partitions to their parent and offers the objects', async () => {
  await page.click('a.view-link:text-is("Schema")');
  await page.waitForSelector('.er-table');
  const drawn = await page.locator('.er-table').evaluateAll((g) => g.map((e) => e.dataset.table));
  assert.ok(drawn.includes('public.measurements'));
  assert.ok(!drawn.some((t) => t.startsWith('public.measurements_')), drawn.join(', '));
  assert.match(await page.locator('.grid-status').textContent(), /308 functions/);
  // Inheritance: a dashed line from each inheriting table to each of its parents.
  const inherits = await page.locator('path.er-inherit').evaluateAll((p) => p.map((e) => `${e.dataset.from} → ${e.dataset.inherits}`));
  assert.deepEqual(inherits.sort(), ['public.amphibians → public.boats', 'public.amphibians → public.cars',
    'public.boats → public.vehicles', 'public.cars → public.vehicles']);
  // A double click on a box opens the table's structure.
  await page.dblclick('.er-table[data-table="public.measurements"] .er-title');
  await page.waitForSelector('.object-title:has-text("public.measurements")');
  assert.equal(await page.locator('.object-kind').textContent(), 'partitioned table');
  assert.deepEqual(errors, []);
});
