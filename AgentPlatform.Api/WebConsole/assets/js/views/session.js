import { api } from '../api.js';
import { clear, h, json, status, toast } from '../dom.js';
import { SessionStream } from '../stream.js';
import { active } from './labels.js';
import { problemCard } from './problem.js';
import { Timeline } from './timeline.js';

// One session, live from seq 0: the timeline, the plan, the token bar with its compactions, the actions.
export function sessionView(main, id) {
  let session = null;
  let stream = null;
  let question = null;
  let refreshTimer = null;
  const timeline = new Timeline();
  const conn = h('span', { class: 'conn connecting', id: 'connection', role: 'status', 'aria-live': 'polite' }, 'connecting');
  const badge = h('span');
  const title = h('h1', { class: 'prompt' });
  const sub = h('p', { class: 'small muted' });
  const stop = h('button', { type: 'button', class: 'danger', id: 'stop', onclick: () => act(() => api.stop(id), 'Stop requested.') }, 'Stop');
  const plan = h('ol', { class: 'plan', id: 'plan' });
  const fill = h('div', { class: 'fill' });
  const bar = h('div', { class: 'bar', id: 'token-bar', role: 'meter', 'aria-label': 'Tokens used of the budget', 'aria-valuemin': 0 }, fill);
  const tokens = h('p', { class: 'small', id: 'tokens' });
  const pending = h('div', { id: 'pending' });
  const errors = h('div', { id: 'errors' });
  const log = h('ol', { class: 'small', id: 'event-log' });
  const logCount = h('span');
  const usage = { sessionTokens: 0, tokenBudget: 0 };

  clear(main, h('div', { class: 'loading' }, 'Loading session…'));

  async function act(call, done) {
    clear(errors);
    try {
      const s = await call();
      if (s?.id) show(s);
      if (done) toast(done);
    } catch (e) {
      clear(errors, problemCard(e));
    }
  }

  function layout() {
    const prompt = h('textarea', { id: 'follow-up', rows: 3, 'aria-label': 'Follow-up prompt' });
    const strategy = h('select', { id: 'strategy', 'aria-label': 'If a run is active' },
      h('option', { value: 'reject' }, 'reject while busy'), h('option', { value: 'enqueue' }, 'queue after the current run'), h('option', { value: 'interrupt' }, 'interrupt the current run'));
    clear(main,
      h('p', {}, h('a', { href: '#/sessions' }, '← Sessions')),
      h('div', { class: 'row' }, title),
      h('div', { class: 'row' }, badge, conn, stop), sub, errors,
      h('div', { class: 'grid' },
        h('section', { 'aria-label': 'Timeline' }, timeline.list,
          h('details', { class: 'card' }, h('summary', {}, 'Every event (', logCount, ')'), log)),
        h('aside', {},
          pending,
          h('section', { class: 'card' }, h('h2', {}, 'Tokens'), bar, tokens),
          h('section', { class: 'card' }, h('h2', {}, 'Plan'), plan),
          h('form', {
            class: 'card', onsubmit: e => {
              e.preventDefault();
              if (!prompt.value.trim()) return;
              act(() => api.sendMessage(id, prompt.value, strategy.value), 'Follow-up sent.').then(() => { if (!errors.children.length) prompt.value = ''; });
            },
          }, h('h2', {}, 'Follow-up'), prompt, h('div', { class: 'row' }, strategy, h('button', { type: 'submit' }, 'Send'))))));
  }

  function show(s) {
    session = s;
    clear(badge, status(s.status));
    badge.id = 'session-status';
    badge.dataset.status = s.status;
    title.textContent = s.prompt.length > 140 ? s.prompt.slice(0, 140) + '…' : s.prompt;
    sub.textContent = `${s.taskType.replaceAll('_', ' ')} · ${s.model} · ${s.compactions} compactions · ${s.tokensSaved.toLocaleString()} tokens saved`;
    stop.disabled = !active(s.status);
    if (!usage.tokenBudget) Object.assign(usage, { sessionTokens: s.tokensUsed, tokenBudget: s.tokenBudget });
    drawBar();
    if (s.plan?.steps?.length) drawPlan(s.plan.steps);
    drawPending();
  }

  function drawBar() {
    const share = usage.tokenBudget ? usage.sessionTokens / usage.tokenBudget : 0;
    fill.style.width = `${Math.min(share, 1) * 100}%`;
    fill.classList.toggle('over', share > 1);
    bar.setAttribute('aria-valuemax', usage.tokenBudget);
    bar.setAttribute('aria-valuenow', usage.sessionTokens);
    tokens.textContent = `${usage.sessionTokens.toLocaleString()} of ${usage.tokenBudget.toLocaleString()} tokens`;
  }

  function drawPlan(steps) {
    clear(plan, steps.map((s, i) => h('li', { dataset: { index: s.index ?? i, status: s.status ?? 'not_started' } }, s.title, ' ', status(s.status ?? 'not_started'))));
  }

  function drawPending() {
    const p = session?.pendingInput ?? (session?.status === 'waiting_for_input' && question ? { kind: 'question', question } : null);
    if (!p) { clear(pending); return; }
    if (p.kind === 'question') {
      const answer = h('textarea', { id: 'answer', rows: 3, 'aria-label': 'Your answer' });
      clear(pending, h('form', {
        class: 'card', onsubmit: e => { e.preventDefault(); act(() => api.sendMessage(id, answer.value), 'Answer sent.'); },
      }, h('h2', {}, 'The agent asks'), h('p', { class: 'message' }, p.question), answer, h('button', { type: 'submit' }, 'Answer')));
    } else if (p.kind === 'approval') {
      const args = h('textarea', { id: 'approval-arguments', rows: 5, 'aria-label': 'Arguments' }, json(p.arguments));
      const reason = h('input', { id: 'approval-reason', 'aria-label': 'Reason (optional)', placeholder: 'reason (optional)' });
      const decide = (decision, edited) => {
        let body = { decision, reason: reason.value || undefined };
        if (edited) {
          try { body.arguments = JSON.parse(args.value); } catch { clear(errors, problemCard({ title: 'The arguments are not JSON', detail: 'Fix them or approve as they are.' })); return; }
        }
        act(() => api.decide(id, p.callId, body), decision === 'deny' ? 'Denied.' : 'Approved.');
      };
      clear(pending, h('section', { class: 'card', id: 'approval' }, h('h2', {}, 'Approve this tool call?'),
        h('p', {}, h('code', {}, p.tool)), args, reason,
        h('div', { class: 'row' },
          h('button', { type: 'button', onclick: () => decide('approve', false) }, 'Approve'),
          h('button', { type: 'button', class: 'secondary', onclick: () => decide('approve', true) }, 'Approve with edits'),
          h('button', { type: 'button', class: 'danger', onclick: () => decide('deny', false) }, 'Deny'))));
    } else if (p.kind === 'plan') {
      const inputs = (session.plan?.steps ?? []).map(s => h('input', { value: s.title, 'aria-label': `Step ${s.index}` }));
      const list = h('ol', {}, inputs.map(i => h('li', {}, i)));
      clear(pending, h('section', { class: 'card', id: 'plan-review' }, h('h2', {}, 'Review the plan'), list,
        h('div', { class: 'row' },
          h('button', { type: 'button', class: 'secondary', onclick: () => { const i = h('input', { 'aria-label': 'New step' }); inputs.push(i); list.append(h('li', {}, i)); i.focus(); } }, 'Add step'),
          h('button', {
            type: 'button', onclick: () => act(() => api.reviewPlan(id, inputs.map(i => i.value.trim()).filter(Boolean).map(title => ({ title }))), 'Plan approved.'),
          }, 'Approve plan'))));
    }
  }

  function refreshSoon() {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => api.getSession(id).then(show).catch(e => clear(errors, problemCard(e))), 150);
  }

  function onEvent(evt) {
    if (evt.seq) {
      log.append(h('li', { dataset: { seq: evt.seq } }, `#${evt.seq} ${evt.type}`));
      logCount.textContent = String(log.children.length);
    }
    timeline.add(evt);
    const d = evt.data ?? {};
    switch (evt.type) {
      case 'token.usage':
        Object.assign(usage, { sessionTokens: d.sessionTokens, tokenBudget: d.tokenBudget });
        drawBar();
        break;
      case 'memory.compacted': {
        const at = usage.tokenBudget ? Math.min(usage.sessionTokens / usage.tokenBudget, 1) : 0;
        const mark = h('span', { class: 'mark', title: `Compaction: ${d.tokensBefore} → ${d.tokensAfter} tokens (${d.strategy})` });
        mark.style.left = `${at * 100}%`;
        bar.append(mark);
        break;
      }
      case 'plan.created':
      case 'plan.updated':
        drawPlan(d.steps.map((s, i) => (typeof s === 'string' ? { index: i, title: s } : { index: s.index ?? i, ...s })));
        break;
      case 'plan.step_updated': {
        const li = plan.querySelector(`[data-index="${d.index}"]`);
        if (li) { li.dataset.status = d.status; li.lastChild.replaceWith(status(d.status)); }
        break;
      }
      case 'input.requested':
        question = d.question;
        refreshSoon();
        break;
      case 'session.status_changed':
      case 'run.completed':
      case 'approval.requested':
      case 'approval.resolved':
        refreshSoon();
        break;
    }
  }

  api.getSession(id).then(s => {
    layout();
    show(s);
    stream = new SessionStream(id, {
      onEvent,
      onState: state => { conn.className = `conn ${state}`; conn.textContent = state; conn.dataset.state = state; },
      onError: e => clear(errors, problemCard(e)),
    }).start();
  }).catch(e => clear(main, h('p', {}, h('a', { href: '#/sessions' }, '← Sessions')), problemCard(e)));

  return () => { stream?.close(); clearTimeout(refreshTimer); };
}
