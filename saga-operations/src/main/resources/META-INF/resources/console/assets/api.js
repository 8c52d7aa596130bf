// The admin API as the console calls it: the session cookie signs the request in; state changes carry the CSRF token.
const CONSOLE = { 'X-Requested-With': 'saga-console', Accept: 'application/json' };
let session = null;

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || ('HTTP ' + status));
    this.status = status;
    this.problem = problem || {};
  }
}

export async function loadSession() {
  const response = await fetch('/console/session', { headers: CONSOLE, credentials: 'same-origin', cache: 'no-store' });
  session = await response.json();
  return session;
}

export function currentSession() {
  return session;
}

export async function api(method, path, options = {}) {
  const headers = { ...CONSOLE };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.ifMatch !== undefined) headers['If-Match'] = '"' + options.ifMatch + '"';
  if (method !== 'GET' && session) headers[session.csrfHeader] = session.csrfToken;
  const response = await fetch(path, {
    method, headers, credentials: 'same-origin', cache: 'no-store',
    body: options.body === undefined ? undefined : JSON.stringify(options.body)
  });
  if (response.status === 401) {
    location.assign('/console/login');
    throw new ApiError(401, { detail: 'Signed out' });
  }
  const text = await response.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch (e) {
    body = { detail: text };
  }
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

export async function signOut() {
  await api('POST', '/console/logout');
  location.assign('/console/login');
}
