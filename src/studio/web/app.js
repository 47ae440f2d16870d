// sleet studio's page: the table list, and the views (a table's rows, the SQL console, the
// schema diagram, the migrations), chosen by the address's #fragment.
import { api } from './api.js';
import { h, clear, count } from './dom.js';
import { DataGrid } from './grid.js';
import { renderConsole } from './console.js';
import { renderDiagram } from './diagram.js';
import { renderMigrations } from './migrations.js';

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

function renderSidebar() {
  clear(sidebar);
  const bySchema = new Map();
  for (const item of state.tables) {
    if (!bySchema.has(item.schema)) bySchema.set(item.schema, []);
    bySchema.get(item.schema).push(item);
  }
  for (const [schema, items] of bySchema.entries()) {
    sidebar.append(h('h2', { className: 'schema-name', text: schema }),
      h('ul', { className: 'table-list', 'aria-label': `Tables in ${schema}` }, items.map((item) =>
        h('li', {}, h('a', { href: tableHref(schema, item.name), className: 'table-link', 'data-table': `${schema}.${item.name}` },
          h('span', { className: 'table-name', text: item.name }),
          h('span', { className: 'row-estimate', text: item.kind === 'table'
            ? (item.estimated_rows >= 0 ? `~${count(item.estimated_rows)}` : '') : item.kind }))))));
  }
  if (!bySchema.size) sidebar.append(h('p', { className: 'hint', text: 'No tables in the target\'s schemas.' }));
}

function showError(error) {
  clear(main).append(h('div', { className: 'error-box', role: 'alert', text: error.message }));
}

async function route() {
  const parts = location.hash.replace(/^#\/?/, '').split('/');
  for (const link of document.querySelectorAll('.view-link, .table-link')) {
    link.toggleAttribute('aria-current', link.getAttribute('href') === location.hash);
  }
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
    else if (parts[0] === 'schema') renderDiagram(main, await loadSchema());
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
