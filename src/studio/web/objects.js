// The schema's objects beside the diagram: a filterable list of every kind /api/schema holds
// (tables with their partitions and inheriting tables beneath them, views, functions,
// procedures and aggregates, triggers, rules, event triggers, domains, composite and range types,
// collations, enums, sequences, extensions, schema grants, default privileges), and one page per
// object
// (#/schema/<kind>/<schema>/<name>; an event trigger, in no schema, #/schema/event-trigger/<name>)
// with everything the model holds about it.
// Large sections start collapsed and render their rows when opened, a few hundred at a time.
import { h, clear, count } from './dom.js';

const OPEN_UP_TO = 50;   // sections with more entries start collapsed
const PAGE = 200;        // rows rendered at a time in a section

// The filter text survives leaving the list and coming back.
let filterText = '';

export function objectHref(kind, schema, name) {
  if (schema === null) return `#/schema/${kind}/${encodeURIComponent(name)}`;
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

// A rule's page is named by its relation and its own name (rule names are unique per relation).
function ruleKey(rule) {
  return `${rule.relation.name}.${rule.name}`;
}

function ruleLink(rule, text) {
  return link('rule', rule.schema, ruleKey(rule), text ?? rule.name, { 'data-object': `rule:${rule.schema}.${ruleKey(rule)}` });
}

// The table or view a rule is on, linked to its page.
function relationLink(relation) {
  return link(relation.kind === 'table' ? 'table' : 'view', relation.schema, relation.name);
}

// "ON DELETE WHERE … DO INSTEAD": what fires a rule and how it acts.
function ruleText(rule) {
  return `ON ${rule.event}${rule.where ? ` WHERE ${rule.where}` : ''} DO ${rule.instead ? 'INSTEAD' : 'ALSO'}`;
}

function ruleAction(rule) {
  return rule.actions.length ? rule.actions.join('; ') : 'NOTHING';
}

function eventTriggerLink(trigger) {
  return link('event-trigger', null, trigger.name, trigger.name, { 'data-object': `event-trigger:${trigger.name}` });
}

const EVENT_TRIGGER_STATES = { ENABLE: 'enabled', DISABLE: 'disabled', 'ENABLE REPLICA': 'replica only', 'ENABLE ALWAYS': 'always' };

// A name as the page shows it beside another of `schema`: without the schema when it is the same.
function nameIn(schema, ref, key = 'table') {
  return ref.schema === schema ? ref[key] : `${ref.schema}.${ref[key]}`;
}

// "new tables in public" / "new functions in any schema": what a default privilege applies to.
function defaultTarget(d) {
  return `new ${d.object_kind.toLowerCase()} ${d.schema === null ? 'in any schema' : `in ${d.schema}`}`;
}

function defaultPrivilegesText(d) {
  return `${d.revoked ? 'revoked: ' : ''}${d.privileges.join(', ')}${d.grant_option ? ' with grant option' : ''}`;
}

// The table a table sits under in the tree: the parent of a partition, or the first parent of
// an inheriting table (one with several parents is listed once, under the first).
function treeParent(table) {
  return table.partition_of || (table.inherits || [])[0] || null;
}

// Every table with its partitions and then its inheriting tables beneath it (deeper levels
// deeper), as [table, depth].
function tableTree(tables) {
  const byName = new Map(tables.map((t) => [`${t.schema}.${t.name}`, t]));
  const out = [];
  const visit = (table, depth) => {
    out.push([table, depth]);
    const children = [...table.partitions, ...(table.inherited_by || [])];
    for (const c of children) {
      const child = byName.get(`${c.schema}.${c.name}`);
      const parent = child && treeParent(child);
      if (parent && parent.schema === table.schema && parent.table === table.name) visit(child, depth + 1);
    }
  };
  for (const table of tables) {
    const parent = treeParent(table);
    if (!parent || !byName.has(`${parent.schema}.${parent.table}`)) visit(table, 0);
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
  const inherits = table.inherits || [], children = table.inherited_by || [];
  return [
    table.partition_by ? h('span', { className: 'tag', text: `partitioned by ${table.partition_by}` }) : null,
    table.partition_of ? h('span', { className: 'tag tag-muted', text: `partition · ${table.partition_bound}` }) : null,
    inherits.length ? h('span', { className: 'tag tag-inherits', text: `inherits ${inherits.map((p) => nameIn(table.schema, p)).join(', ')}` }) : null,
    children.length ? h('span', { className: 'tag', text: `inherited by ${children.length}` }) : null,
    table.unlogged ? h('span', { className: 'tag', text: 'UNLOGGED' }) : null,
    Object.keys(table.storage_parameters).length ? h('span', { className: 'tag tag-muted',
      text: `WITH (${Object.entries(table.storage_parameters).map(([k, v]) => `${k}=${v}`).join(', ')})` }) : null,
    table.triggers.length ? h('span', { className: 'tag tag-muted', text: `${table.triggers.length} trigger${table.triggers.length > 1 ? 's' : ''}` }) : null,
    (table.rules || []).length ? h('span', { className: 'tag tag-muted', text: `${table.rules.length} rule${table.rules.length > 1 ? 's' : ''}` }) : null,
  ];
}

// The sections of the list: each a title, its entries (with the text the filter searches),
// its column heads and a row builder.
function sections(schema) {
  const triggers = schema.tables.flatMap((t) => t.triggers.map((trigger) => ({ table: t, trigger })));
  return [
    { id: 'tables', title: 'Tables', heads: ['table', 'details', 'rows'],
      entries: tableTree(schema.tables).map(([table, depth]) => ({ item: table, depth,
        text: `${table.schema}.${table.name} ${treeParent(table) ? treeParent(table).table : ''}` })),
      row: ({ item: t, depth }) => [
        depthCell(depth, depth ? h('span', { className: 'tree-mark', text: '└ ', 'aria-hidden': 'true' }) : null,
          link('table', t.schema, t.name, depth ? t.name : `${t.schema}.${t.name}`, { 'data-object': `table:${t.schema}.${t.name}` })),
        h('td', {}, tableBadges(t)),
        h('td', { className: 'number-cell', text: t.estimated_rows >= 0 ? `~${count(t.estimated_rows)}` : '' })] },
    { id: 'views', title: 'Views', heads: ['view', 'kind'],
      entries: schema.views.map((v) => ({ item: v, text: `${v.schema}.${v.name}` })),
      row: ({ item: v }) => [h('td', {}, link('view', v.schema, v.name)), h('td', { text: v.materialized
        ? `materialized view${v.indexes.length ? ` · ${v.indexes.length} ${v.indexes.length === 1 ? 'index' : 'indexes'}` : ''}` : 'view' })] },
    { id: 'functions', title: 'Functions, procedures and aggregates', heads: ['signature', 'returns', 'language', 'volatility'],
      entries: (schema.functions || []).map((f) => ({ item: f, text: `${f.schema}.${f.signature} ${f.kind} ${f.language}` })),
      row: ({ item: f }) => [h('td', {}, link('function', f.schema, f.signature, `${f.schema}.${f.signature}`, { 'data-object': `function:${f.schema}.${f.signature}` })),
        h('td', { className: 'code-cell', text: f.kind === 'function' ? f.returns : f.kind }),
        h('td', { text: f.language }), h('td', { text: f.volatility })] },
    { id: 'triggers', title: 'Triggers', heads: ['trigger', 'on', 'fires', 'function'],
      entries: triggers.map((e) => ({ item: e, text: `${e.trigger.name} ${e.table.schema}.${e.table.name} ${e.trigger.function.name}` })),
      row: ({ item: { table, trigger } }) => [
        h('td', {}, h('a', { href: `${objectHref('table', table.schema, table.name)}`, className: 'object-link', text: trigger.name,
          'data-object': `trigger:${table.schema}.${table.name}.${trigger.name}` })),
        h('td', {}, link('table', table.schema, table.name)),
        h('td', { className: 'code-cell', text: triggerText(trigger) }),
        h('td', {}, functionLink(trigger.function))] },
    { id: 'rules', title: 'Rules', heads: ['rule', 'on', 'fires', 'action'],
      entries: (schema.rules || []).map((r) => ({ item: r, text: `${r.name} ${r.relation.schema}.${r.relation.name} ${r.event}` })),
      row: ({ item: r }) => [h('td', {}, ruleLink(r)), h('td', {}, relationLink(r.relation)),
        h('td', { className: 'code-cell', text: ruleText(r) }), h('td', { className: 'code-cell', text: ruleAction(r) })] },
    { id: 'event-triggers', title: 'Event triggers', heads: ['event trigger', 'event', 'tags', 'function', 'state'],
      entries: (schema.event_triggers || []).map((e) => ({ item: e, text: `${e.name} ${e.event} ${e.function.schema}.${e.function.signature}` })),
      row: ({ item: e }) => [h('td', {}, eventTriggerLink(e)), h('td', { className: 'code-cell', text: e.event }),
        h('td', { className: 'code-cell', text: e.tags.join(', ') }), h('td', {}, functionLink(e.function)),
        h('td', { text: EVENT_TRIGGER_STATES[e.enabled] || e.enabled })] },
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
    { id: 'collations', title: 'Collations', heads: ['collation', 'provider', 'locale', 'deterministic'],
      entries: (schema.collations || []).map((c) => ({ item: c, text: `${c.schema}.${c.name}` })),
      row: ({ item: c }) => [h('td', {}, link('collation', c.schema, c.name)), h('td', { text: c.provider }),
        h('td', { className: 'code-cell', text: collationLocale(c) }), h('td', { text: c.deterministic ? 'yes' : 'no' })] },
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
    { id: 'default-privileges', grants: true, title: 'Default privileges', heads: ['objects', 'created by', 'grantee', 'privileges'],
      entries: (schema.default_privileges || []).map((d) => ({ item: d, text: `${d.grantee} ${d.role} ${d.schema || ''} ${d.object_kind}` })),
      row: ({ item: d }) => [h('td', { text: defaultTarget(d) }),
        h('td', {}, d.role, d.current_role ? h('span', { className: 'hint-inline', text: ' (this connection\'s role)' }) : null),
        h('td', { text: d.grantee === 'public' ? 'PUBLIC' : d.grantee }), h('td', { text: defaultPrivilegesText(d) })] },
    { id: 'privileges', grants: true, title: 'Privileges by role', heads: ['role', 'object', 'privileges'],
      entries: privilegesByRole(schema).map((e) => ({ item: e, text: `${e.grantee} ${e.object.schema}.${e.object.name}` })),
      row: ({ item: e }) => [h('td', { text: e.grantee === 'public' ? 'PUBLIC' : e.grantee }),
        h('td', {}, h('span', { className: 'object-kind', text: `${e.label} ` }), e.kind ? link(e.kind, e.object.schema, e.object.key,
          `${e.object.schema}.${e.object.name}${e.grant.column ? ` (${e.grant.column})` : ''}`) : e.object.name),
        h('td', { text: `${e.grant.revoked ? 'revoked: ' : ''}${e.grant.privileges.join(', ')}${e.grant.grant_option ? ' with grant option' : ''}` })] },
  ];
}

// A collation's locale as CREATE COLLATION writes it: LOCALE, or LC_COLLATE / LC_CTYPE when they differ.
function collationLocale(c) {
  if (c.locale !== null) return c.locale;
  return c.lc_collate === c.lc_ctype ? c.lc_collate : `${c.lc_collate} / ${c.lc_ctype}`;
}

// The columns and domains naming collation `c` (bare in public, schema.name elsewhere).
function usersOfCollation(schema, c) {
  const reference = c.schema === 'public' ? c.name : `${c.schema}.${c.name}`;
  const rows = [];
  for (const t of schema.tables || []) {
    for (const column of t.columns || []) {
      if (column.collation === reference) rows.push([link('table', t.schema, t.name, `${t.schema}.${t.name}.${column.name}`), 'column']);
    }
  }
  for (const d of schema.domains || []) {
    if (d.collation === reference) rows.push([link('domain', d.schema, d.name), 'domain']);
  }
  return table(['used by', 'kind'], rows, 'Used by');
}

// Every grant of every object, and every default privilege, by role then object: who may do what.
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
  // What a role will receive on objects not created yet (no page of their own: the text says which).
  for (const d of schema.default_privileges || []) {
    out.push({ kind: null, label: 'default', grantee: d.grantee, grant: d,
      object: { schema: d.schema ?? '', name: `${defaultTarget(d)} by ${d.role}` } });
  }
  return out.sort((a, b) => a.grantee.localeCompare(b.grantee) || (a.kind === null) - (b.kind === null) ||
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

// A code box; `wrap` folds long lines (a statement's definition) rather than scrolling them.
function code(text, label, wrap = false) {
  return h('pre', { className: wrap ? 'code-block code-wrap' : 'code-block', 'aria-label': label, tabindex: 0, text });
}

function grantsSection(grants) {
  return section('Privileges', grants.length ? grantList(grants) : [], 'No privileges granted to other roles.');
}

function header(kind, title, extra) {
  return h('div', { className: 'toolbar', role: 'toolbar', 'aria-label': `${kind} actions` },
    h('h2', { className: 'object-title' }, h('span', { className: 'object-kind', text: kind }), ' ',
      h('span', { text: title })),
    schemaTabs('objects'), extra);
}

// The indexes of a table or materialized view.
function indexesSection(indexes) {
  return section('Indexes', table(['index', 'definition'], indexes.map((i) => [i.name,
    h('code', { text: `${i.unique ? 'UNIQUE ' : ''}USING ${i.method} (${i.columns.join(', ')})${i.where ? ` WHERE ${i.where}` : ''}` })]), 'Indexes'));
}

// The rules on a table or view, each linked to its page.
function rulesSection(schema, relation) {
  const rules = (schema.rules || []).filter((r) => r.relation.schema === relation.schema && r.relation.name === relation.name);
  return section('Rules', table(['rule', 'fires', 'action'], rules.map((r) => [ruleLink(r),
    h('code', { text: ruleText(r) }), h('code', { text: ruleAction(r) })]), 'Rules'));
}

// A table's columns with those it inherits first, as the server lays them out: each parent's
// (its own parents' before its own), once per name, then the table's own. [column, declared in]
// where `declared in` is null for the table's own (also for one it redeclares: merged).
function columnsWithInherited(schema, t) {
  const byName = new Map(schema.tables.map((x) => [`${x.schema}.${x.name}`, x]));
  const out = [], seen = new Map();
  const collect = (table, seenTables) => {
    for (const parent of table.inherits || []) {
      const p = byName.get(`${parent.schema}.${parent.table}`);
      if (!p || seenTables.has(p)) continue;
      seenTables.add(p);
      collect(p, seenTables);
      for (const c of p.columns) {
        if (!seen.has(c.name)) { seen.set(c.name, out.length); out.push([c, p]); }
      }
    }
  };
  collect(t, new Set());
  for (const c of t.columns) {
    if (seen.has(c.name)) out[seen.get(c.name)] = [c, null]; else out.push([c, null]);
  }
  return out;
}

function tableHref(schema, name) {
  return `#/table/${encodeURIComponent(schema)}/${encodeURIComponent(name)}`;
}

function tablePage(schema, t) {
  const keyNames = new Set(t.primary_key);
  const parts = [];
  const inherits = t.inherits || [], children = t.inherited_by || [];
  parts.push(props([
    [
      'partition of',
      t.partition_of ? link('table', t.partition_of.schema, t.partition_of.table) : null
    ],
    [
      'inherits from',
      inherits.length ?
          h('span', {},
            inherits.flatMap((p, i) => [i ? ', ' : null, link('table', p.schema, p.table, null, {
                                          'data-object': `table:${p.schema}.${p.table}`
                                        })])) :
          null
    ],
    ['bound', t.partition_of ? h('code', {text: t.partition_bound}) : null],
    ['partitioned by', t.partition_by ? h('code', {text: t.partition_by}) : null],
    ['unlogged', t.unlogged],
    [
      'storage',
      Object.keys(t.storage_parameters).length ?
          h('code',
            {text: Object.entries(t.storage_parameters).map(([k, v]) => `${k}=${v}`).join(', ')}) :
          null
    ],
    ['replica identity', t.replica_identity],
    ['clustered on', t.cluster_on ? h('code', {text: t.cluster_on}) : null],
    ...t.columns.filter((c) => (c.settings || []).length)
        .map((c) => [`column ${c.name}`, h('code', {text: c.settings.join(', ')})]),
    ['row level security', t.row_level_security ? 'enabled' : null],
    ['estimated rows', t.estimated_rows >= 0 ? count(t.estimated_rows) : null],
    ['comment', t.comment],
  ]));
  if (t.partition_of && !t.columns.length) parts.push(h('p', { className: 'hint', text: 'Columns, keys and indexes are the parent\'s.' }));
  const columns = inherits.length ? columnsWithInherited(schema, t) : t.columns.map((c) => [c, null]);
  parts.push(section('Columns', table(['column', 'type', 'null', 'default', ...(inherits.length ? ['inherited from'] : [])], columns.map(([c, from]) => [
    h('span', { className: keyNames.has(c.name) ? 'key-column' : '', text: c.name }), typeNode(schema, c.type),
    c.nullable ? 'null' : 'not null', h('code', { text: c.default ?? '' }),
    ...(inherits.length ? [from ? link('table', from.schema, from.name, nameIn(t.schema, from, 'name')) : h('span', { className: 'hint-inline', text: 'own' })] : [])]), 'Columns')));
  if (t.partition_by) {
    parts.push(section('Partitions', table(['partition', 'bound'], t.partitions.map((p) => [
      link('table', p.schema, p.name, p.name, { 'data-object': `table:${p.schema}.${p.name}` }),
      h('code', { text: p.bound + (p.partitioned ? ' (partitioned)' : '') })]), 'Partitions'), 'No partitions yet.'));
  }
  if (children.length) {
    const byName = new Map(schema.tables.map((x) => [`${x.schema}.${x.name}`, x]));
    parts.push(section('Inherited by', table(['table', 'also inherits from'], children.map((c) => {
      const others = ((byName.get(`${c.schema}.${c.name}`) || {}).inherits || [])
        .filter((p) => p.schema !== t.schema || p.table !== t.name);
      return [link('table', c.schema, c.name, nameIn(t.schema, c, 'name'), { 'data-object': `table:${c.schema}.${c.name}` }),
        h('span', {}, others.flatMap((p, i) => [i ? ', ' : null, link('table', p.schema, p.table, nameIn(t.schema, p))]))];
    }), 'Inherited by')));
  }
  const constraints = [
    ...(t.primary_key.length ?
            [['primary key', 'PRIMARY KEY',
              `(${t.primary_key.join(', ')})` + (t.primary_key_deferrable ?
                  ` DEFERRABLE${t.primary_key_initially_deferred ? ' INITIALLY DEFERRED' : ''}` : '')]] :
            []),
    ...t.unique_constraints.map((u) => [u.name, 'UNIQUE', `(${u.columns.join(', ')})`]),
    ...t.foreign_keys.map(
        (k) =>
            [k.name, 'FOREIGN KEY',
             h('span', {}, `(${k.columns.join(', ')}) → `,
               link('table', k.references.schema, k.references.table),
               k.referenced_columns.length ? ` (${k.referenced_columns.join(', ')})` : '',
               k.valid === false ? ' NOT VALID' : '')]),
    ...t.check_constraints.map(
        (c) => [c.name, 'CHECK', h('code', {
                  text: c.expression + (c.valid === false ? ' NOT VALID' : '')
                })]),
    ...t.exclusion_constraints.map(
        (x) => [x.name, 'EXCLUDE', h('code', {
                  text: `USING ${x.method} (${
                            x.elements.map((e) => `${e.element} WITH ${e.operator}`).join(', ')})` +
                      (x.include.length ? ` INCLUDE (${x.include.join(', ')})` : '') +
                      (x.where ? ` WHERE (${x.where})` : '') + (x.deferrable ? ' DEFERRABLE' : '')
                })]),
  ];
  parts.push(section('Constraints', table(['name', 'kind', 'definition'], constraints.map(([name, kind, def]) =>
    [name, kind, def instanceof Node ? def : h('code', { text: def })]), 'Constraints')));
  parts.push(indexesSection(t.indexes));
  // Extended statistics (CREATE STATISTICS), a line each; no section when there are none.
  if ((t.statistics || []).length) {
    parts.push(section('Statistics', table(['statistics', 'kinds', 'on', 'target'], t.statistics.map((x) => [
      h('span', { title: x.comment ?? '', text: x.name }), x.kinds.length ? x.kinds.join(', ') : 'all',
      h('code', { text: x.on }), x.target === null ? 'default' : String(x.target)]), 'Statistics')));
  }
  parts.push(section('Triggers', table(['trigger', 'fires', 'when', 'function'], t.triggers.map((tr) => [
    h('span', { id: `trigger-${tr.name}`, text: tr.name }),
    h('code', { text: triggerText(tr) + (tr.deferrable ? ` DEFERRABLE${tr.initially_deferred ? ' INITIALLY DEFERRED' : ''}` : '') +
      (tr.old_table ? ` OLD TABLE AS ${tr.old_table}` : '') + (tr.new_table ? ` NEW TABLE AS ${tr.new_table}` : '') }),
    h('code', { text: tr.when ?? '' }),
    h('span', {}, functionLink(tr.function), tr.arguments.length ? h('code', { text: ` (${tr.arguments.map((a) => `'${a}'`).join(', ')})` }) : null)]), 'Triggers')));
  parts.push(rulesSection(schema, t));
  parts.push(section('Policies', table(['policy', 'command', 'roles', 'using', 'with check'], t.policies.map((p) => [
    `${p.name}${p.permissive ? '' : ' (restrictive)'}`, p.command, p.roles.join(', '), h('code', { text: p.using ?? '' }), h('code', { text: p.with_check ?? '' })]), 'Policies')));
  parts.push(grantsSection(t.grants));
  return { kind: t.partition_of ? 'partition' : t.partition_by ? 'partitioned table' : 'table',
    extra: h('a', { href: tableHref(t.schema, t.name), className: 'button-link', text: 'Rows' }), parts };
}

// An aggregate: its arguments and the parts CREATE AGGREGATE names (state and final functions...).
function aggregatePage(schema, f) {
  const args = f.parameters.map((p) => [p.mode, p.name ?? '', typeNode(schema, p.type)]);
  const parts = f.aggregate.map((p) => [p.option, h('code', { text: p.value })]);
  return { kind: 'aggregate', parts: [
    props([['parallel', f.parallel], ['comment', f.comment]]),
    section('Arguments', table(['mode', 'name', 'type'], args, 'Arguments'), 'No arguments (written *).'),
    section('Definition', table(['option', 'value'], parts, 'Definition')),
    grantsSection(f.grants),
  ] };
}

function functionPage(schema, f) {
  if (f.aggregate) return aggregatePage(schema, f);
  const parameters = f.parameters.map((p) => [p.mode, p.name ?? '', typeNode(schema, p.type), h('code', { text: p.default ?? '' })]);
  const callers = f.triggers.map((t) => h('li', {}, link('table', t.schema, t.table, `${t.schema}.${t.table}`), ` · ${t.trigger}`));
  const eventCallers = (f.event_triggers || []).map((name) => h('li', {}, link('event-trigger', null, name, name)));
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
    section(f.sql_standard_body ? 'Body (SQL-standard, checked by the server)' : 'Body', code(f.body.replace(/^\s*\n/, '').replace(/\s+$/, ''), `Body of ${f.signature}`)),
    callers.length ? section('Called by triggers', h('ul', { className: 'plain-list' }, callers)) : null,
    eventCallers.length ? section('Called by event triggers', h('ul', { className: 'plain-list' }, eventCallers)) : null,
    grantsSection(f.grants),
  ] };
}

function simplePage(kind, pairs, extra = []) {
  return { kind, parts: [props(pairs), ...extra] };
}

function rulePage(schema, r) {
  return { kind: 'rule', title: `${r.name} on ${r.schema}.${r.relation.name}`, parts: [
    props([
      ['on', h('span', {}, h('span', { className: 'object-kind', text: `${r.relation.kind} ` }), relationLink(r.relation))],
      ['event', r.event],
      ['does', r.instead ? 'INSTEAD (the statement is replaced by the actions)' : 'ALSO (the statement runs too)'],
      ['where', r.where !== null ? h('code', { text: r.where }) : null],
      ['comment', r.comment],
    ]),
    section('Actions', r.actions.length ? h('ol', { className: 'plain-list' }, r.actions.map((a) => h('li', {}, h('code', { text: a }))))
      : h('p', { className: 'hint', text: 'NOTHING: the statement does nothing.' })),
    section('Definition', code(r.definition, `Definition of ${r.name}`, true)),
  ] };
}

function eventTriggerPage(schema, e) {
  return { kind: 'event trigger', title: e.name, parts: [
    props([
      ['event', h('code', { text: e.event })],
      ['tags', e.tags.length ? h('code', { text: e.tags.join(', ') }) : 'every command'],
      ['function', functionLink(e.function)],
      ['state', EVENT_TRIGGER_STATES[e.enabled] || e.enabled],
      ['comment', e.comment],
    ]),
    h('p', { className: 'hint', text: 'Event triggers belong to the database, not to a schema.' }),
    section('Definition', code(e.definition, `Definition of ${e.name}`, true)),
  ] };
}

const pages = {
  table: { list: (s) => s.tables, page: tablePage },
  view: { list: (s) => s.views, page: (schema, v) => ({ ...simplePage(v.materialized ? 'materialized view' : 'view',
    [['check option', v.check_option], ['storage', Object.keys(v.storage_parameters).length
      ? h('code', { text: Object.entries(v.storage_parameters).map(([k, val]) => `${k}=${val}`).join(', ') }) : null], ['comment', v.comment]],
    [section('Definition', code(v.definition, 'Definition')), indexesSection(v.indexes), rulesSection(schema, v), grantsSection(v.grants)]),
  extra: h('a', { href: tableHref(v.schema, v.name), className: 'button-link', text: 'Rows' }) }) },
  function: { list: (s) => s.functions, key: 'signature', page: functionPage },
  rule: { list: (s) => s.rules, key: ruleKey, page: rulePage },
  'event-trigger': { list: (s) => s.event_triggers, schemaless: true, page: eventTriggerPage },
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
  collation: { list: (s) => s.collations, page: (schema, c) => simplePage('collation', [
    ['provider', c.provider], ['locale', h('code', { text: collationLocale(c) })],
    ['deterministic', c.deterministic ? 'yes' : 'no (equal strings may differ in bytes)'],
    ['comment', c.comment]], [section('Used by', usersOfCollation(schema, c), 'No column or domain uses it.')]) },
  enum: { list: (s) => s.enums, page: (schema, e) => simplePage('enum', [['comment', e.comment]],
    [section('Values', h('ol', { className: 'plain-list' }, e.values.map((v) => h('li', { text: v })))), grantsSection(e.grants)]) },
  sequence: { list: (s) => s.sequences, page: (schema, q) => simplePage('sequence', [
    ['type', q.data_type], ['start', q.start], ['increment', q.increment], ['min', q.min_value], ['max', q.max_value],
    ['cache', q.cache], ['cycle', q.cycle], ['owned by', q.owned_by], ['comment', q.comment]], [grantsSection(q.grants)]) },
};

// `schemaName` is null for an event trigger (#/schema/event-trigger/<name>).
export function renderObject(root, schema, kind, schemaName, name) {
  clear(root);
  const entry = Object.hasOwn(pages, kind) ? pages[kind] : null;
  const keyOf = (o) => (typeof entry.key === 'function' ? entry.key(o) : o[entry.key || 'name']);
  const object = entry && (entry.schemaless ? schemaName === null : schemaName !== null) &&
    (entry.list(schema) || []).find((o) => (entry.schemaless || o.schema === schemaName) && keyOf(o) === name);
  if (!object) {
    root.append(h('div', { className: 'toolbar' }, h('h2', { text: 'Schema' }), schemaTabs('objects')),
      h('div', { className: 'error-box', role: 'alert', text: `No ${kind || 'object'} ${schemaName === null ? '' : `${schemaName}.`}${name} in the target's schemas.` }));
    return;
  }
  const { kind: label, title, extra, parts } = entry.page(schema, object);
  root.append(header(label, title ?? `${object.schema}.${object.signature || object.name}`, extra), h('div', { className: 'object-page' }, parts));
}
