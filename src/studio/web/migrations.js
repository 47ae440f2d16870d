// The migrations view: each migration's state, the drift (as the SQL that was changed by hand),
// and what `sleet generate` would write now, with its hazards.
import { api } from './api.js';
import { h, clear } from './dom.js';

function statementList(statements, label) {
  return h('ol', { className: 'statements', 'aria-label': label }, statements.map((s) =>
    h('li', { className: 'statement' },
      h('div', { className: 'statement-head' },
        h('span', { className: 'summary', text: s.summary }),
        s.hazards.map((hazard) => h('span', { className: `hazard hazard-${hazard.replaceAll(' ', '-')}`, text: hazard }))),
      h('pre', { className: 'sql', text: s.sql }),
      s.explanation ? h('p', { className: 'explanation', text: s.explanation }) : null)));
}

function migrationsSection(document) {
  const section = h('section', { 'aria-label': 'Migrations' }, h('h2', { text: 'Migrations' }),
    h('p', { className: 'hint', text: document.folder }));
  if (!document.status) return section;
  const rows = document.status.migrations.map((m) => h('tr', { className: `state-${m.state.replaceAll(' ', '-')}` },
    h('td', { text: m.tag || '(no file)' }),
    h('td', {}, h('span', { className: `badge badge-${m.state.replaceAll(' ', '-')}`, text: m.state })),
    h('td', { text: m.applied_at ? `${m.applied_at}${m.applied_by ? ` by ${m.applied_by}` : ''}` : '' })));
  section.append(h('table', { className: 'result-table migrations-table' },
    h('thead', {}, h('tr', {}, ['migration', 'state', 'applied'].map((t) => h('th', { scope: 'col', text: t })))),
    h('tbody', {}, rows)));
  return section;
}

function driftSection(drift) {
  const section = h('section', { 'aria-label': 'Drift' }, h('h2', { text: 'Drift' }));
  if (!drift.checked) return section.append(h('p', { text: `Not checked: ${drift.reason}` })), section;
  if (!drift.found) return section.append(h('p', { className: 'ok', text: 'No drift: the database matches the latest snapshot.' })), section;
  section.append(h('p', { className: 'warning', text: 'Changed outside migrations (as SQL from the snapshot to the database):' }),
    statementList(drift.statements, 'Drift statements'));
  return section;
}

function planSection(plan) {
  const section = h('section', { 'aria-label': 'Pending plan' }, h('h2', { text: 'What sleet generate would write' }));
  if (plan.status === 'no_changes') section.append(h('p', { className: 'ok', text: 'No changes: the schema files match the latest snapshot.' }));
  else if (plan.status === 'unavailable') section.append(h('p', { text: plan.reason }));
  else section.append(h('p', { text: `${plan.statements.length} statement(s) for the next migration:` }),
    statementList(plan.statements, 'Planned statements'));
  return section;
}

export async function renderMigrations(root) {
  clear(root).append(h('p', { text: 'Reading the migrations…' }));
  const [migrations, plan] = await Promise.allSettled([api.migrations(), api.plan()]);
  clear(root);
  const failed = (label, result) => h('div', { className: 'error-box', role: 'alert', text: `${label}: ${result.reason.message}` });
  if (migrations.status === 'fulfilled') root.append(migrationsSection(migrations.value), driftSection(migrations.value.drift));
  else root.append(failed('Migrations', migrations));
  root.append(plan.status === 'fulfilled' ? planSection(plan.value) : failed('Plan', plan));
}
