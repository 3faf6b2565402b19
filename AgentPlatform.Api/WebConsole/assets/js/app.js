// The console's router: #/sessions, #/new, #/sessions/<id>, #/operators, #/signin. Each view renders into <main>
// and returns a cleanup function (streams and timers stop when the user leaves the view).
import { api } from './api.js';
import { auth, completeOidcSignIn } from './auth.js';
import { clear, h } from './dom.js';
import { problemCard } from './views/problem.js';
import { signInView } from './views/signin.js';
import { sessionsView } from './views/sessions.js';
import { newSessionView } from './views/newSession.js';
import { sessionView } from './views/session.js';
import { operatorsView } from './views/operators.js';

const main = document.getElementById('main');
let config = null;
let cleanup = null;

function header() {
  const who = auth.current();
  document.getElementById('who').textContent = who ? `Signed in as ${who.user}${who.admin ? ' (operator)' : ''}` : '';
  document.getElementById('signout').hidden = !who;
  document.querySelector('[data-nav="operators"]').hidden = !who?.admin;
  const route = location.hash.split('/')[1] || 'sessions';
  for (const link of document.querySelectorAll('[data-nav]')) {
    if (link.dataset.nav === route) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

function render() {
  cleanup?.();
  cleanup = null;
  header();
  const [, route = 'sessions', id] = location.hash.split('/');
  if (!auth.current()) {
    cleanup = signInView(main, config);
    return;
  }
  const view = {
    sessions: () => sessionsView(main),
    new: () => newSessionView(main),
    operators: () => operatorsView(main, config),
    sessions_id: () => sessionView(main, decodeURIComponent(id)),
  }[route === 'sessions' && id ? 'sessions_id' : route];
  cleanup = view ? view() : (clear(main, h('h1', {}, 'Not found'), h('p', {}, 'There is no such page.')), null);
  main.focus({ preventScroll: true });
}

async function boot() {
  try {
    config = await api.config();
    await completeOidcSignIn(config);
  } catch (e) {
    clear(main, problemCard(e));
    return;
  }
  document.getElementById('signout').addEventListener('click', () => auth.signOut());
  auth.onChange(render);
  window.addEventListener('hashchange', render);
  render();
}

boot();
