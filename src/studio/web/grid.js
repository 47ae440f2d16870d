// The data grid: a virtual-scrolling view of one table (only the visible rows are in the
// page; blocks of rows are fetched as they scroll into view), sort and filter per column,
// editing in place with the SQL shown before it runs, insert, delete, export, and links
// from foreign key values to the rows they reference.
import { api, ApiError } from './api.js';
import { h, append, clear, dialog, count } from './dom.js';
import { valueNode, editText, parseEdited, isJsonType, csvField, download } from './values.js';

const ROW_HEIGHT = 30;
const BLOCK = 200;

export class DataGrid {
  // `table`: the /api/schema entry (undefined for views); `schema`: the whole document.
  constructor(root, { schemaName, tableName, table, schema, readOnly, navigate, filters }) {
    Object.assign(this, { root, schemaName, tableName, table, schema, navigate });
    this.studioReadOnly = readOnly;
    this.filters = filters || [];
    this.order = null;
    this.blocks = new Map();
    this.active = { row: 0, column: 0 };
    this.foreignKeys = this.foreignKeyLinks();
  }

  // Each foreign key, on its first column: the referenced table and the column pairs.
  foreignKeyLinks() {
    const keys = new Map();
    for (const key of (this.table && this.table.foreign_keys) || []) {
      const target = this.schema.tables.find((t) => t.schema === key.references.schema &&
        t.name === key.references.table);
      const referenced = key.referenced_columns.length ? key.referenced_columns : (target ? target.primary_key : []);
      if (referenced.length !== key.columns.length || keys.has(key.columns[0])) continue;
      keys.set(key.columns[0], { ...key.references, pairs: key.columns.map((c, i) => [c, referenced[i]]) });
    }
    return keys;
  }

  async load() {
    // A newer load (another sort or filter) wins over one still under way.
    const generation = this.generation = (this.generation || 0) + 1;
    this.blocks.clear();
    if (this.status) this.status.classList.remove('error');
    const first = await this.fetchBlock(0, generation);
    if (generation !== this.generation) return;
    this.columns = first.columns;
    this.primaryKey = first.primary_key;
    this.readOnlyReason = this.studioReadOnly ? 'the studio is read-only (--read-only)'
      : first.read_only_reason || '';
    this.setTotal(first);
    this.build();
    this.render();
  }

  setTotal(page) {
    if (page.total !== undefined) { this.total = page.total; this.totalLabel = count(page.total); }
    else if (page.estimated_total !== undefined) {
      this.total = page.estimated_total; this.totalLabel = `about ${count(page.estimated_total)}`;
    } else { this.total = page.total_at_least; this.totalLabel = `over ${count(page.total_at_least)}`; }
  }

  params(offset, limit) {
    return {
      limit, offset,
      order: this.order ? `${this.order.column}.${this.order.direction}` : '',
      filter: this.filters.length ? JSON.stringify(this.filters) : '',
    };
  }

  async fetchBlock(index, generation = this.generation) {
    if (this.pending && this.pending.has(`${generation}:${index}`)) return null;
    (this.pending ||= new Set()).add(`${generation}:${index}`);
    let page;
    try {
      page = await api.rows(this.schemaName, this.tableName, this.blockParams(index));
    } finally {
      this.pending.delete(`${generation}:${index}`);
    }
    if (generation !== this.generation) return page;
    this.blocks.set(index, page.rows);
    // A short block is the end: the total is now exact.
    if (page.rows.length < BLOCK) this.total = index * BLOCK + page.rows.length;
    else if (this.total !== undefined && this.total < (index + 1) * BLOCK + 1) this.total = (index + 1) * BLOCK + 1;
    return page;
  }

  // Scrolling on from a loaded block pages by key (after its last row's primary key), which
  // stays fast deep into a big table; a jump pages by offset.
  blockParams(index) {
    const params = this.params(index * BLOCK, BLOCK);
    const previous = this.blocks.get(index - 1);
    if (previous && previous.length === BLOCK && !this.order && this.primaryKey && this.primaryKey.length) {
      const last = previous[BLOCK - 1];
      params.after = JSON.stringify(this.primaryKey.map((name) => last[this.columns.findIndex((c) => c.name === name)]));
      params.offset = '';
    }
    return params;
  }

  rowAt(index) {
    const block = this.blocks.get(Math.floor(index / BLOCK));
    return block ? block[index % BLOCK] : undefined;
  }

  build() {
    clear(this.root);
    const writable = !this.readOnlyReason;
    this.status = h('span', { className: 'grid-status', role: 'status' });
    const toolbar = h('div', { className: 'toolbar', role: 'toolbar', 'aria-label': 'Table actions' },
      h('h2', { className: 'table-title', text: `${this.schemaName}.${this.tableName}` }),
      this.status,
      h('a', { className: 'button-link', text: 'Structure', href: `#/schema/${this.table ? 'table' : 'view'}/${encodeURIComponent(this.schemaName)}/${encodeURIComponent(this.tableName)}` }),
      h('button', { type: 'button', text: 'Insert row', disabled: !writable, onclick: () => this.insertRow() }),
      h('button', { type: 'button', text: 'Delete row', disabled: !writable, onclick: () => this.deleteRow() }),
      h('button', { type: 'button', text: 'Export CSV', onclick: () => this.export('csv') }),
      h('button', { type: 'button', text: 'Export JSON', onclick: () => this.export('json') }),
      h('button', { type: 'button', text: 'Refresh', onclick: () => this.load() }));
    this.root.append(toolbar);
    if (this.readOnlyReason) {
      this.root.append(h('p', { className: 'notice', role: 'note', text: `Read-only: ${this.readOnlyReason}` }));
    }
    this.grid = h('div', { className: 'grid', role: 'grid', 'aria-label': `Rows of ${this.schemaName}.${this.tableName}`,
      'aria-colcount': this.columns.length });
    this.grid.style.setProperty('--columns', this.columns.length);
    this.grid.append(this.header());
    this.scroller = h('div', { className: 'grid-body', role: 'rowgroup' });
    this.spacer = h('div', { className: 'grid-spacer' });
    this.rows = h('div', { className: 'grid-rows' });
    this.scroller.append(this.spacer, this.rows);
    this.scroller.addEventListener('scroll', () => this.render());
    this.grid.addEventListener('keydown', (event) => this.onKey(event));
    this.grid.append(this.scroller);
    this.root.append(this.grid);
  }

  header() {
    const row = h('div', { className: 'grid-row grid-header', role: 'row', 'aria-rowindex': 1 });
    this.columns.forEach((column, index) => {
      const sorted = this.order && this.order.column === column.name;
      const sort = sorted ? (this.order.direction === 'asc' ? 'ascending' : 'descending') : 'none';
      const filter = this.filters.find((f) => f.column === column.name);
      const input = h('input', { type: 'search', className: 'filter', placeholder: 'filter',
        'aria-label': `Filter ${column.name}`, title: 'text: contains; =text: equals; is:null; not:null',
        value: filter ? filterText(filter) : '' });
      let applied = input.value;
      const apply = () => { if (input.value !== applied) { applied = input.value; this.setFilter(column.name, input.value); } };
      input.addEventListener('change', apply);
      input.addEventListener('keydown', (event) => { if (event.key === 'Enter') apply(); });
      row.append(h('div', { className: 'grid-cell column-header', role: 'columnheader', 'aria-sort': sort,
        'aria-colindex': index + 1 },
        h('button', { type: 'button', className: 'sort', 'aria-label': `Sort by ${column.name}`,
          onclick: () => this.toggleSort(column.name) },
          h('span', { className: 'column-name', text: column.name }),
          h('span', { className: 'column-type', text: column.type + (column.primary_key ? ' · key' : '') }),
          h('span', { className: 'sort-mark', 'aria-hidden': 'true', text: sorted ? (sort === 'ascending' ? '▲' : '▼') : '' })),
        input));
    });
    return row;
  }

  toggleSort(column) {
    if (!this.order || this.order.column !== column) this.order = { column, direction: 'asc' };
    else if (this.order.direction === 'asc') this.order.direction = 'desc';
    else this.order = null;
    this.load().catch((error) => this.fail(error));
  }

  setFilter(column, text) {
    this.filters = this.filters.filter((f) => f.column !== column);
    const filter = parseFilter(column, text.trim());
    if (filter) this.filters.push(filter);
    this.load().catch((error) => this.fail(error));
  }

  render() {
    const top = this.scroller.scrollTop;
    const height = this.scroller.clientHeight || 600;
    this.spacer.style.height = `${this.total * ROW_HEIGHT}px`;
    const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - 5);
    const last = Math.min(this.total, Math.ceil((top + height) / ROW_HEIGHT) + 5);
    const missing = new Set();
    clear(this.rows);
    this.rows.style.transform = `translateY(${first * ROW_HEIGHT}px)`;
    for (let index = first; index < last; index++) {
      const values = this.rowAt(index);
      if (!values) missing.add(Math.floor(index / BLOCK));
      this.rows.append(this.rowElement(index, values));
    }
    this.grid.setAttribute('aria-rowcount', this.total + 1);
    if (!this.status.classList.contains('error')) this.status.textContent = `${this.totalLabel} rows`;
    for (const block of missing) {
      this.fetchBlock(block).then((page) => { if (page) this.render(); }, (error) => this.fail(error));
    }
  }

  rowElement(index, values) {
    const row = h('div', { className: 'grid-row', role: 'row', 'aria-rowindex': index + 2 });
    this.columns.forEach((column, c) => {
      const active = this.active.row === index && this.active.column === c;
      const cell = h('div', { className: 'grid-cell', role: 'gridcell', 'aria-colindex': c + 1,
        tabindex: active ? 0 : -1, 'data-column': column.name,
        ondblclick: () => this.edit(index, c), onclick: () => this.focus(index, c) });
      if (values === undefined) cell.append(h('span', { className: 'loading', text: '…' }));
      else append(cell, [valueNode(values[c]), this.foreignKeyLink(column.name, values)]);
      row.append(cell);
    });
    return row;
  }

  foreignKeyLink(column, values) {
    const key = this.foreignKeys.get(column);
    if (!key) return null;
    const filters = key.pairs.map(([from, to]) =>
      ({ column: to, op: 'eq', value: values[this.columns.findIndex((c) => c.name === from)] }));
    if (filters.some((f) => f.value === null || f.value === undefined)) return null;
    const where = filters.map((f) => `${f.column} = ${f.value}`).join(' and ');
    return h('button', { type: 'button', className: 'fk-link', text: '↗',
      'aria-label': `Open ${key.schema}.${key.table} where ${where}`,
      onclick: (event) => {
        event.stopPropagation();
        this.navigate(key.schema, key.table, filters);
      } });
  }

  cell(index, column) {
    const row = this.rows.querySelector(`[aria-rowindex="${index + 2}"]`);
    return row ? row.children[column] : null;
  }

  focus(index, column) {
    this.active = { row: Math.max(0, Math.min(this.total - 1, index)),
      column: Math.max(0, Math.min(this.columns.length - 1, column)) };
    const top = this.active.row * ROW_HEIGHT;
    if (top < this.scroller.scrollTop) this.scroller.scrollTop = top;
    else if (top + ROW_HEIGHT > this.scroller.scrollTop + this.scroller.clientHeight) {
      this.scroller.scrollTop = top + ROW_HEIGHT - this.scroller.clientHeight;
    }
    this.render();
    const cell = this.cell(this.active.row, this.active.column);
    if (cell) cell.focus();
  }

  onKey(event) {
    if (event.target.tagName === 'INPUT' || event.target.tagName === 'TEXTAREA') return;
    const { row, column } = this.active;
    const page = Math.max(1, Math.floor(this.scroller.clientHeight / ROW_HEIGHT) - 1);
    const moves = { ArrowDown: [1, 0], ArrowUp: [-1, 0], ArrowRight: [0, 1], ArrowLeft: [0, -1],
      PageDown: [page, 0], PageUp: [-page, 0] };
    if (moves[event.key]) {
      this.focus(row + moves[event.key][0], column + moves[event.key][1]);
    } else if (event.key === 'Home' && event.ctrlKey) this.focus(0, column);
    else if (event.key === 'End' && event.ctrlKey) this.focus(this.total - 1, column);
    else if (event.key === 'Enter' || event.key === 'F2') this.edit(row, column);
    else if (event.key === 'Delete') this.deleteRow();
    else return;
    event.preventDefault();
  }

  key(values) {
    return Object.fromEntries(this.primaryKey.map((name) =>
      [name, values[this.columns.findIndex((c) => c.name === name)]]));
  }

  edit(index, c) {
    const values = this.rowAt(index);
    const cell = this.cell(index, c);
    if (!values || !cell || this.readOnlyReason) return;
    const column = this.columns[c];
    const json = isJsonType(column.type);
    const input = h(json ? 'textarea' : 'input', { className: 'cell-editor', 'aria-label': `New value of ${column.name}` });
    input.value = editText(values[c]);
    const save = (value) => this.confirmWrite('update', { key: this.key(values), set: { [column.name]: value } });
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') { event.preventDefault(); this.render(); this.focus(index, c); }
      if (event.key === 'Enter' && (!json || event.ctrlKey)) {
        event.preventDefault();
        let value;
        try { value = parseEdited(input.value, column.type); } catch (error) { this.fail(error); return; }
        save(value).then(() => this.focus(index, c));
      }
    });
    clear(cell).append(input, h('button', { type: 'button', className: 'set-null', text: 'NULL',
      'aria-label': `Set ${column.name} to NULL`, onclick: () => save(null).then(() => this.focus(index, c)) }));
    input.focus();
  }

  // Shows the statement (a dry run), and runs it only when confirmed.
  async confirmWrite(kind, body) {
    const call = { update: api.update, insert: api.insert, remove: api.remove }[kind];
    try {
      const preview = await call(this.schemaName, this.tableName, { ...body, dry_run: true });
      const content = h('div', {},
        h('pre', { className: 'sql-preview', 'aria-label': 'SQL to run', text: preview.sql }),
        h('p', { text: 'Parameters:' }),
        h('ol', { className: 'parameters' }, preview.parameters.map((p) => h('li', {}, valueNode(p)))));
      const verb = { update: 'Apply', insert: 'Insert', remove: 'Delete' }[kind];
      const choice = await dialog(kind === 'remove' ? 'Delete this row?' : 'Run this statement?', content,
        [[verb, true, true], ['Cancel', false]]);
      if (!choice) { this.render(); return; }
      const done = await call(this.schemaName, this.tableName, body);
      if (kind === 'update') this.replaceRow(body.key, done.row);
      else await this.load();
      this.status.textContent = `${verb === 'Apply' ? 'Updated' : verb === 'Insert' ? 'Inserted' : 'Deleted'} one row`;
    } catch (error) {
      this.fail(error);
      this.render();
    }
  }

  replaceRow(key, row) {
    for (const rows of this.blocks.values()) {
      const at = rows.findIndex((values) => JSON.stringify(this.key(values)) === JSON.stringify(key));
      if (at >= 0) rows[at] = row;
    }
    this.render();
  }

  deleteRow() {
    const values = this.rowAt(this.active.row);
    if (!values || this.readOnlyReason) return;
    this.confirmWrite('remove', { key: this.key(values) });
  }

  async insertRow() {
    const fields = this.columns.map((column) => {
      const input = h(isJsonType(column.type) ? 'textarea' : 'input', { 'aria-label': `Value of ${column.name}` });
      const useDefault = h('input', { type: 'checkbox', checked: column.default !== null || column.generated,
        'aria-label': `${column.name}: use the default` });
      const isNull = h('input', { type: 'checkbox', 'aria-label': `${column.name}: NULL` });
      input.addEventListener('input', () => { useDefault.checked = false; });
      return { column, input, useDefault, isNull };
    });
    const form = h('div', { className: 'insert-form' }, fields.map((f) => h('div', { className: 'insert-field' },
      h('label', { text: `${f.column.name} (${f.column.type})` }), f.input,
      h('label', {}, f.useDefault, ' default'), h('label', {}, f.isNull, ' NULL'))));
    const ok = await dialog(`Insert into ${this.schemaName}.${this.tableName}`, form, [['Preview', true, true], ['Cancel', false]]);
    if (!ok) return;
    const values = {};
    try {
      for (const f of fields) {
        if (f.isNull.checked) values[f.column.name] = null;
        else if (!f.useDefault.checked) values[f.column.name] = parseEdited(f.input.value, f.column.type);
      }
    } catch (error) { this.fail(error); return; }
    await this.confirmWrite('insert', { values });
  }

  async export(format) {
    const rows = [];
    for (let offset = 0; offset < 100000; offset += 1000) {
      const page = await api.rows(this.schemaName, this.tableName, this.params(offset, 1000));
      rows.push(...page.rows);
      if (page.rows.length < 1000) break;
    }
    const names = this.columns.map((c) => c.name);
    const base = `${this.schemaName}.${this.tableName}`;
    if (format === 'json') {
      const objects = rows.map((values) => Object.fromEntries(names.map((n, i) => [n, values[i]])));
      download(`${base}.json`, 'application/json', JSON.stringify(objects, null, 2));
    } else {
      const lines = [names.map(csvField).join(','), ...rows.map((values) => values.map(csvField).join(','))];
      download(`${base}.csv`, 'text/csv', lines.join('\r\n') + '\r\n');
    }
  }

  fail(error) {
    const message = error instanceof ApiError || error instanceof Error ? error.message : String(error);
    this.status.textContent = `Error: ${message}`;
    this.status.classList.add('error');
  }
}

function parseFilter(column, text) {
  if (!text) return null;
  if (text === 'is:null') return { column, op: 'is_null' };
  if (text === 'not:null') return { column, op: 'not_null' };
  if (text.startsWith('=')) return { column, op: 'eq', value: text.slice(1) };
  return { column, op: 'contains', value: text };
}

function filterText(filter) {
  if (filter.op === 'is_null') return 'is:null';
  if (filter.op === 'not_null') return 'not:null';
  if (filter.op === 'eq') return `=${filter.value}`;
  return String(filter.value);
}
