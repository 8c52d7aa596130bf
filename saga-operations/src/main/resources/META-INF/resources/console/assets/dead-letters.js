// Dead letters: every dead-letter topic with its depth; one topic's records with reason, headers and payload;
// operators re-drive one record or every record a filter matches.
import { api, currentSession } from './api.js';
import { h, clear, time, badge, problemText } from './dom.js';

export async function renderDeadLetters(view) {
  clear(view, h('h1', { text: 'Dead letters' }), h('p', { class: 'muted', text: 'Loading…' }));
  try {
    const d = await api('GET', '/admin/dead-letters');
    clear(view, h('h1', { text: 'Dead letters' }), h('table', { id: 'dlt-topics' },
      h('thead', {}, h('tr', {}, ['Topic', 'Original topic', 'Never re-driven', 'Held'].map((t) => h('th', { text: t })))),
      h('tbody', {}, d.topics.map((t) => h('tr', { class: t.depth > 0 ? 'warn' : '' },
        h('td', {}, h('a', { href: '#/dead-letters/' + encodeURIComponent(t.topic), text: t.topic })),
        h('td', { text: t.originalTopic }),
        h('td', { class: 'num', text: String(t.depth) }),
        h('td', { class: 'num', text: String(t.total) }))))));
  } catch (e) {
    clear(view, h('h1', { text: 'Dead letters' }), h('p', { class: 'error', text: problemText(e) }));
  }
}

const CRITERIA = ['messageType', 'sagaId', 'reasonContains'];

export async function renderDeadLetterTopic(view, topic, params) {
  const form = h('form', { class: 'filters', id: 'dlt-filter' },
    CRITERIA.map((name) => h('label', {}, name, h('input', { name, value: params.get(name) || '' }))),
    h('label', {}, 'only never re-driven', h('input', { type: 'checkbox', name: 'notRedriven', checked: params.get('notRedriven') === 'true' })),
    h('button', { type: 'submit', text: 'Filter' }));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const q = new URLSearchParams();
    for (const name of CRITERIA) if (form.elements[name].value.trim()) q.set(name, form.elements[name].value.trim());
    if (form.elements.notRedriven.checked) q.set('notRedriven', 'true');
    location.hash = '#/dead-letters/' + encodeURIComponent(topic) + '?' + q.toString();
  });
  const list = h('div', { id: 'dlt-records' }, h('p', { class: 'muted', text: 'Reading the topic…' }));
  const more = h('button', { type: 'button', class: 'secondary', hidden: true, text: 'Load more' });
  clear(view, h('h1', {}, 'Dead letters of ', h('span', { class: 'mono', text: topic })), form,
    currentSession().mayAct ? bulkRedrive(view, topic, params) : null, list, more);
  let cursor = null;
  let first = true;
  const load = async () => {
    const q = new URLSearchParams(params);
    q.set('limit', '20');
    if (cursor) q.set('cursor', cursor);
    try {
      const page = await api('GET', '/admin/dead-letters/' + encodeURIComponent(topic) + '?' + q.toString());
      if (first) list.replaceChildren();
      first = false;
      page.items.forEach((item) => list.append(record(view, topic, params, item)));
      if (list.children.length === 0) list.append(h('p', { class: 'ok', text: 'No record matches.' }));
      cursor = page.nextCursor;
      more.hidden = !cursor;
    } catch (e) {
      clear(list, h('p', { class: 'error', text: problemText(e) }));
    }
  };
  more.addEventListener('click', load);
  await load();
}

function record(view, topic, params, item) {
  const result = h('p', {});
  const redriveButton = currentSession().mayAct ? h('button', {
    type: 'button', class: item.redriven ? 'secondary' : '', text: item.redriven ? 'Re-drive again' : 'Re-drive',
    onclick: async () => {
      const reason = prompt('Reason for the re-drive (recorded with your name)');
      if (!reason || !reason.trim()) return;
      try {
        const r = await api('POST', '/admin/dead-letters/' + encodeURIComponent(topic) + '/' + item.partition + '/' + item.offset + '/redrive',
          { body: { reason: reason.trim(), force: item.redriven } });
        clear(result, h('span', { class: 'ok', text: 'Re-driven to ' + r.targetTopic + ': ' + r.status }));
      } catch (e) {
        clear(result, h('span', { class: 'error', text: problemText(e) }));
      }
    }
  }) : null;
  return h('article', { class: 'card dead-letter' },
    h('h3', {}, h('span', { class: 'mono', text: item.partition + '/' + item.offset }), ' ',
      item.messageType || 'unknown type', ' ', item.redriven ? badge('REDRIVEN') : null),
    h('p', { class: 'error', text: item.reason || 'no reason header' }),
    h('dl', { class: 'summary' },
      h('div', {}, h('dt', { text: 'When' }), h('dd', { text: time(item.timestamp) })),
      h('div', {}, h('dt', { text: 'From' }), h('dd', { text: item.originalTopic || '—' })),
      h('div', {}, h('dt', { text: 'Saga' }), h('dd', {}, item.sagaId ? h('a', { href: '#/saga/' + item.sagaId, text: item.sagaId }) : '—')),
      h('div', {}, h('dt', { text: 'Message' }), h('dd', { class: 'mono', text: item.messageId || '—' }))),
    h('details', {}, h('summary', { text: item.headers.length + ' headers' }),
      h('table', {}, h('tbody', {}, item.headers.map((hd) => h('tr', {}, h('td', { class: 'mono', text: hd.name }), h('td', {}, h('pre', { text: hd.value || '' }))))))),
    h('details', {}, h('summary', { text: 'payload (' + item.payloadBytes + ' bytes' + (item.payloadTruncated ? ', shortened' : '') + ')' }),
      h('pre', { class: 'json', text: item.payload || '' })),
    item.redrives.length ? h('ul', {}, item.redrives.map((r) => h('li', { text: time(r.requestedAt) + ' by ' + r.actor + ': ' + r.reason + ' (' + r.status + ')' }))) : null,
    redriveButton, result);
}

function bulkRedrive(view, topic, params) {
  const reason = h('input', { size: 40, maxlength: 500, placeholder: 'Reason (recorded for every record)' });
  const result = h('p', {});
  const button = h('button', {
    type: 'button', text: 'Re-drive every record never re-driven that matches the filter',
    onclick: async () => {
      if (!reason.value.trim()) {
        clear(result, h('span', { class: 'error', text: 'Give a reason first.' }));
        return;
      }
      const body = { reason: reason.value.trim(), max: 100 };
      for (const name of CRITERIA) if (params.get(name)) body[name] = params.get(name);
      try {
        const r = await api('POST', '/admin/dead-letters/' + encodeURIComponent(topic) + '/redrive', { body });
        clear(result, h('span', { class: 'ok', text: r.redriven + ' re-driven, ' + r.skipped + ' skipped.' }));
      } catch (e) {
        clear(result, h('span', { class: 'error', text: problemText(e) }));
      }
    }
  });
  return h('details', { class: 'card bulk' }, h('summary', { text: 'Re-drive a filtered set' }),
    h('div', { class: 'row' }, reason, button), result);
}
