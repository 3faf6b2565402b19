import { h } from '../dom.js';

// An error as the user sees it: the problem details' title and detail (and the fields, for a validation problem).
export function problemCard(error) {
  const fields = error.errors ? Object.entries(error.errors).flatMap(([field, messages]) => [messages].flat().map(m => h('li', {}, `${field}: ${m}`))) : [];
  return h('section', { class: 'card problem', role: 'alert' },
    h('h2', {}, error.title ?? 'Something went wrong'),
    h('p', { class: 'detail' }, error.detail || error.message || ''),
    fields.length ? h('ul', {}, fields) : null,
    error.retryAfter ? h('p', { class: 'retry' }, `Too many requests: retry after ${error.retryAfter} s.`) : null);
}
