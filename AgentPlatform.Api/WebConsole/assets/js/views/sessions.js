import { api } from '../api.js';
import { clear, h, status, time } from '../dom.js';
import { active, statuses, taskTypes } from './labels.js';
import { problemCard } from './problem.js';

// The caller's sessions, newest first, filtered by status and task type, paged by the API's cursor. It polls the
// list (every 2 s while a listed run is active, else every 10 s) instead of holding one stream per session:
// a browser has only six connections per origin over HTTP/1.1.
export function sessionsView(main) {
  const filters = { status: '', taskType: '' };
  const cursors = [null];
  let timer = null;
  let controller = null;
  const body = h('div', { class: 'loading' }, 'Loading sessions…');
  const pager = h('div', { class: 'pager' });
  const select = (name, values) => h('select', {
    id: `filter-${name}`, onchange: e => { filters[name] = e.target.value; cursors.splice(1); load(); },
  }, h('option', { value: '' }, 'any'), values.map(v => h('option', { value: v }, v.replaceAll('_', ' '))));

  clear(main,
    h('div', { class: 'row' }, h('h1', {}, 'Sessions'), h('a', { class: 'button', href: '#/new' }, 'New session')),
    h('form', { class: 'row card', 'aria-label': 'Filters', onsubmit: e => e.preventDefault() },
      h('div', {}, h('label', { for: 'filter-status' }, 'Status'), select('status', statuses)),
      h('div', {}, h('label', { for: 'filter-taskType' }, 'Task type'), select('taskType', taskTypes))),
    body, pager);

  async function load() {
    clearTimeout(timer);
    controller?.abort();
    controller = new AbortController();
    const cursor = cursors.at(-1);
    try {
      const page = await api.listSessions({ ...filters, cursor, limit: 20 }, controller.signal);
      show(page);
      timer = setTimeout(load, page.items.some(s => active(s.status)) ? 2000 : 10000);
    } catch (e) {
      if (e.name === 'AbortError') return;
      clear(body, problemCard(e));
      body.className = '';
    }
  }

  function show(page) {
    body.className = '';
    if (page.items.length === 0) {
      clear(body, h('p', { class: 'empty' }, cursors.length > 1 ? 'No more sessions.' : 'No sessions yet. Create one with New session.'));
    } else {
      clear(body, h('table', { class: 'sessions' },
        h('thead', {}, h('tr', {}, ['Session', 'Status', 'Task type', 'Created', 'Tokens of budget'].map(t => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, page.items.map(s => h('tr', { dataset: { id: s.id } },
          h('td', {}, h('a', { href: `#/sessions/${s.id}` }, s.prompt.length > 70 ? s.prompt.slice(0, 70) + '…' : s.prompt)),
          h('td', {}, status(s.status)),
          h('td', {}, s.taskType.replaceAll('_', ' ')),
          h('td', { class: 'small' }, time(s.createdAt)),
          h('td', { class: 'small' }, `${s.tokensUsed.toLocaleString()} / ${s.tokenBudget.toLocaleString()}`))))));
    }
    clear(pager,
      cursors.length > 1 ? h('button', { type: 'button', class: 'secondary', onclick: () => { cursors.pop(); load(); } }, 'Previous page') : null,
      page.nextCursor ? h('button', { type: 'button', class: 'secondary', onclick: () => { cursors.push(page.nextCursor); load(); } }, 'Next page') : null);
  }

  load();
  return () => { clearTimeout(timer); controller?.abort(); };
}
