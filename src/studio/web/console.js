// The SQL console: run (Ctrl+Enter), results as a table, the server's error with its line and
// column, and a history kept in this browser (localStorage).
import { api } from './api.js';
import { h, clear, count } from './dom.js';
import { valueNode } from './values.js';

const HISTORY_KEY = 'sleet-studio-sql-history';

function history() {
  try { return JSON.parse(localStorage.getItem(HISTORY_KEY)) || []; } catch { return []; }
}

function remember(sql) {
  const list = [sql, ...history().filter((item) => item !== sql)].slice(0, 50);
  localStorage.setItem(HISTORY_KEY, JSON.stringify(list));
}

export function renderConsole(root, info) {
  clear(root);
  const editor = h('textarea', { className: 'sql-editor', 'aria-label': 'SQL', spellcheck: 'false',
    placeholder: 'select * from ...   (Ctrl+Enter runs)' });
  const result = h('div', { className: 'sql-result', role: 'region', 'aria-label': 'Result', 'aria-live': 'polite' });
  const list = h('ul', { className: 'history', 'aria-label': 'History' });
  const run = async () => {
    const sql = editor.value;
    if (!sql.trim()) return;
    remember(sql);
    showHistory();
    clear(result).append(h('p', { text: 'Running…' }));
    try {
      showResult(result, await api.sql(sql));
    } catch (error) {
      showError(result, error);
    }
  };
  const showHistory = () => {
    clear(list);
    for (const sql of history()) {
      list.append(h('li', {}, h('button', { type: 'button', className: 'history-item', text: sql,
        'aria-label': `Load: ${sql}`, onclick: () => { editor.value = sql; editor.focus(); } })));
    }
  };
  editor.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) { event.preventDefault(); run(); }
  });
  root.append(h('div', { className: 'console' },
    h('div', { className: 'console-main' },
      h('h2', { text: 'SQL console' }),
      h('p', { className: 'hint', text: info.read_only
        ? 'Read-only: statements run in a READ ONLY transaction that is rolled back.'
        : `Statements run in one transaction, committed when all succeed; ${info.statement_timeout_ms / 1000} s timeout; at most ${count(info.console_row_limit)} rows shown.` }),
      editor,
      h('div', { className: 'toolbar' }, h('button', { type: 'button', className: 'primary', text: 'Run', onclick: run })),
      result),
    h('aside', { className: 'console-history' }, h('h3', { text: 'History' }), list)));
  showHistory();
  editor.focus();
}

function showResult(root, answer) {
  clear(root);
  const summary = `${answer.command} · ${count(answer.row_count)} row${answer.row_count === 1 ? '' : 's'}` +
    `${answer.truncated ? ' (cut: more rows than shown)' : ''} · ${answer.duration_ms.toFixed(1)} ms`;
  root.append(h('p', { className: 'result-summary', role: 'status', text: summary }));
  for (const notice of answer.notices) root.append(h('p', { className: 'notice', text: notice }));
  if (!answer.columns.length) return;
  const table = h('table', { className: 'result-table' },
    h('thead', {}, h('tr', {}, answer.columns.map((c) => h('th', { scope: 'col', title: c.type, text: c.name })))),
    h('tbody', {}, answer.rows.map((row) => h('tr', {}, row.map((value) => h('td', {}, valueNode(value)))))));
  root.append(h('div', { className: 'result-scroll' }, table));
}

function showError(root, error) {
  const details = error.details || {};
  const where = details.line ? ` (line ${details.line}, column ${details.column})` : '';
  clear(root).append(h('div', { className: 'error-box', role: 'alert' },
    h('strong', { text: `Error${where}: ` }), h('span', { text: error.message }),
    details.detail ? h('p', { text: details.detail }) : null,
    details.hint ? h('p', { text: `Hint: ${details.hint}` }) : null,
    details.sqlstate ? h('p', { className: 'sqlstate', text: `SQLSTATE ${details.sqlstate}` }) : null));
}
