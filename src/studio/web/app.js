// sleet studio's page: the table list (partitions beneath their parent), and the views (a
// table's rows, the SQL console, the schema diagram and objects, the migrations), chosen by
// the address's #fragment.
import { api } from './api.js';
import { h, clear, count } from './dom.js';
import { DataGrid } from './grid.js';
import { renderConsole } from './console.js';
import { renderDiagram } from './diagram.js';
import { renderMigrations } from './migrations.js';
import { renderObjects, renderObject } from './objects.js';

const state = { info: null, tables: null, schema: null, filters: null };

// The whole schema (columns, keys) is read once, when a view first needs it; the table list
// comes first, from a cheaper query.
let schemaPromise = null;
function loadSchema() {
  schemaPromise ||= api.schema().then((schema) => { state.schema = schema; return schema; });
  return schemaPromise;
}
const main = h('main', { id: 'view', tabindex: -1 });
const sidebar = h('nav', { className: 'sidebar', 'aria-label': 'Tables' });

function setTheme(theme) {
  document.documentElement.dataset.theme = theme;
  localStorage.setItem('sleet-studio-theme', theme);
}

function currentTheme() {
  return document.documentElement.dataset.theme ||
    (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');
}

function header() {
  const views = [['#/sql', 'SQL'], ['#/schema', 'Schema'], ['#/migrations', 'Migrations']];
  return h('header', { className: 'topbar' },
    h('span', { className: 'brand', text: 'sleet studio' }),
    h('span', { className: 'database', text: state.info.database + (state.info.read_only ? ' · read-only' : '') }),
    h('nav', { className: 'views', 'aria-label': 'Views' },
      views.map(([href, label]) => h('a', { href, className: 'view-link', text: label }))),
    h('button', { type: 'button', className: 'theme-toggle', 'aria-label': 'Toggle dark mode',
      text: '◐', onclick: () => setTheme(currentTheme() === 'dark' ? 'light' : 'dark') }));
}

function tableHref(schema, name) {
  return `#/table/${encodeURIComponent(schema)}/${encodeURIComponent(name)}`;
}

// A partition's bound, short enough for the list: "2025-01-01 → 2026-01-01", "in 1, 2",
// "remainder 1 of 4", "default" (the whole bound is the link's title).
function shortBound(bound) {
  // Values unquoted, and a midnight UTC time left off a timestamp ("2026-01-01").
  const unquote = (text) => text.replace(/'((?:[^']|'')*)'/g, (_, value) => value.replaceAll("''", "'"))
    .replace(/(\d{4}-\d{2}-\d{2}) 00:00:00(?:\+00(?::00)?)?(?=[,)]|$)/g, '$1');
  let m;
  if (bound === 'DEFAULT') return 'default';
  if ((m = /^FOR VALUES FROM \((.*)\) TO \((.*)\)$/.exec(bound))) return `${unquote(m[1])} → ${unquote(m[2])}`;
  if ((m = /^FOR VALUES IN \((.*)\)$/.exec(bound))) return `in ${unquote(m[1])}`;
  if ((m = /^FOR VALUES WITH \(modulus (\d+), remainder (\d+)\)$/.exec(bound))) return `remainder ${m[2]} of ${m[1]}`;
  return bound;
}

// The table an entry sits under: a partition's parent, or an inheriting table's first parent
// (one with several parents is listed once).
function listParent(item) {
  const parent = item.partition_of || (item.inherits || [])[0];
  return parent ? `${parent.schema}.${parent.table}` : null;
}

// A table's entry: its link, and beneath it (collapsed) its partitions and, apart, the tables
// that inherit from it, when it has any.
function sidebarItem(item, children, flat) {
  const id = `${item.schema}.${item.name}`;
  const inherits = item.inherits || [];
  // A partitioned table's "N partitions" line below says what it is; its own rows are its
  // partitions'.
  const note = item.kind === 'table'
    ? (item.partitioned ? '' : item.estimated_rows >= 0 ? `~${count(item.estimated_rows)}` : '') : item.kind;
  const parents = inherits.map((p) => `${p.schema}.${p.table}`).join(', ');
  const entry = h('li', {}, h('a', { href: tableHref(item.schema, item.name), className: item.partition_of ? 'table-link has-bound' : 'table-link', 'data-table': id,
    title: item.partition_of ? `partition of ${item.partition_of.schema}.${item.partition_of.table}: ${item.partition_bound}`
      : inherits.length ? `inherits from ${parents}` : null },
  h('span', { className: 'table-name', text: flat && item.partition_of ? `${item.name} ⊂ ${item.partition_of.table}`
    : flat && inherits.length ? `${item.name} ← ${inherits[0].table}` : item.name }),
  h('span', { className: 'row-estimate', text: note }),
  item.partition_of ? h('span', { className: 'partition-bound', text: shortBound(item.partition_bound) }) : null));
  const own = flat ? [] : children.get(id) || [];
  const partitions = own.filter((child) => child.partition_of), heirs = own.filter((child) => !child.partition_of);
  if (partitions.length) {
    entry.append(h('details', { className: 'partition-list', 'data-parent': id },
      h('summary', { text: `${partitions.length} partition${partitions.length > 1 ? 's' : ''}` }),
      h('ul', { className: 'table-list', 'aria-label': `Partitions of ${id}` }, partitions.map((child) => sidebarItem(child, children, false)))));
  }
  if (heirs.length) {
    entry.append(h('details', { className: 'partition-list inherit-list', 'data-inherited-from': id },
      h('summary', { text: `${heirs.length} inheriting table${heirs.length > 1 ? 's' : ''}` }),
      h('ul', { className: 'table-list', 'aria-label': `Tables inheriting from ${id}` }, heirs.map((child) => sidebarItem(child, children, false)))));
  }
  return entry;
}

// The filter typed above the list: while it holds text, the matching tables and partitions
// are listed flat (a partition as "name ⊂ parent", an inheriting table as "name ← parent").
let sidebarFilter = '';
const sidebarBody = h('div', {});

function renderSidebar() {
  if (!sidebar.firstChild) {
    const input = h('input', { type: 'search', className: 'sidebar-filter', 'aria-label': 'Filter tables', placeholder: 'Filter tables…' });
    input.addEventListener('input', () => { sidebarFilter = input.value.trim().toLowerCase(); renderSidebar(); });
    sidebar.append(input, sidebarBody);
  }
  clear(sidebarBody);
  const known = new Set(state.tables.map((t) => `${t.schema}.${t.name}`));
  const children = new Map();
  for (const item of state.tables) {
    const parent = listParent(item);
    if (parent && known.has(parent)) {
      if (!children.has(parent)) children.set(parent, []);
      children.get(parent).push(item);
    }
  }
  const flat = Boolean(sidebarFilter);
  const bySchema = new Map();
  for (const item of state.tables) {
    if (flat ? !item.name.toLowerCase().includes(sidebarFilter) : known.has(listParent(item))) continue;
    if (!bySchema.has(item.schema)) bySchema.set(item.schema, []);
    bySchema.get(item.schema).push(item);
  }
  for (const [schema, items] of bySchema.entries()) {
    sidebarBody.append(h('h2', { className: 'schema-name', text: schema }),
      h('ul', { className: 'table-list', 'aria-label': `Tables in ${schema}` }, items.map((item) => sidebarItem(item, children, flat))));
  }
  if (!bySchema.size) {
    sidebarBody.append(h('p', { className: 'hint', text: flat ? 'No table matches.' : 'No tables in the target\'s schemas.' }));
  }
  markCurrent();
}

function markCurrent() {
  for (const link of document.querySelectorAll('.view-link, .table-link')) {
    const href = link.getAttribute('href');
    const current = href === location.hash || (href === '#/schema' && location.hash.startsWith('#/schema/'));
    link.toggleAttribute('aria-current', current);
    // A partition shown is one whose parents are open.
    if (current && link.classList.contains('table-link')) {
      for (let d = link.closest('details'); d; d = d.parentElement.closest('details')) d.open = true;
    }
  }
}

function showError(error) {
  clear(main).append(h('div', { className: 'error-box', role: 'alert', text: error.message }));
}

async function route() {
  const parts = location.hash.replace(/^#\/?/, '').split('/');
  markCurrent();
  try {
    if (parts[0] === 'table' && parts.length === 3) {
      const schemaName = decodeURIComponent(parts[1]), tableName = decodeURIComponent(parts[2]);
      const schema = await loadSchema();
      const table = schema.tables.find((t) => t.schema === schemaName && t.name === tableName);
      const grid = new DataGrid(clear(main), { schemaName, tableName, table, schema,
        readOnly: state.info.read_only, filters: state.filters, navigate });
      state.filters = null;
      await grid.load();
    } else if (parts[0] === 'sql') renderConsole(main, state.info);
    else if (parts[0] === 'schema' && parts[1] === 'objects') renderObjects(main, await loadSchema());
    else if (parts[0] === 'schema' && parts.length === 4) {
      renderObject(main, await loadSchema(), parts[1], decodeURIComponent(parts[2]), decodeURIComponent(parts[3]));
      main.scrollTop = 0;
    } else if (parts[0] === 'schema' && parts.length === 3) {  // an event trigger: in no schema
      renderObject(main, await loadSchema(), parts[1], null, decodeURIComponent(parts[2]));
      main.scrollTop = 0;
    } else if (parts[0] === 'schema') renderDiagram(main, await loadSchema());
    else if (parts[0] === 'migrations') await renderMigrations(main);
    else clear(main).append(h('div', { className: 'welcome' }, h('h2', { text: 'Choose a table' }),
      h('p', { text: `${state.tables.length} tables and views in ${state.info.schema_filter.join(', ')}.` })));
  } catch (error) {
    showError(error);
  }
}

// Following a foreign key: the referenced table, filtered to the referenced row.
function navigate(schema, table, filters) {
  state.filters = filters;
  const href = tableHref(schema, table);
  if (location.hash === href) route(); else location.hash = href;
}

async function start() {
  const saved = localStorage.getItem('sleet-studio-theme');
  if (saved) document.documentElement.dataset.theme = saved;
  try {
    [state.info, { tables: state.tables }] = await Promise.all([api.info(), api.tables()]);
  } catch (error) {
    document.body.append(h('div', { className: 'error-box', role: 'alert', text: `The studio cannot start: ${error.message}` }));
    return;
  }
  const app = document.getElementById('app');
  app.append(header(), h('div', { className: 'layout' }, sidebar, main));
  renderSidebar();
  window.addEventListener('hashchange', route);
  await route();
  document.body.dataset.ready = 'true';
}

start();
