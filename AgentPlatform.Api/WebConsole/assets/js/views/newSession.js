import { api } from '../api.js';
import { clear, h } from '../dom.js';
import { problemCard } from './problem.js';

// One Idempotency-Key per form submission: a double click or a retry of the same submission makes one session;
// a new key is drawn only once a submission has been answered.
export function newSessionView(main) {
  let key = crypto.randomUUID();
  const errors = h('div');
  const tools = h('p', { class: 'small muted', id: 'profile-tools' });
  const taskType = h('select', { id: 'taskType', name: 'taskType', 'aria-describedby': 'profile-tools' }, h('option', {}, 'loading…'));
  const prompt = h('textarea', { id: 'prompt', name: 'prompt', required: true, maxlength: 32000, rows: 6 });
  const budget = h('input', { id: 'tokenBudget', name: 'tokenBudget', type: 'number', min: 500, max: 2000000, placeholder: 'default (4000)' });
  const maxSteps = h('input', { id: 'maxSteps', name: 'maxSteps', type: 'number', min: 1, max: 200, placeholder: 'profile default' });
  const submit = h('button', { type: 'submit' }, 'Create session');
  let profiles = [];

  const describe = () => {
    const p = profiles.find(x => x.taskType === taskType.value);
    tools.textContent = p ? `Model ${p.model}; ${p.planning ? 'plans first; ' : ''}up to ${p.maxSteps} steps; tools: ${p.tools.join(', ') || 'none'}` : '';
  };
  taskType.addEventListener('change', describe);

  const form = h('form', {
    class: 'card', onsubmit: async e => {
      e.preventDefault();
      if (submit.disabled) return;
      submit.disabled = true;
      clear(errors);
      const body = { prompt: prompt.value, taskType: taskType.value };
      if (budget.value) body.tokenBudget = Number(budget.value);
      if (maxSteps.value) body.maxSteps = Number(maxSteps.value);
      try {
        const session = await api.createSession(body, key);
        key = crypto.randomUUID();
        location.hash = `#/sessions/${session.id}`;
      } catch (err) {
        clear(errors, problemCard(err));
        // A validation problem means this submission is done with; a network failure keeps the key for the retry.
        if (err.status >= 400 && err.status < 500) key = crypto.randomUUID();
      } finally {
        submit.disabled = false;
      }
    },
  },
  h('label', { for: 'prompt' }, 'Prompt'), prompt,
  h('label', { for: 'taskType' }, 'Task type'), taskType, tools,
  h('div', { class: 'row' },
    h('div', {}, h('label', { for: 'tokenBudget' }, 'Token budget'), budget),
    h('div', {}, h('label', { for: 'maxSteps' }, 'Max steps'), maxSteps)),
  h('p', {}, submit));

  clear(main, h('h1', {}, 'New session'), errors, form);
  api.agents().then(list => {
    profiles = list;
    clear(taskType, list.map(p => h('option', { value: p.taskType }, p.taskType.replaceAll('_', ' '))));
    taskType.value = 'general';
    describe();
  }).catch(e => clear(errors, problemCard(e)));
  prompt.focus();
  return null;
}
