// How a value is shown, edited and exported. NULL and the empty string never look alike.
import { h } from './dom.js';

export function isJsonType(type) {
  return type === 'json' || type === 'jsonb';
}

// The cell's content: NULL and '' get their own marks; JSON compact (pretty in the title).
export function valueNode(value) {
  if (value === null) return h('span', { className: 'null', 'data-null': 'true', text: 'NULL' });
  if (value === '') return h('span', { className: 'empty', 'data-empty': 'true', text: '' });
  if (typeof value === 'object') {
    return h('span', { className: 'json', title: JSON.stringify(value, null, 2),
      text: JSON.stringify(value) });
  }
  const text = String(value);
  return h('span', { className: typeof value, title: text.length > 16 ? text : undefined, text });
}

// The text an editor starts from.
export function editText(value) {
  if (value === null) return '';
  if (typeof value === 'object') return JSON.stringify(value, null, 2);
  return String(value);
}

// What an editor's text means for a column: JSON for json columns, else the text itself.
export function parseEdited(text, type) {
  if (!isJsonType(type)) return text;
  try { return JSON.parse(text); } catch { throw new Error('not valid JSON'); }
}

export function csvField(value) {
  if (value === null) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return `"${text.replaceAll('"', '""')}"`;
}

export function download(name, type, text) {
  const link = h('a', { href: URL.createObjectURL(new Blob([text], { type })), download: name });
  document.body.append(link);
  link.click();
  link.remove();
}
