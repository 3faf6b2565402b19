import { api } from '../api.js';
import { auth, startOidcSignIn } from '../auth.js';
import { clear, h } from '../dom.js';
import { problemCard } from './problem.js';

export function signInView(main, config) {
  const errors = h('div');
  const expired = auth.takeExpiredNotice();
  const dev = config.signIn === 'development';
  const devButton = admin => h('button', {
    type: 'button', class: admin ? 'secondary' : '', onclick: async event => {
      event.target.disabled = true;
      try {
        auth.set((await api.devToken(admin)).accessToken);
      } catch (e) {
        clear(errors, problemCard(e));
        event.target.disabled = false;
      }
    },
  }, admin ? 'Sign in as operator (dev, admin)' : 'Sign in as dev');

  clear(main,
    h('h1', {}, 'Sign in'),
    expired ? h('p', { class: 'card', role: 'status' }, 'Your sign-in expired or was refused: sign in again.') : null,
    h('section', { class: 'card' },
      dev
        ? [h('p', {}, 'Development: a short-lived token for user ', h('code', {}, 'dev'), ' from this machine\'s Api.'),
          h('div', { class: 'row' }, devButton(false), devButton(true))]
        : [h('p', {}, 'Sign in with your organisation\'s identity provider.'),
          h('button', {
            type: 'button', onclick: () => startOidcSignIn(config).catch(e => clear(errors, problemCard({ title: 'Sign-in failed', detail: e.message }))),
          }, 'Sign in')]),
    errors);
  return null;
}
