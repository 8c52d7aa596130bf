// The console's pages, routed by the URL's hash: #/ overview, #/sagas?filters, #/saga/<id>, #/dead-letters[/<topic>].
import { api, currentSession, loadSession, signOut } from './api.js';
import { h, clear, time, age, since, badge, pausedBadge, problemText } from './dom.js';
import { followSaga, stopFollowing } from './saga.js';
import { renderDeadLetters, renderDeadLetterTopic } from './dead-letters.js';

const view = document.getElementById('view');
const REFRESH_MS = 5000;
let refresh = null;

const STATUSES = ['RUNNING', 'COMPENSATING', 'NEEDS_ATTENTION', 'COMPLETED', 'COMPENSATED'];
const STUCK_KINDS = ['NEEDS_ATTENTION', 'PARKED', 'NO_PROGRESS'];
const FILTERS = ['status', 'type', 'stuckKind', 'paused', 'olderThan', 'step', 'q', 'progressedAfter', 'progressedBefore'];

function route() {
  if (refresh) clearInterval(refresh);
  refresh = null;
  stopFollowing();
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, query] = hash.split('?');
  const params = new URLSearchParams(query || '');
  document.querySelectorAll('nav a').forEach((a) => a.classList.remove('active'));
  if (path === '/' || path === '') {
    document.getElementById('nav-overview').classList.add('active');
    renderOverview();
    refresh = setInterval(renderOverview, REFRESH_MS);
  } else if (path === '/sagas') {
    document.getElementById('nav-sagas').classList.add('active');
    renderList(params);
  } else if (path.startsWith('/saga/')) {
    document.getElementById('nav-sagas').classList.add('active');
    followSaga(view, decodeURIComponent(path.substring('/saga/'.length)));
  } else if (path === '/dead-letters') {
    document.getElementById('nav-dead-letters').classList.add('active');
    renderDeadLetters(view);
  } else if (path.startsWith('/dead-letters/')) {
    document.getElementById('nav-dead-letters').classList.add('active');
    renderDeadLetterTopic(view, decodeURIComponent(path.substring('/dead-letters/'.length)), params);
  } else {
    clear(view, h('p', { class: 'error', text: 'No such page.' }));
  }
}

function listLink(filters) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v) params.set(k, v);
  return '#/sagas?' + params.toString();
}

// ---- overview -------------------------------------------------------------------------------------------------------

let overviewShell = null;

async function renderOverview() {
  if (!overviewShell || !view.contains(overviewShell.root)) {
    overviewShell = {
      sagas: h('div', { id: 'overview-sagas' }, h('p', { class: 'muted', text: 'Loading…' })),
      stuck: h('div', { id: 'overview-stuck' }),
      oldest: h('div', { id: 'overview-oldest' }),
      dlt: h('div', { id: 'overview-dlt' }),
      updated: h('p', { id: 'overview-updated', class: 'muted' })
    };
    overviewShell.root = h('div', { class: 'grid' },
      h('section', { class: 'card' }, h('h2', { text: 'Sagas by type and status' }), overviewShell.sagas),
      h('section', { class: 'card' }, h('h2', { text: 'Stuck, and why' }), overviewShell.stuck),
      h('section', { class: 'card' }, h('h2', { text: 'Oldest in flight' }), overviewShell.oldest),
      h('section', { class: 'card' }, h('h2', { text: 'Dead letters' }), overviewShell.dlt),
      overviewShell.updated);
    clear(view, h('h1', { text: 'Overview' }), overviewShell.root);
  }
  const shell = overviewShell;
  try {
    const o = await api('GET', '/admin/overview');
    clear(shell.sagas, sagaCounts(o.sagas));
    clear(shell.stuck, o.stuck.length === 0 ? h('p', { class: 'ok', text: 'No saga is stuck.' }) : h('table', {},
      h('thead', {}, h('tr', {}, ['Why', 'Type', 'Where', 'Sagas', 'Since'].map((t) => h('th', { text: t })))),
      h('tbody', {}, o.stuck.map((g) => h('tr', {},
        h('td', {}, h('span', { class: 'badge stuck-' + g.kind.toLowerCase(), text: g.kind })),
        h('td', { text: g.type }),
        h('td', { text: g.state }),
        h('td', { class: 'num' }, h('a', { href: listLink({ type: g.type, stuckKind: g.kind, step: g.state.replace(/\.compensating$/, ''), olderThan: o.olderThan }), text: String(g.count) })),
        h('td', { text: since(g.since) + ' ago' }))))),
      h('p', { class: 'muted', text: o.stuckTotal + ' stuck in all; no progress for longer than ' + o.olderThan + ' counts as stuck.' }));
    clear(shell.oldest, o.oldestInFlight ? h('p', {},
      h('a', { href: '#/saga/' + o.oldestInFlight.sagaId, text: o.oldestInFlight.sagaId }), ' ',
      badge(o.oldestInFlight.status), ' ' + o.oldestInFlight.type + ' at ' + o.oldestInFlight.state
        + ', started ' + age(o.oldestInFlightAgeSeconds) + ' ago')
      : h('p', { class: 'ok', text: 'Nothing in flight.' }));
    shell.updated.textContent = 'Updated ' + time(o.at) + ', every ' + (REFRESH_MS / 1000) + ' s.';
  } catch (e) {
    shell.updated.textContent = 'Could not refresh: ' + problemText(e);
  }
  try {
    const d = await api('GET', '/admin/dead-letters');
    clear(shell.dlt, h('table', {},
      h('thead', {}, h('tr', {}, ['Topic', 'Never re-driven', 'Held'].map((t) => h('th', { text: t })))),
      h('tbody', {}, d.topics.map((t) => h('tr', { class: t.depth > 0 ? 'warn' : '' },
        h('td', {}, h('a', { href: '#/dead-letters/' + encodeURIComponent(t.topic), text: t.topic })),
        h('td', { class: 'num', text: String(t.depth) }),
        h('td', { class: 'num', text: String(t.total) }))))));
  } catch (e) {
    clear(shell.dlt, h('p', { class: 'error', text: 'Dead-letter depths unavailable: ' + problemText(e) }));
  }
}

function sagaCounts(counts) {
  const types = [...new Set(counts.map((c) => c.type))];
  if (types.length === 0) return h('p', { class: 'muted', text: 'No sagas yet.' });
  const count = (type, status) => (counts.find((c) => c.type === type && c.status === status) || { count: 0 }).count;
  return h('table', {},
    h('thead', {}, h('tr', {}, h('th', { text: 'Type' }), STATUSES.map((s) => h('th', {}, badge(s))))),
    h('tbody', {}, types.map((type) => h('tr', {}, h('td', { text: type }),
      STATUSES.map((s) => h('td', { class: 'num' }, count(type, s) === 0 ? '0'
        : h('a', { href: listLink({ type, status: s }), text: String(count(type, s)) })))))));
}

// ---- list -----------------------------------------------------------------------------------------------------------

function toLocalInput(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n) => String(n).padStart(2, '0');
  return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + 'T' + pad(d.getHours()) + ':' + pad(d.getMinutes());
}

function filterForm(params) {
  const select = (name, values, label) => h('label', {}, label, h('select', { name },
    h('option', { value: '', text: 'any' }),
    values.map((v) => h('option', { value: v, text: v, selected: params.get(name) === v }))));
  const input = (name, label, props = {}) => h('label', {}, label, h('input', { name, value: params.get(name) || '', ...props }));
  const form = h('form', { id: 'saga-filter', class: 'filters' },
    input('q', 'Saga id or a value of its data', { type: 'search', placeholder: 'saga id, order id, customer', size: 38 }),
    select('status', STATUSES, 'Status'),
    input('type', 'Type', { placeholder: 'saga type', size: 8 }),
    select('stuckKind', STUCK_KINDS, 'Stuck'),
    h('label', {}, 'Paused', h('select', { name: 'paused' },
      h('option', { value: '', text: 'any' }),
      h('option', { value: 'true', text: 'paused', selected: params.get('paused') === 'true' }),
      h('option', { value: 'false', text: 'not paused', selected: params.get('paused') === 'false' }))),
    input('olderThan', 'No progress for', { placeholder: 'PT5M', size: 7 }),
    input('step', 'Step', { placeholder: 'payment', size: 10 }),
    h('label', {}, 'Changed after', h('input', { name: 'progressedAfter', type: 'datetime-local', value: toLocalInput(params.get('progressedAfter')) })),
    h('label', {}, 'Changed before', h('input', { name: 'progressedBefore', type: 'datetime-local', value: toLocalInput(params.get('progressedBefore')) })),
    h('button', { type: 'submit', id: 'apply-filter', text: 'Filter' }));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const filters = {};
    for (const name of FILTERS) {
      const value = form.elements[name].value.trim();
      if (!value) continue;
      filters[name] = name.startsWith('progressed') ? new Date(value).toISOString() : value;
    }
    location.hash = listLink(filters);
  });
  return form;
}

function query(params, extra = {}) {
  const q = new URLSearchParams();
  for (const name of FILTERS) if (params.get(name)) q.set(name, params.get(name));
  for (const [k, v] of Object.entries(extra)) if (v) q.set(k, v);
  return q;
}

async function renderList(params) {
  const rows = h('tbody', { id: 'saga-rows' });
  const more = h('button', { type: 'button', id: 'more', class: 'secondary', hidden: true, text: 'Load more' });
  const status = h('p', { class: 'muted' });
  clear(view, h('h1', { text: 'Sagas' }), filterForm(params),
    currentSession().mayAct ? bulkPanel(params) : null,
    h('table', { class: 'sagas' },
      h('thead', {}, h('tr', {}, ['Saga', 'Type', 'Status', 'State', 'Stuck', 'Last progress', 'Version'].map((t) => h('th', { text: t })))),
      rows),
    more, status);
  let cursor = null;
  const load = async () => {
    try {
      const page = await api('GET', '/admin/sagas?' + query(params, { limit: '50', cursor }).toString());
      for (const s of page.items) {
        rows.append(h('tr', { 'data-saga-id': s.sagaId },
          h('td', {}, h('a', { class: 'saga-link mono', href: '#/saga/' + s.sagaId, text: s.sagaId })),
          h('td', { text: s.type }),
          h('td', {}, badge(s.status), pausedBadge(s.pausedAt)),
          h('td', { text: s.parkedState ? s.state + ' (parked in ' + s.parkedState + ')' : s.state }),
          h('td', { class: 'reason', text: s.stuckReason || '' }),
          h('td', { text: since(s.progressedAt) + ' ago', title: s.progressedAt }),
          h('td', { class: 'num', text: String(s.version) })));
      }
      cursor = page.nextCursor;
      more.hidden = !cursor;
      status.textContent = rows.children.length + ' shown' + (cursor ? '; more on the next page.' : '.');
    } catch (e) {
      status.textContent = '';
      status.append(h('span', { class: 'error', text: problemText(e) }));
    }
  };
  more.addEventListener('click', load);
  await load();
}

function bulkPanel(params) {
  const filter = {};
  for (const name of FILTERS) if (params.get(name)) filter[name] = params.get(name);
  const action = h('select', { id: 'bulk-action' }, ['resume', 'retry', 'compensate', 'pause', 'unpause'].map((a) => h('option', { value: a, text: a })));
  const reason = h('input', { id: 'bulk-reason', size: 40, maxlength: 500, placeholder: 'Reason (kept in each saga\'s timeline)' });
  const result = h('div', { id: 'bulk-result' });
  const count = h('button', { type: 'button', id: 'bulk-count', class: 'secondary', text: 'Count matching sagas' });
  const panel = h('details', { class: 'card bulk' }, h('summary', { text: 'Act on every saga this filter matches' }),
    Object.keys(filter).length === 0 ? h('p', { class: 'muted', text: 'Set a filter first.' })
      : h('div', { class: 'row' }, action, reason, count), result);
  count.addEventListener('click', async () => {
    clear(result, h('p', { class: 'muted', text: 'Counting…' }));
    try {
      const dry = await api('POST', '/admin/sagas/bulk/' + action.value, { body: { filter, dryRun: true } });
      const confirm = h('button', { type: 'button', id: 'bulk-confirm', class: 'danger', text: action.value + ' ' + dry.matched + ' sagas' });
      clear(result, h('p', { id: 'bulk-count-text', text: (dry.matchedAtLeast ? 'At least ' : '') + dry.matched + ' sagas match now.' }),
        dry.matched > 0 ? confirm : null);
      confirm.addEventListener('click', async () => {
        if (!reason.value.trim()) {
          clear(result, h('p', { class: 'error', text: 'Give a reason first.' }));
          return;
        }
        try {
          const done = await api('POST', '/admin/sagas/bulk/' + action.value,
            { body: { filter, reason: reason.value.trim(), expectedCount: dry.matched } });
          clear(result, h('p', { id: 'bulk-done', class: 'ok', text: done.applied + ' of ' + done.matched + ' sagas: ' + done.action + ' done; ' + done.skipped + ' left alone.' }),
            h('ul', {}, done.sagas.filter((s) => s.outcome !== 'APPLIED').map((s) => h('li', {},
              h('a', { href: '#/saga/' + s.sagaId, text: s.sagaId }), ' ' + s.outcome))));
        } catch (e) {
          clear(result, h('p', { class: 'error', text: problemText(e) }));
        }
      });
    } catch (e) {
      clear(result, h('p', { class: 'error', text: problemText(e) }));
    }
  });
  return panel;
}

async function start() {
  const session = await loadSession();
  if (!session.authenticated) {
    location.assign('/console/login');
    return;
  }
  document.getElementById('whoami').textContent = session.user + ' (' + session.roles.join(', ') + ')';
  document.getElementById('sign-out').addEventListener('click', signOut);
  window.addEventListener('hashchange', route);
  route();
}

start();
