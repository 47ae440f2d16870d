// The schema's objects beside the diagram: a filterable list of every kind /api/schema holds
// (tables with their partitions beneath them, views, functions and procedures, triggers,
// domains, composite and range types, enums, sequences, extensions, schema grants), and one
// page per object (#/schema/<kind>/<schema>/<name>) with everything the model holds about it.
// Large sections start collapsed and render their rows when opened, a few hundred at a time.
import { h, clear, count } from './dom.js';

const OPEN_UP_TO = 50;   // sections with more entries start collapsed
const PAGE = 200;        // rows rendered at a time in a section

// The filter text survives leaving the list and coming back.
let filterText = '';

export function objectHref(kind, schema, name) {
  return `#/schema/${kind}/${encodeURIComponent(schema)}/${encodeURIComponent(name)}`;
}

function link(kind, schema, name, text, extra = {}) {
  return h('a', { href: objectHref(kind, schema, name), className: 'object-link', text: text ?? `${schema}.${name}`, ...extra });
}

export function schemaTabs(active) {
  return h('nav', { className: 'schema-tabs', 'aria-label': 'Schema views' },
    [['#/schema', 'Diagram', 'diagram'], ['#/schema/objects', 'Objects', 'objects']].map(([href, label, id]) =>
      h('a', { href, className: 'schema-tab', text: label, 'aria-current': active === id ? 'page' : null })));
}

// The user-defined type a column or parameter type names ("public.email[]" → a domain), as
// a link, or the type as text.
function typeNode(schema, type) {
  const base = type.replace(/(\[\])+$/, '');
  const dot = base.lastIndexOf('.');
  if (dot > 0) {
    const ns = base.slice(0, dot).replace(/^"|"$/g, ''), name = base.slice(dot + 1).replace(/^"|"$/g, '');
    const kinds = [['domain', schema.domains], ['composite', schema.composite_types], ['range', schema.range_types], ['enum', schema.enums]];
    for (const [kind, list] of kinds) {
      if ((list || []).some((o) => o.schema === ns && o.name === name)) return link(kind, ns, name, type);
    }
  }
  return h('span', { text: type });
}

function triggerText(trigger) {
  const events = trigger.events.map((e) => e === 'UPDATE' && trigger.update_columns.length
    ? `UPDATE OF ${trigger.update_columns.join(', ')}` : e).join(' OR ');
  return `${trigger.constraint ? 'CONSTRAINT ' : ''}${trigger.timing} ${events} FOR EACH ${trigger.for_each.toUpperCase()}`;
}

function functionLink(ref) {
  return link('function', ref.schema, ref.signature, `${ref.schema}.${ref.signature}`, { 'data-function': `${ref.schema}.${ref.signature}` });
}

// Every table with its partitions beneath it (sub-partitions deeper), as [table, depth].
function tableTree(tables) {
  const byName = new Map(tables.map((t) => [`${t.schema}.${t.name}`, t]));
  const out = [];
  const visit = (table, depth) => {
    out.push([table, depth]);
    for (const p of table.partitions) {
      const child = byName.get(`${p.schema}.${p.name}`);
      if (child) visit(child, depth + 1);
    }
  };
  for (const table of tables) {
    if (!table.partition_of || !byName.has(`${table.partition_of.schema}.${table.partition_of.table}`)) visit(table, 0);
  }
  return out;
}

// A cell indented by its depth in the partition tree (set through the CSSOM: the page's
// Content-Security-Policy refuses style attributes).
function depthCell(depth, ...children) {
  const cell = h('td', { className: 'tree' }, ...children);
  cell.style.setProperty('--depth', depth);
  return cell;
}

function tableBadges(table) {
  return [
    table.partition_by ? h('span', { className: 'tag', text: `partitioned by ${table.partition_by}` }) : null,
    table.partition_of ? h('span', { className: 'tag tag-muted', text: table.partition_bound }) : null,
    table.unlogged ? h('span', { className: 'tag', text: 'UNLOGGED' }) : null,
    Object.keys(table.storage_parameters).length ? h('span', { className: 'tag tag-muted',
      text: `WITH (${Object.entries(table.storage_parameters).map(([k, v]) => `${k}=${v}`).join(', ')})` }) : null,
    table.triggers.length ? h('span', { className: 'tag tag-muted', text: `${table.triggers.length} trigger${table.triggers.length > 1 ? 's' : ''}` }) : null,
  ];
}

// The sections of the list: each a title, its entries (with the text the filter searches),
// its column heads and a row builder.
function sections(schema) {
  const triggers = schema.tables.flatMap((t) => t.triggers.map((trigger) => ({ table: t, trigger })));
  return [
    { id: 'tables', title: 'Tables', heads: ['table', 'details', 'rows'],
      entries: tableTree(schema.tables).map(([table, depth]) => ({ item: table, depth,
        text: `${table.schema}.${table.name} ${table.partition_of ? `${table.partition_of.table}` : ''}` })),
      row: ({ item: t, depth }) => [
        depthCell(depth, depth ? h('span', { className: 'tree-mark', text: '└ ', 'aria-hidden': 'true' }) : null,
          link('table', t.schema, t.name, depth ? t.name : `${t.schema}.${t.name}`, { 'data-object': `table:${t.schema}.${t.name}` })),
        h('td', {}, tableBadges(t)),
        h('td', { className: 'number-cell', text: t.estimated_rows >= 0 ? `~${count(t.estimated_rows)}` : '' })] },
    { id: 'views', title: 'Views', heads: ['view', 'kind'],
      entries: schema.views.map((v) => ({ item: v, text: `${v.schema}.${v.name}` })),
      row: ({ item: v }) => [h('td', {}, link('view', v.schema, v.name)), h('td', { text: v.materialized ? 'materialized view' : 'view' })] },
    { id: 'functions', title: 'Functions and procedures', heads: ['signature', 'returns', 'language', 'volatility'],
      entries: (schema.functions || []).map((f) => ({ item: f, text: `${f.schema}.${f.signature} ${f.kind} ${f.language}` })),
      row: ({ item: f }) => [h('td', {}, link('function', f.schema, f.signature, `${f.schema}.${f.signature}`, { 'data-object': `function:${f.schema}.${f.signature}` })),
        h('td', { className: 'code-cell', text: f.kind === 'procedure' ? 'procedure' : f.returns }),
        h('td', { text: f.language }), h('td', { text: f.volatility })] },
    { id: 'triggers', title: 'Triggers', heads: ['trigger', 'on', 'fires', 'function'],
      entries: triggers.map((e) => ({ item: e, text: `${e.trigger.name} ${e.table.schema}.${e.table.name} ${e.trigger.function.name}` })),
      row: ({ item: { table, trigger } }) => [
        h('td', {}, h('a', { href: `${objectHref('table', table.schema, table.name)}`, className: 'object-link', text: trigger.name,
          'data-object': `trigger:${table.schema}.${table.name}.${trigger.name}` })),
        h('td', {}, link('table', table.schema, table.name)),
        h('td', { className: 'code-cell', text: triggerText(trigger) }),
        h('td', {}, functionLink(trigger.function))] },
    { id: 'domains', title: 'Domains', heads: ['domain', 'base type', 'constraints'],
      entries: (schema.domains || []).map((d) => ({ item: d, text: `${d.schema}.${d.name}` })),
      row: ({ item: d }) => [h('td', {}, link('domain', d.schema, d.name)), h('td', {}, typeNode(schema, d.base_type)),
        h('td', { className: 'code-cell', text: [d.not_null ? 'NOT NULL' : '', d.default !== null ? `DEFAULT ${d.default}` : '',
          ...d.checks.map((c) => `CHECK ${c.expression}`)].filter(Boolean).join(' · ') })] },
    { id: 'composite', title: 'Composite types', heads: ['type', 'attributes'],
      entries: (schema.composite_types || []).map((t) => ({ item: t, text: `${t.schema}.${t.name}` })),
      row: ({ item: t }) => [h('td', {}, link('composite', t.schema, t.name)),
        h('td', { className: 'code-cell', text: t.attributes.map((a) => `${a.name} ${a.type}`).join(', ') })] },
    { id: 'ranges', title: 'Range types', heads: ['type', 'subtype', 'multirange'],
      entries: (schema.range_types || []).map((t) => ({ item: t, text: `${t.schema}.${t.name}` })),
      row: ({ item: t }) => [h('td', {}, link('range', t.schema, t.name)), h('td', { text: t.subtype }), h('td', { text: t.multirange })] },
    { id: 'enums', title: 'Enums', heads: ['enum', 'values'],
      entries: schema.enums.map((e) => ({ item: e, text: `${e.schema}.${e.name}` })),
      row: ({ item: e }) => [h('td', {}, link('enum', e.schema, e.name)), h('td', { className: 'code-cell', text: e.values.join(', ') })] },
    { id: 'sequences', title: 'Sequences', heads: ['sequence', 'type', 'owned by'],
      entries: (schema.sequences || []).map((s) => ({ item: s, text: `${s.schema}.${s.name}` })),
      row: ({ item: s }) => [h('td', {}, link('sequence', s.schema, s.name)), h('td', { text: s.data_type }), h('td', { text: s.owned_by || '' })] },
    { id: 'extensions', title: 'Extensions', heads: ['extension', 'schema', 'version'],
      entries: (schema.extensions || []).map((e) => ({ item: e, text: e.name })),
      row: ({ item: e }) => [h('td', { text: e.name }), h('td', { text: e.schema || '' }), h('td', { text: e.version || '' })] },
    { id: 'schema-grants', grants: true, title: 'Schema privileges', heads: ['schema', 'privileges'],
      entries: (schema.schema_grants || []).map((g) => ({ item: g, text: g.schema })),
      row: ({ item: g }) => [h('td', { text: g.schema }), h('td', {}, grantList(g.grants))] },
    { id: 'privileges', grants: true, title: 'Privileges by role', heads: ['role', 'object', 'privileges'],
      entries: privilegesByRole(schema).map((e) => ({ item: e, text: `${e.grantee} ${e.object.schema}.${e.object.name}` })),
      row: ({ item: e }) => [h('td', { text: e.grantee === 'public' ? 'PUBLIC' : e.grantee }),
        h('td', {}, h('span', { className: 'object-kind', text: `${e.label} ` }), link(e.kind, e.object.schema, e.object.key,
          `${e.object.schema}.${e.object.name}${e.grant.column ? ` (${e.grant.column})` : ''}`)),
        h('td', { text: `${e.grant.revoked ? 'revoked: ' : ''}${e.grant.privileges.join(', ')}${e.grant.grant_option ? ' with grant option' : ''}` })] },
  ];
}

// Every grant of every object, by role then object: who may do what.
function privilegesByRole(schema) {
  const kinds = [['table', 'table', schema.tables], ['view', 'view', schema.views],
    ['function', 'function', schema.functions, 'signature'], ['domain', 'domain', schema.domains],
    ['enum', 'enum', schema.enums], ['composite', 'type', schema.composite_types],
    ['range', 'range', schema.range_types], ['sequence', 'sequence', schema.sequences]];
  const out = [];
  for (const [kind, label, list, key] of kinds) {
    for (const object of list || []) {
      const name = object[key || 'name'];
      for (const grant of object.grants || []) {
        out.push({ kind, label, grantee: grant.grantee, grant, object: { schema: object.schema, name, key: name } });
      }
    }
  }
  return out.sort((a, b) => a.grantee.localeCompare(b.grantee) ||
    `${a.object.schema}.${a.object.name}`.localeCompare(`${b.object.schema}.${b.object.name}`));
}

function grantList(grants) {
  return h('ul', { className: 'grant-list' }, grants.map((g) => h('li', {},
    h('strong', { text: g.grantee === 'public' ? 'PUBLIC' : g.grantee }),
    ` ${g.revoked ? 'revoked: ' : ''}${g.privileges.join(', ')}${g.column ? ` (${g.column})` : ''}${g.grant_option ? ' with grant option' : ''}`)));
}

// One section: a <details> whose table is built when it is first opened, PAGE rows at a time.
function sectionNode(section, entries, filtering) {
  const open = entries.length > 0 && (filtering ? entries.length <= PAGE : entries.length <= OPEN_UP_TO);
  const details = h('details', { className: 'object-section', 'data-section': section.id, open },
    h('summary', {}, h('span', { className: 'section-title', text: section.title }),
      h('span', { className: 'section-count', text: count(entries.length) })));
  let shown = 0;
  const body = h('tbody', {});
  const more = h('button', { type: 'button', className: 'show-more' });
  const showMore = () => {
    const next = entries.slice(shown, shown + PAGE);
    body.append(...next.map((entry) => h('tr', {}, section.row(entry))));
    shown += next.length;
    more.textContent = `Show ${count(Math.min(PAGE, entries.length - shown))} more of ${count(entries.length - shown)}`;
    more.hidden = shown >= entries.length;
  };
  more.addEventListener('click', showMore);
  const build = () => {
    if (details.dataset.built) return;
    details.dataset.built = 'true';
    if (!entries.length) { details.append(h('p', { className: 'hint', text: filtering ? 'Nothing matches.' : 'None.' })); return; }
    details.append(h('div', { className: 'object-scroll' }, h('table', { className: 'object-table', 'aria-label': section.title },
      h('thead', {}, h('tr', {}, section.heads.map((t) => h('th', { scope: 'col', text: t })))), body)), more);
    showMore();
  };
  details.addEventListener('toggle', () => { if (details.open) build(); });
  if (open) build();
  return details;
}

export function renderObjects(root, schema) {
  clear(root);
  const all = sections(schema);
  const list = h('div', { className: 'object-sections' });
  const status = h('span', { className: 'grid-status', role: 'status' });
  const draw = () => {
    clear(list);
    const needle = filterText.trim().toLowerCase();
    let matches = 0;
    const none = [];
    for (const section of all) {
      const entries = needle ? section.entries.filter((e) => e.text.toLowerCase().includes(needle)) : section.entries;
      // Privileges are not objects of their own: counted only as filter matches.
      if (needle || !section.grants) matches += entries.length;
      if (!entries.length) { none.push(section.title.toLowerCase()); continue; }
      list.append(sectionNode(section, entries, Boolean(needle)));
    }
    status.textContent = needle ? `${count(matches)} matching` : `${count(matches)} objects`;
    if (needle && !matches) list.append(h('p', { className: 'hint', text: `Nothing matches “${filterText}”.` }));
    else if (!needle && none.length) list.append(h('p', { className: 'hint', text: `None: ${none.join(', ')}.` }));
  };
  const input = h('input', { type: 'search', className: 'object-filter', 'aria-label': 'Filter objects',
    placeholder: 'Filter by name, signature, table…', value: filterText });
  let timer = null;
  input.addEventListener('input', () => {
    filterText = input.value;
    clearTimeout(timer);
    timer = setTimeout(draw, 120);
  });
  root.append(h('div', { className: 'toolbar', role: 'toolbar', 'aria-label': 'Objects' },
    h('h2', { text: 'Schema' }), schemaTabs('objects'), input, status), list);
  draw();
}

// --- One object's page ---------------------------------------------------------------

function props(pairs) {
  return h('dl', { className: 'props' }, pairs.filter(([, value]) => value !== null && value !== undefined && value !== '' && value !== false)
    .flatMap(([name, value]) => [h('dt', { text: name }), h('dd', {}, value instanceof Node ? value : String(value === true ? 'yes' : value))]));
}

function section(title, content, empty) {
  if (Array.isArray(content) && !content.length) return empty ? h('section', { 'aria-label': title }, h('h3', { text: title }), h('p', { className: 'hint', text: empty })) : null;
  return h('section', { className: 'object-part', 'aria-label': title }, h('h3', { text: title }), content);
}

function table(heads, rows, label) {
  if (!rows.length) return [];
  return h('div', { className: 'object-scroll' }, h('table', { className: 'object-table', 'aria-label': label },
    h('thead', {}, h('tr', {}, heads.map((t) => h('th', { scope: 'col', text: t })))),
    h('tbody', {}, rows.map((cells) => h('tr', {}, cells.map((c) => h('td', {}, c)))))));
}

function code(text, label) {
  return h('pre', { className: 'code-block', 'aria-label': label, tabindex: 0, text });
}

function grantsSection(grants) {
  return section('Privileges', grants.length ? grantList(grants) : [], 'No privileges granted to other roles.');
}

function header(kind, object, extra) {
  return h('div', { className: 'toolbar', role: 'toolbar', 'aria-label': `${kind} actions` },
    h('h2', { className: 'object-title' }, h('span', { className: 'object-kind', text: kind }), ' ',
      h('span', { text: `${object.schema}.${object.signature || object.name}` })),
    schemaTabs('objects'), extra);
}

function tableHref(schema, name) {
  return `#/table/${encodeURIComponent(schema)}/${encodeURIComponent(name)}`;
}

function tablePage(schema, t) {
  const keyNames = new Set(t.primary_key);
  const parts = [];
  parts.push(props([
    ['partition of', t.partition_of ? link('table', t.partition_of.schema, t.partition_of.table) : null],
    ['bound', t.partition_of ? h('code', { text: t.partition_bound }) : null],
    ['partitioned by', t.partition_by ? h('code', { text: t.partition_by }) : null],
    ['unlogged', t.unlogged],
    ['storage', Object.keys(t.storage_parameters).length ? h('code', { text: Object.entries(t.storage_parameters).map(([k, v]) => `${k}=${v}`).join(', ') }) : null],
    ['row level security', t.row_level_security ? 'enabled' : null],
    ['estimated rows', t.estimated_rows >= 0 ? count(t.estimated_rows) : null],
    ['comment', t.comment],
  ]));
  if (t.partition_of && !t.columns.length) parts.push(h('p', { className: 'hint', text: 'Columns, keys and indexes are the parent\'s.' }));
  parts.push(section('Columns', table(['column', 'type', 'null', 'default'], t.columns.map((c) => [
    h('span', { className: keyNames.has(c.name) ? 'key-column' : '', text: c.name }), typeNode(schema, c.type),
    c.nullable ? 'null' : 'not null', h('code', { text: c.default ?? '' })]), 'Columns')));
  if (t.partition_by) {
    parts.push(section('Partitions', table(['partition', 'bound'], t.partitions.map((p) => [
      link('table', p.schema, p.name, p.name, { 'data-object': `table:${p.schema}.${p.name}` }),
      h('code', { text: p.bound + (p.partitioned ? ' (partitioned)' : '') })]), 'Partitions'), 'No partitions yet.'));
  }
  const constraints = [
    ...(t.primary_key.length ? [['primary key', 'PRIMARY KEY', `(${t.primary_key.join(', ')})`]] : []),
    ...t.unique_constraints.map((u) => [u.name, 'UNIQUE', `(${u.columns.join(', ')})`]),
    ...t.foreign_keys.map((k) => [k.name, 'FOREIGN KEY', h('span', {}, `(${k.columns.join(', ')}) → `,
      link('table', k.references.schema, k.references.table), k.referenced_columns.length ? ` (${k.referenced_columns.join(', ')})` : '')]),
    ...t.check_constraints.map((c) => [c.name, 'CHECK', h('code', { text: c.expression })]),
    ...t.exclusion_constraints.map((x) => [x.name, 'EXCLUDE', h('code', { text: `USING ${x.method} (${x.elements.map((e) => `${e.element} WITH ${e.operator}`).join(', ')})` +
      (x.include.length ? ` INCLUDE (${x.include.join(', ')})` : '') + (x.where ? ` WHERE (${x.where})` : '') + (x.deferrable ? ' DEFERRABLE' : '') })]),
  ];
  parts.push(section('Constraints', table(['name', 'kind', 'definition'], constraints.map(([name, kind, def]) =>
    [name, kind, def instanceof Node ? def : h('code', { text: def })]), 'Constraints')));
  parts.push(section('Indexes', table(['index', 'definition'], t.indexes.map((i) => [i.name,
    h('code', { text: `${i.unique ? 'UNIQUE ' : ''}USING ${i.method} (${i.columns.join(', ')})${i.where ? ` WHERE ${i.where}` : ''}` })]), 'Indexes')));
  parts.push(section('Triggers', table(['trigger', 'fires', 'when', 'function'], t.triggers.map((tr) => [
    h('span', { id: `trigger-${tr.name}`, text: tr.name }),
    h('code', { text: triggerText(tr) + (tr.deferrable ? ` DEFERRABLE${tr.initially_deferred ? ' INITIALLY DEFERRED' : ''}` : '') +
      (tr.old_table ? ` OLD TABLE AS ${tr.old_table}` : '') + (tr.new_table ? ` NEW TABLE AS ${tr.new_table}` : '') }),
    h('code', { text: tr.when ?? '' }),
    h('span', {}, functionLink(tr.function), tr.arguments.length ? h('code', { text: ` (${tr.arguments.map((a) => `'${a}'`).join(', ')})` }) : null)]), 'Triggers')));
  parts.push(section('Policies', table(['policy', 'command', 'roles', 'using', 'with check'], t.policies.map((p) => [
    `${p.name}${p.permissive ? '' : ' (restrictive)'}`, p.command, p.roles.join(', '), h('code', { text: p.using ?? '' }), h('code', { text: p.with_check ?? '' })]), 'Policies')));
  parts.push(grantsSection(t.grants));
  return { kind: t.partition_of ? 'partition' : t.partition_by ? 'partitioned table' : 'table',
    extra: h('a', { href: tableHref(t.schema, t.name), className: 'button-link', text: 'Rows' }), parts };
}

function functionPage(schema, f) {
  const parameters = f.parameters.map((p) => [p.mode, p.name ?? '', typeNode(schema, p.type), h('code', { text: p.default ?? '' })]);
  const callers = f.triggers.map((t) => h('li', {}, link('table', t.schema, t.table, `${t.schema}.${t.table}`), ` · ${t.trigger}`));
  return { kind: f.kind, parts: [
    props([
      ['returns', f.returns !== null ? h('code', { text: f.returns }) : null],
      ['language', f.language],
      ['volatility', f.volatility],
      ['strict', f.strict],
      ['security definer', f.security_definer],
      ['leakproof', f.leakproof],
      ['parallel', f.parallel],
      ['cost', f.cost],
      ['rows', f.returns_set ? f.rows : null],
      ['settings', f.config.length ? h('code', { text: f.config.join(', ') }) : null],
      ['comment', f.comment],
    ]),
    section('Parameters', table(['mode', 'name', 'type', 'default'], parameters, 'Parameters'), 'No parameters.'),
    // Shown without the blank lines that usually open and close a $$ body.
    section('Body', code(f.body.replace(/^\s*\n/, '').replace(/\s+$/, ''), `Body of ${f.signature}`)),
    callers.length ? section('Called by triggers', h('ul', { className: 'plain-list' }, callers)) : null,
    grantsSection(f.grants),
  ] };
}

function simplePage(kind, pairs, extra = []) {
  return { kind, parts: [props(pairs), ...extra] };
}

const pages = {
  table: { list: (s) => s.tables, page: tablePage },
  view: { list: (s) => s.views, page: (schema, v) => ({ ...simplePage(v.materialized ? 'materialized view' : 'view',
    [['check option', v.check_option], ['storage', Object.keys(v.storage_parameters).length
      ? h('code', { text: Object.entries(v.storage_parameters).map(([k, val]) => `${k}=${val}`).join(', ') }) : null], ['comment', v.comment]],
    [section('Definition', code(v.definition, 'Definition')), grantsSection(v.grants)]),
  extra: h('a', { href: tableHref(v.schema, v.name), className: 'button-link', text: 'Rows' }) }) },
  function: { list: (s) => s.functions, key: 'signature', page: functionPage },
  domain: { list: (s) => s.domains, page: (schema, d) => simplePage('domain', [
    ['base type', typeNode(schema, d.base_type)], ['not null', d.not_null], ['default', d.default !== null ? h('code', { text: d.default }) : null],
    ['collation', d.collation], ['comment', d.comment]],
  [section('Checks', table(['constraint', 'check'], d.checks.map((c) => [c.name, h('code', { text: c.expression })]), 'Checks'), 'No checks.'),
    grantsSection(d.grants)]) },
  composite: { list: (s) => s.composite_types, page: (schema, t) => simplePage('composite type', [['comment', t.comment]],
    [section('Attributes', table(['attribute', 'type', 'collation', 'comment'], t.attributes.map((a) =>
      [a.name, typeNode(schema, a.type), a.collation ?? '', a.comment ?? '']), 'Attributes')), grantsSection(t.grants)]) },
  range: { list: (s) => s.range_types, page: (schema, t) => simplePage('range type', [
    ['subtype', typeNode(schema, t.subtype)], ['operator class', t.subtype_opclass], ['collation', t.collation],
    ['canonical', t.canonical], ['subtype diff', t.subtype_diff], ['multirange', t.multirange], ['comment', t.comment]],
  [grantsSection(t.grants)]) },
  enum: { list: (s) => s.enums, page: (schema, e) => simplePage('enum', [['comment', e.comment]],
    [section('Values', h('ol', { className: 'plain-list' }, e.values.map((v) => h('li', { text: v })))), grantsSection(e.grants)]) },
  sequence: { list: (s) => s.sequences, page: (schema, q) => simplePage('sequence', [
    ['type', q.data_type], ['start', q.start], ['increment', q.increment], ['min', q.min_value], ['max', q.max_value],
    ['cache', q.cache], ['cycle', q.cycle], ['owned by', q.owned_by], ['comment', q.comment]], [grantsSection(q.grants)]) },
};

export function renderObject(root, schema, kind, schemaName, name) {
  clear(root);
  const entry = pages[kind];
  const object = entry && (entry.list(schema) || []).find((o) => o.schema === schemaName && o[entry.key || 'name'] === name);
  if (!object) {
    root.append(h('div', { className: 'toolbar' }, h('h2', { text: 'Schema' }), schemaTabs('objects')),
      h('div', { className: 'error-box', role: 'alert', text: `No ${kind || 'object'} ${schemaName}.${name} in the target's schemas.` }));
    return;
  }
  const { kind: label, extra, parts } = entry.page(schema, object);
  root.append(header(label, object, extra), h('div', { className: 'object-page' }, parts));
}
