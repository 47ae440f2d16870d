// Screenshots of every studio view, light and dark: node screenshots.mjs URL OUT_DIR
// (scripts/studio-screenshots prepares a database and runs it).
import { chromium } from 'playwright-core';

const [url, out] = process.argv.slice(2);
const views = [
  ['tables', '#/table/public/posts', '.grid-rows .grid-row'],
  ['edit', '#/table/public/authors', '.grid-rows .grid-row'],
  ['sql', '#/sql', '.sql-editor'],
  ['schema', '#/schema', '.er-edge'],
  ['objects', '#/schema/objects', 'details.object-section'],
  ['function', '#/schema/function/public/touch_updated_at()', 'pre.code-block'],
  ['function-sql-body', '#/schema/function/public/author_label(public.authors)', 'pre.code-block'],
  ['aggregate', '#/schema/function/public/last_value_of(anyelement)', 'section[aria-label="Definition"]'],
  ['collation', '#/schema/collation/public/case_insensitive', 'section[aria-label="Used by"]'],
  ['structure', '#/schema/table/public/events', 'section[aria-label="Partitions"]'],
  ['constraints', '#/schema/table/public/comments', 'section[aria-label="Constraints"]'],
  ['matview', '#/schema/view/public/author_stats', 'section[aria-label="Indexes"]'],
  ['inheritance', '#/schema/table/public/videos', 'section[aria-label="Columns"]'],
  ['rule', '#/schema/rule/public/comments.comments_hide', 'pre.code-block'],
  ['event-trigger', '#/schema/event-trigger/no_table_drops', 'pre.code-block'],
  ['migrations', '#/migrations', 'section'],
];

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox'] });
try {
  for (const scheme of ['light', 'dark']) {
    const context = await browser.newContext({ viewport: { width: 1400, height: 820 }, colorScheme: scheme });
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForSelector('body[data-ready="true"]');
    for (const [name, hash, ready] of views) {
      await page.evaluate((h) => { location.hash = h; }, hash);
      await page.waitForSelector(ready);
      if (name === 'sql') {
        await page.fill('.sql-editor', "select id, name, email, bio from authors order by id");
        await page.keyboard.press('Control+Enter');
        await page.waitForSelector('.result-table');
      }
      if (name === 'structure') {
        // The partitions of events open in the sidebar.
        await page.click('details.partition-list[data-parent="public.events"] > summary');
      }
      if (name === 'inheritance') {
        // The tables inheriting from media open in the sidebar (those of events stay open).
        await page.click('details.inherit-list[data-inherited-from="public.media"] > summary');
      }
      if (name === 'edit') {
        await page.dblclick('.grid-rows .grid-row:first-child [data-column="bio"]');
        await page.waitForSelector('.cell-editor');
        await page.fill('.cell-editor', 'Wrote the first published program');
        await page.keyboard.press('Enter');
        await page.waitForSelector('dialog .sql-preview');
      }
      await page.waitForTimeout(300);
      await page.screenshot({ path: `${out}/${name}-${scheme}.png` });
      if (name === 'edit') await page.keyboard.press('Escape');
    }
    await context.close();
  }
} finally {
  await browser.close();
}
