// One saga: its state, steps, data and whole timeline; operators act on it with a reason, conditional on the
// version shown (If-Match). When the saga changed meanwhile the page shows the conflict and the fresh saga instead.
// The page follows the saga live (server-sent events from /admin/sagas/<id>/events, one event per change) until
// it is finished; when the stream cannot be had it reads the saga again every few seconds instead.
import { api, currentSession, ApiError } from './api.js';
import { h, clear, time, pretty, badge, pausedBadge, problemText } from './dom.js';

const ACTIONS = {
  retry: 'Send the command in flight again, same request id, fresh retry budget.',
  compensate: 'Give up going forward: compensate the steps done and the one in flight; the saga ends compensated.',
  resume: 'Leave NEEDS_ATTENTION and wait again for the command in flight, with a fresh retry budget.',
  pause: 'Hold the saga where it is: nothing is sent and no deadline fires; replies are kept until it is unpaused.',
  unpause: 'Go on: the replies kept while paused are applied, oldest first, and the deadline gets the time that was left.'
};
const UNFINISHED = ['RUNNING', 'COMPENSATING', 'NEEDS_ATTENTION'];
const FAILURE_EVENTS = ['STEP_FAILED', 'STEP_TIMED_OUT', 'COMPENSATION_FAILED', 'PARK'];
const FAILURE_KINDS = ['REPLY_FAILED', 'DEADLINE_PASSED', 'REPLY_UNMATCHED'];

const FINISHED = ['COMPLETED', 'COMPENSATED'];
const REFRESH_MS = 5000;
const STREAM_ERRORS_BEFORE_FALLBACK = 3;
// The saga page shown now: its saga, the version drawn, and how it is kept fresh (mode: stream, refresh, finished).
let page = null;

// Shows the saga and keeps it fresh until another page is shown (stopFollowing).
export async function followSaga(view, sagaId) {
  stopFollowing();
  const current = { sagaId, version: -1, notice: null, mode: 'loading', stream: null, timer: null };
  page = current;
  const saga = await renderSaga(view, sagaId);
  if (page !== current || !saga) return;
  if (FINISHED.includes(saga.status)) {
    setMode(current, 'finished');
    return;
  }
  listen(view, current);
}

export function stopFollowing() {
  if (!page) return;
  if (page.stream) page.stream.close();
  if (page.timer) clearInterval(page.timer);
  page = null;
}

function listen(view, current) {
  const stream = new EventSource('/admin/sagas/' + encodeURIComponent(current.sagaId) + '/events');
  current.stream = stream;
  let errors = 0;
  stream.onopen = () => {
    errors = 0;
    setMode(current, 'stream');
  };
  stream.onmessage = (event) => {
    if (page !== current) return;
    errors = 0;
    const saga = JSON.parse(event.data);
    if (saga.version > current.version) draw(view, saga, current.notice);
    if (FINISHED.includes(saga.status)) {
      stream.close();
      setMode(current, 'finished');
    }
  };
  // the browser reconnects by itself after a dropped stream; a refused one (404, 503, signed out) stays closed
  stream.onerror = () => {
    if (page !== current || current.mode === 'finished') return;
    errors += 1;
    if (stream.readyState === EventSource.CLOSED || errors >= STREAM_ERRORS_BEFORE_FALLBACK) {
      stream.close();
      current.stream = null;
      refreshEvery(view, current);
    }
  };
}

function refreshEvery(view, current) {
  setMode(current, 'refresh');
  current.timer = setInterval(async () => {
    if (page !== current) return;
    try {
      const saga = await api('GET', '/admin/sagas/' + encodeURIComponent(current.sagaId));
      if (page !== current) return;
      if (saga.version > current.version) draw(view, saga, current.notice);
      if (FINISHED.includes(saga.status)) {
        clearInterval(current.timer);
        setMode(current, 'finished');
      }
    } catch (e) {
      // the next round tries again; the page keeps what it shows
    }
  }, REFRESH_MS);
}

function setMode(current, mode) {
  current.mode = mode;
  const shown = document.getElementById('saga-live');
  if (shown && page === current) {
    shown.dataset.mode = mode;
    shown.textContent = liveText(mode);
  }
}

function liveText(mode) {
  switch (mode) {
    case 'stream': return 'Live: changes show as they happen.';
    case 'refresh': return 'Read again every ' + (REFRESH_MS / 1000) + ' s (the live stream is unavailable).';
    case 'finished': return 'Finished: nothing changes any more.';
    default: return '';
  }
}

// Reads the saga and draws it; answers the saga, or null when it could not be read.
export async function renderSaga(view, sagaId, notice) {
  let saga;
  try {
    saga = await api('GET', '/admin/sagas/' + encodeURIComponent(sagaId));
  } catch (e) {
    clear(view, h('h1', { text: 'Saga' }), h('p', { class: 'error', text: problemText(e) }));
    return null;
  }
  draw(view, saga, notice);
  return saga;
}

function draw(view, saga, notice) {
  const current = page && page.sagaId === saga.sagaId ? page : null;
  if (current) {
    current.version = saga.version;
    current.notice = notice || null;
  }
  const mode = current ? current.mode : 'loading';
  clear(view,
    h('h1', {}, 'Saga ', h('span', { class: 'mono', text: saga.sagaId })),
    h('p', { id: 'saga-live', class: 'muted live', 'data-mode': mode, text: liveText(mode) }),
    notice || null,
    summary(saga),
    currentSession().mayAct ? actions(view, saga) : null,
    h('div', { class: 'grid two' },
      h('section', { class: 'card' }, h('h2', { text: 'Steps' }), steps(saga)),
      h('section', { class: 'card' }, h('h2', { text: 'Data' }), h('pre', { id: 'saga-data', class: 'json', text: pretty(saga.data) }))),
    h('section', { class: 'card' }, h('h2', { text: 'Timeline' }), timeline(saga)));
}

function summary(saga) {
  const row = (label, value, id) => h('div', {}, h('dt', { text: label }), h('dd', { id }, value));
  return h('dl', { class: 'summary card' },
    row('Status', [badge(saga.status), saga.pausedAt ? h('span', { id: 'saga-paused' }, pausedBadge(saga.pausedAt)) : null], 'saga-status'),
    saga.pausedAt ? row('Paused since', time(saga.pausedAt), 'saga-paused-at') : null,
    row('State', saga.parkedState ? saga.state + ' (parked in ' + saga.parkedState + ')' : saga.state, 'saga-state'),
    row('Type', saga.type),
    row('Definition version', saga.definedHere ? String(saga.definitionVersion)
      : saga.definitionVersion + ' (not defined by this instance\'s build)', 'saga-definition-version'),
    row('Version', String(saga.version), 'saga-version'),
    row('Deadline', time(saga.deadlineAt)),
    row('Started', time(saga.startedAt)),
    row('Last progress', time(saga.progressedAt)),
    saga.outcome ? row('Outcome', saga.outcome) : null,
    saga.lastError ? row('Last error', h('span', { class: 'error', text: saga.lastError })) : null);
}

// Paused: only unpause applies. Otherwise every action but unpause, pause only while unfinished.
function offered(saga) {
  if (saga.pausedAt) return ['unpause'];
  return Object.keys(ACTIONS).filter((a) => a !== 'unpause' && (a !== 'pause' || UNFINISHED.includes(saga.status)));
}

function actions(view, saga) {
  return h('div', { id: 'saga-actions', class: 'actions' },
    offered(saga).map((action) => h('button', {
      type: 'button', 'data-action': action, class: action === 'compensate' ? 'danger' : '',
      text: action[0].toUpperCase() + action.substring(1), title: ACTIONS[action],
      onclick: () => ask(view, saga, action)
    })));
}

function ask(view, saga, action) {
  const dialog = document.getElementById('action-dialog');
  const form = document.getElementById('action-form');
  const reason = document.getElementById('action-reason');
  document.getElementById('action-title').textContent = action[0].toUpperCase() + action.substring(1) + ' saga at version ' + saga.version;
  document.getElementById('action-detail').textContent = ACTIONS[action];
  reason.value = '';
  const cancel = document.getElementById('action-cancel');
  const close = () => {
    form.removeEventListener('submit', submit);
    cancel.removeEventListener('click', abort);
    dialog.close();
  };
  const abort = () => close();
  const submit = async (event) => {
    event.preventDefault();
    if (!reason.value.trim()) return;
    const why = reason.value.trim();
    close();
    try {
      await api('POST', '/admin/sagas/' + saga.sagaId + '/' + action, { body: { reason: why }, ifMatch: saga.version });
      await renderSaga(view, saga.sagaId, h('p', { id: 'saga-notice', class: 'notice ok', text: action + ' done.' }));
    } catch (e) {
      const conflict = e instanceof ApiError && (e.status === 412 || e.status === 409);
      const text = conflict
        ? (e.status === 412 ? 'Not done: the saga changed since you loaded it (you saw version ' + saga.version
          + '). This is its fresh state; check it before acting again. ' : 'Not done: ') + problemText(e)
        : 'Not done: ' + problemText(e);
      await renderSaga(view, saga.sagaId, h('p', { id: 'saga-conflict', class: 'notice error', text }));
    }
  };
  form.addEventListener('submit', submit);
  cancel.addEventListener('click', abort);
  dialog.showModal();
  reason.focus();
}

function steps(saga) {
  return h('table', { id: 'saga-steps' },
    h('thead', {}, h('tr', {}, ['Step', 'Status', 'Attempts', 'Forward', 'Compensation', 'Detail'].map((t) => h('th', { text: t })))),
    h('tbody', {}, saga.steps.map((s) => h('tr', { 'data-step': s.name },
      h('td', { text: s.name }), h('td', {}, badge(s.status)),
      h('td', { class: 'num', text: String(s.attempts) }),
      h('td', { class: 'num', text: String(s.forwardAttempts) }),
      h('td', { class: 'num', text: String(s.compensationAttempts) }),
      h('td', { class: 'reason', text: s.detail || '' })))),
    saga.deadlineAt ? h('caption', { text: 'The command in flight is re-sent or given up at ' + time(saga.deadlineAt) + '.' }) : null);
}

function timeline(saga) {
  let state = null;
  const items = saga.timeline.map((e) => {
    const compensating = (state || '').endsWith('.compensating');
    if (e.kind === 'TRANSITION') state = e.to;
    const failure = FAILURE_KINDS.includes(e.kind) || (e.kind === 'TRANSITION'
      && (FAILURE_EVENTS.includes(e.event) || e.to === 'NEEDS_ATTENTION'));
    const compensation = (e.kind === 'TRANSITION' && ((e.to || '').endsWith('.compensating') || e.to === 'COMPENSATED'))
      || ((e.kind === 'COMMAND_SENT' || e.kind === 'REPLY_RECEIVED') && compensating);
    const classes = ['entry', 'kind-' + e.kind.toLowerCase().replace(/_/g, '-')];
    if (failure) classes.push('failure');
    if (compensation) classes.push('compensation');
    if (e.kind === 'OPERATOR_ACTION') classes.push('operator');
    if (e.kind === 'REPLY_IGNORED') classes.push('ignored');
    return h('li', { class: classes.join(' '), 'data-kind': e.kind },
      h('div', { class: 'when', text: time(e.at) }),
      h('div', { class: 'what' },
        h('strong', { text: label(e) }),
        failure ? h('span', { class: 'tag failure', text: 'failure' }) : null,
        compensation ? h('span', { class: 'tag compensation', text: 'compensation' }) : null,
        e.step ? h('span', { class: 'muted', text: ' step ' + e.step }) : null),
      e.kind === 'TRANSITION' ? h('div', { class: 'mono', text: (e.from || '∅') + ' → ' + e.to + (e.event ? '  (' + e.event + ')' : '') }) : null,
      e.actor ? h('div', { class: 'entry-actor' }, 'by ', h('strong', { text: e.actor }), e.event ? ' (' + e.event + ')' : '') : null,
      e.reason ? h('div', { class: 'entry-reason', text: (e.actor ? 'why: ' : '') + e.reason }) : null,
      e.messageId ? h('div', { class: 'muted mono', text: 'message ' + e.messageId + (e.causationId ? ' in reply to ' + e.causationId : '') }) : null,
      e.payload !== undefined && e.payload !== null ? h('details', {}, h('summary', { text: 'payload' }),
        h('pre', { class: 'json', text: pretty(e.payload) })) : null);
  });
  return h('ol', { id: 'timeline', class: 'timeline' }, items);
}

function label(e) {
  switch (e.kind) {
    case 'TRANSITION': return 'Transition';
    case 'COMMAND_SENT': return 'Sent ' + (e.messageType || 'command');
    case 'REPLY_RECEIVED': return 'Received ' + (e.messageType || 'reply');
    case 'REPLY_IGNORED': return 'Ignored ' + (e.messageType || 'reply');
    case 'REPLY_UNMATCHED': return 'Unmatched ' + (e.messageType || 'reply');
    case 'REPLY_HELD': return 'Held ' + (e.messageType || 'reply');
    case 'REPLY_FAILED': return 'Could not handle ' + (e.messageType || 'reply');
    case 'DEADLINE_PASSED': return 'Deadline passed';
    case 'OPERATOR_ACTION': return 'Operator action';
    default: return e.kind;
  }
}
