// Builds DOM nodes from data: text only ever goes in as text, never as markup.
export function h(tag, props, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') element.className = value;
    else if (key === 'text') element.textContent = value;
    else if (key.startsWith('on')) element.addEventListener(key.substring(2), value);
    else if (key === 'hidden') element.hidden = true;
    else element.setAttribute(key, value === true ? '' : value);
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(element, child);
    else element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

export function time(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return d.toLocaleString(undefined, { hour12: false });
}

export function age(seconds) {
  if (seconds === null || seconds === undefined) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return s + ' s';
  if (s < 3600) return Math.floor(s / 60) + ' min ' + (s % 60) + ' s';
  if (s < 86400) return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min';
  return Math.floor(s / 86400) + ' d ' + Math.floor((s % 86400) / 3600) + ' h';
}

export function since(iso) {
  return iso ? age((Date.now() - new Date(iso).getTime()) / 1000) : '—';
}

export function pretty(value) {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') {
    try {
      return JSON.stringify(JSON.parse(value), null, 2);
    } catch (e) {
      return value;
    }
  }
  return JSON.stringify(value, null, 2);
}

export function badge(status) {
  return h('span', { class: 'badge status-' + String(status || '').toLowerCase(), text: status || '—' });
}

/** A "Paused" badge for a saga paused since {@code pausedAt}; null when it is not paused. */
export function pausedBadge(pausedAt) {
  return pausedAt ? h('span', { class: 'badge paused', text: 'Paused', title: 'Paused since ' + time(pausedAt) }) : null;
}

export function problemText(error) {
  return error && error.message ? error.message : String(error);
}
