// Building elements. Text always goes in through textContent (never innerHTML), so a value,
// a table name or a column name is shown as the characters it holds.
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else if (name === 'text') element.textContent = value;
    else if (name === 'className') element.className = value;
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

export function append(element, children) {
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

const SVG = 'http://www.w3.org/2000/svg';
export function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null) continue;
    if (name === 'text') element.textContent = value;
    else element.setAttribute(name, String(value));
  }
  for (const child of children.flat()) if (child) element.append(child);
  return element;
}

export function clear(element) {
  while (element.firstChild) element.firstChild.remove();
  return element;
}

// A modal dialog with a title, content and buttons; resolves with the chosen button's value
// (or null when dismissed with Escape).
export function dialog(title, content, buttons) {
  return new Promise((resolve) => {
    const box = h('dialog', { className: 'dialog', 'aria-label': title },
      h('h2', { text: title }), content,
      h('div', { className: 'dialog-buttons' },
        buttons.map(([label, value, primary]) => h('button', {
          type: 'button', className: primary ? 'primary' : '', text: label,
          onclick: () => { box.close(); box.remove(); resolve(value); },
        }))));
    box.addEventListener('cancel', () => { box.remove(); resolve(null); });
    document.body.append(box);
    box.showModal();
    const primary = box.querySelector('button.primary') || box.querySelector('button');
    if (primary) primary.focus();
  });
}

// "1,234" style numbers.
export function count(value) {
  return Number(value).toLocaleString('en-US');
}
