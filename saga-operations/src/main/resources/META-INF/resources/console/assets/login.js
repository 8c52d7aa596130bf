// Signs in once: the server keeps a session (HttpOnly cookie); the login POST carries the CSRF token it handed out.
const form = document.getElementById('login-form');
const error = document.getElementById('login-error');

async function csrf() {
  const response = await fetch('/console/session', {
    headers: { 'X-Requested-With': 'saga-console', Accept: 'application/json' },
    credentials: 'same-origin', cache: 'no-store'
  });
  return response.json();
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  error.hidden = true;
  const session = await csrf();
  const body = new URLSearchParams({
    username: form.elements.username.value,
    password: form.elements.password.value
  });
  const response = await fetch('/console/login', {
    method: 'POST', body, credentials: 'same-origin',
    headers: { 'X-Requested-With': 'saga-console', [session.csrfHeader]: session.csrfToken }
  });
  if (response.status === 204) {
    location.assign('/console/');
  } else {
    error.textContent = response.status === 401 ? 'Wrong user name or password.' : 'Sign-in failed (' + response.status + ').';
    error.hidden = false;
  }
});
