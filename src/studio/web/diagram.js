// The ER diagram: every table with its columns, every foreign key as a line from its columns to
// the referenced table, every INHERITS as a dashed line from a table's title to its parent's (a
// partitioned table's box stands for its partitions). Drag a table to
// move it, the background to pan, the wheel to zoom; "Fit" shows everything; double-click a
// table (or Enter) for its structure.
import { h, svg, clear } from './dom.js';
import { schemaTabs } from './objects.js';

const WIDTH = 220;
const LINE = 18;
const HEADER = 26;

// A curve from (from.x, y1) to (to.x, y2) between two boxes: side by side, right edge to left
// edge; one above the other, both on the left.
function curve(from, y1, to, y2) {
  const stacked = Math.abs(from.x - to.x) < WIDTH;
  const fromRight = !stacked && from.x < to.x;
  const x1 = fromRight ? from.x + WIDTH : from.x;
  const x2 = stacked || fromRight ? to.x : to.x + WIDTH;
  const c1 = stacked ? x1 - 50 : x1 + (fromRight ? 50 : -50);
  const c2 = stacked ? x2 - 50 : x2 + (fromRight ? -50 : 50);
  return `M ${x1} ${y1} C ${c1} ${y1}, ${c2} ${y2}, ${x2} ${y2}`;
}

// Tables in a grid; a table that inherits is stacked beneath its first parent, in its column.
function layout(tables) {
  const key = (t) => `${t.schema}.${t.name}`;
  const known = new Set(tables.map(key));
  const parentOf = (t) => {
    const p = (t.inherits || [])[0];
    return p && known.has(`${p.schema}.${p.table}`) ? `${p.schema}.${p.table}` : null;
  };
  const children = new Map();
  for (const t of tables) {
    const p = parentOf(t);
    if (p) children.set(p, [...(children.get(p) || []), t]);
  }
  const stacks = [];
  for (const t of tables) {
    if (parentOf(t)) continue;
    const stack = [];
    const visit = (x) => { stack.push(x); for (const c of children.get(key(x)) || []) visit(c); };
    visit(t);
    stacks.push(stack);
  }
  const positions = new Map();
  const columnsPerRow = Math.max(1, Math.ceil(Math.sqrt(stacks.length)));
  let x = 80, y = 20, rowHeight = 0;
  stacks.forEach((stack, index) => {
    if (index > 0 && index % columnsPerRow === 0) { x = 80; y += rowHeight + 60; rowHeight = 0; }
    let top = y;
    for (const table of stack) {
      const height = HEADER + table.columns.length * LINE + 8;
      positions.set(key(table), { x, y: top, height });
      top += height + 40;
    }
    x += WIDTH + 80;
    rowHeight = Math.max(rowHeight, top - 40 - y);
  });
  return positions;
}

export function renderDiagram(root, schema) {
  clear(root);
  // Partitions share their parent's columns and keys: the parent's box stands for them.
  const tables = schema.tables.filter((t) => !t.partition_of);
  const positions = layout(tables);
  const view = { x: 0, y: 0, scale: 1 };
  const canvas = svg('svg', { role: 'img', 'aria-label': `ER diagram of ${tables.length} tables`,
    class: 'er-diagram' });
  const world = svg('g', {});
  const edges = svg('g', { class: 'er-edges' });
  const boxes = svg('g', { class: 'er-tables' });
  world.append(edges, boxes);
  canvas.append(world);
  const applyView = () => world.setAttribute('transform', `translate(${view.x} ${view.y}) scale(${view.scale})`);

  const drawEdges = () => {
    while (edges.firstChild) edges.firstChild.remove();
    for (const table of tables) {
      for (const key of table.foreign_keys) {
        const from = positions.get(`${table.schema}.${table.name}`);
        const to = positions.get(`${key.references.schema}.${key.references.table}`);
        if (!from || !to) continue;
        const row = Math.max(0, table.columns.findIndex((c) => c.name === key.columns[0]));
        const target = tables.find((t) => `${t.schema}.${t.name}` === `${key.references.schema}.${key.references.table}`);
        const targetRow = target ? Math.max(0, target.columns.findIndex((c) =>
          c.name === (key.referenced_columns[0] || target.primary_key[0]))) : 0;
        const y1 = from.y + HEADER + row * LINE + LINE / 2;
        const y2 = to.y + HEADER + targetRow * LINE + LINE / 2;
        edges.append(svg('path', { class: 'er-edge', 'data-fk': key.name,
          'data-from': `${table.schema}.${table.name}`, 'data-to': `${key.references.schema}.${key.references.table}`,
          d: curve(from, y1, to, y2) },
          svg('title', { text: `${key.name}: ${table.name}(${key.columns.join(', ')}) → ${key.references.table}` })));
      }
      // A table that inherits: its box shows only its own columns, the parent's the rest.
      for (const parent of table.inherits || []) {
        const from = positions.get(`${table.schema}.${table.name}`);
        const to = positions.get(`${parent.schema}.${parent.table}`);
        if (!from || !to) continue;
        edges.append(svg('path', { class: 'er-edge er-inherit', 'data-from': `${table.schema}.${table.name}`,
          'data-inherits': `${parent.schema}.${parent.table}`, d: curve(from, from.y + HEADER / 2, to, to.y + HEADER / 2) },
          svg('title', { text: `${table.name} inherits from ${parent.table}` })));
      }
    }
  };

  for (const table of tables) {
    const id = `${table.schema}.${table.name}`;
    const p = positions.get(id);
    const group = svg('g', { class: 'er-table', 'data-table': id, transform: `translate(${p.x} ${p.y})`,
      tabindex: 0, 'aria-label': `Table ${id}` });
    group.append(svg('rect', { class: 'er-box', width: WIDTH, height: p.height, rx: 6 }),
      svg('rect', { class: 'er-head', width: WIDTH, height: HEADER, rx: 6 }),
      svg('text', { class: 'er-title', x: 10, y: 17, text: id }));
    table.columns.forEach((column, i) => {
      const y = HEADER + i * LINE + 13;
      group.append(svg('text', { class: column.primary_key ? 'er-column er-key' : 'er-column', x: 10, y,
        text: column.name }), svg('text', { class: 'er-type', x: WIDTH - 10, y, 'text-anchor': 'end',
        text: column.type.length > 18 ? column.type.slice(0, 17) + '…' : column.type }));
    });
    const moved = () => { group.setAttribute('transform', `translate(${p.x} ${p.y})`); drawEdges(); };
    dragTable(group, p, view, moved);
    // A double click (or Enter) opens the table's structure.
    const open = () => { location.hash = `#/schema/table/${encodeURIComponent(table.schema)}/${encodeURIComponent(table.name)}`; };
    group.addEventListener('dblclick', open);
    // Keyboard: a focused table moves with the arrows.
    group.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') { open(); return; }
      const steps = { ArrowLeft: [-20, 0], ArrowRight: [20, 0], ArrowUp: [0, -20], ArrowDown: [0, 20] };
      if (!steps[event.key]) return;
      event.preventDefault();
      p.x += steps[event.key][0];
      p.y += steps[event.key][1];
      moved();
    });
    boxes.append(group);
  }
  drawEdges();

  const fit = () => {
    let maxX = 0, maxY = 0;
    for (const p of positions.values()) { maxX = Math.max(maxX, p.x + WIDTH); maxY = Math.max(maxY, p.y + p.height); }
    const width = canvas.clientWidth || 1000, height = canvas.clientHeight || 600;
    view.scale = Math.min(2, Math.max(0.1, Math.min(width / (maxX + 20), height / (maxY + 20))));
    view.x = 0; view.y = 0;
    applyView();
  };
  const zoom = (factor) => { view.scale = Math.min(4, Math.max(0.1, view.scale * factor)); applyView(); };
  canvas.addEventListener('wheel', (event) => { event.preventDefault(); zoom(event.deltaY < 0 ? 1.1 : 1 / 1.1); });
  panBackground(canvas, view, applyView);

  const foreignKeys = tables.reduce((n, t) => n + t.foreign_keys.length, 0);
  root.append(h('div', { className: 'toolbar', role: 'toolbar', 'aria-label': 'Diagram' },
    h('h2', { text: 'Schema' }), schemaTabs('diagram'),
    h('span', { className: 'grid-status', text: `${tables.length} tables · ${foreignKeys} foreign keys · ${schema.views.length} views · ${(schema.functions || []).length} functions · ${schema.enums.length} enums` }),
    h('button', { type: 'button', text: 'Zoom in', onclick: () => zoom(1.25) }),
    h('button', { type: 'button', text: 'Zoom out', onclick: () => zoom(0.8) }),
    h('button', { type: 'button', text: 'Fit', onclick: fit })), canvas);
  requestAnimationFrame(fit);
}

function dragTable(group, position, view, moved) {
  group.addEventListener('pointerdown', (event) => {
    event.stopPropagation();
    const start = { x: event.clientX, y: event.clientY, px: position.x, py: position.y };
    group.setPointerCapture(event.pointerId);
    const move = (e) => {
      position.x = start.px + (e.clientX - start.x) / view.scale;
      position.y = start.py + (e.clientY - start.y) / view.scale;
      moved();
    };
    const up = () => { group.removeEventListener('pointermove', move); group.removeEventListener('pointerup', up); };
    group.addEventListener('pointermove', move);
    group.addEventListener('pointerup', up);
  });
}

function panBackground(canvas, view, moved) {
  canvas.addEventListener('pointerdown', (event) => {
    const start = { x: event.clientX, y: event.clientY, vx: view.x, vy: view.y };
    const move = (e) => { view.x = start.vx + e.clientX - start.x; view.y = start.vy + e.clientY - start.y; moved(); };
    const up = () => { canvas.removeEventListener('pointermove', move); canvas.removeEventListener('pointerup', up); };
    canvas.addEventListener('pointermove', move);
    canvas.addEventListener('pointerup', up);
  });
}
