import { h, json, time } from '../dom.js';
import { stopReasonText } from './labels.js';

// Turns each event into its place on the session's timeline. Tool calls are keyed by callId (the result fills the
// call's entry), streaming text by run and step (the final agent.message replaces the deltas).
export class Timeline {
  constructor() {
    this.list = h('ol', { class: 'timeline', 'aria-label': 'What the agent did' });
    this.tools = new Map();
    this.streaming = new Map();
  }

  add(evt) {
    const d = evt.data ?? {};
    const item = (cls, ...children) => {
      const li = h('li', { class: cls, dataset: evt.seq ? { seq: evt.seq, type: evt.type } : { type: evt.type } }, ...children,
        h('div', { class: 'meta' }, evt.seq ? `#${evt.seq} · ` : '', time(evt.timestamp)));
      this.list.append(li);
      return li;
    };
    switch (evt.type) {
      case 'session.created':
        return item('', `Session created: ${d.taskType?.replaceAll('_', ' ')}, budget ${d.tokenBudget?.toLocaleString()} tokens, model ${d.model}.`);
      case 'run.queued':
        return item('run', `Run ${d.runNumber} queued`, d.multitaskStrategy ? ` (${d.multitaskStrategy})` : '', ': ', h('q', {}, d.prompt));
      case 'run.started':
        return item('run', `Run ${d.runNumber} started on ${d.model}.`);
      case 'run.completed':
        return item(`run ${d.status === 'completed' ? '' : 'error'}`, `Run ${d.runNumber} ended (${d.status}). ${stopReasonText(d.stopReason)}`,
          d.error ? h('p', { class: 'error-text' }, d.error) : null, h('div', { class: 'small muted' }, `${d.tokensUsed?.toLocaleString()} tokens in this run.`));
      case 'session.status_changed':
        return item('meta-only', h('span', { class: 'small muted' }, `Status: ${d.from?.replaceAll('_', ' ')} → ${d.to?.replaceAll('_', ' ')}`));
      case 'plan.created':
      case 'plan.updated':
        return item('', `Plan${evt.type === 'plan.updated' ? ` revised by the ${d.by}` : ''}: ${d.steps?.length} steps.`);
      case 'plan.step_updated':
        return item('meta-only', h('span', { class: 'small muted' }, `Step ${d.index} “${d.title}”: ${d.status?.replaceAll('_', ' ')}`));
      case 'agent.thinking':
        return item('', h('span', { class: 'muted' }, 'Thinking: '), h('span', { class: 'message' }, d.text));
      case 'agent.message_delta': {
        const key = `${evt.runId}:${d.step}`;
        let el = this.streaming.get(key);
        if (!el) {
          el = h('div', { class: 'message streaming' });
          this.streaming.set(key, el);
          this.list.append(h('li', { class: 'assistant', dataset: { type: 'agent.message_delta' } }, el));
        }
        el.textContent += d.text ?? '';
        return el;
      }
      case 'agent.message': {
        if (d.role === 'user') return item('user', h('strong', {}, 'You: '), h('span', { class: 'message' }, d.text));
        for (const [key, el] of this.streaming) {
          if (key.startsWith(`${evt.runId}:`)) { el.closest('li').remove(); this.streaming.delete(key); }
        }
        return item('assistant', h('strong', {}, 'Agent: '), h('div', { class: 'message final' }, d.text));
      }
      case 'tool.called': {
        const result = h('div', { class: 'result muted' }, 'Running…');
        const summary = h('summary', {}, h('code', {}, d.tool), ` called (step ${d.step ?? '-'})`);
        const details = h('details', { class: 'tool', dataset: { callId: d.callId } }, summary,
          h('div', { class: 'small' }, 'Arguments'), h('pre', { class: 'arguments' }, json(d.arguments)), result);
        this.tools.set(d.callId, { details, result, summary });
        return item('', details);
      }
      case 'tool.result': {
        const call = this.tools.get(d.callId);
        if (!call) return item('', `${d.tool} answered`, h('pre', {}, json(d.result)));
        call.details.classList.toggle('error', !!d.isError);
        call.summary.append(d.isError ? ' — failed' : ' — done');
        call.result.replaceChildren(h('div', { class: 'small' }, d.isError ? 'Error' : 'Result'), h('pre', { class: 'result-text' }, json(d.result)));
        call.result.className = 'result';
        return call.details;
      }
      case 'token.usage':
        return null; // the token bar shows it
      case 'memory.compacted':
        return item('compaction', h('details', { class: 'compaction' },
          h('summary', {}, `Memory compacted (${d.strategy}, ${d.trigger}): ${d.tokensBefore?.toLocaleString()} → ${d.tokensAfter?.toLocaleString()} tokens`),
          d.summary ? [h('div', { class: 'small' }, 'Summary'), h('pre', {}, d.summary)] : null,
          h('div', { class: 'small' }, `Archived (${d.archivedMessageIds?.length ?? 0})`),
          h('pre', {}, (d.archivedMessageIds ?? []).join('\n') || 'nothing')));
      case 'input.requested':
        return item('', h('strong', {}, 'The agent asks: '), h('span', { class: 'message' }, d.question));
      case 'approval.requested':
        return item('', `Approval needed for `, h('code', {}, d.tool), d.reason ? `: ${d.reason}` : '', h('pre', {}, json(d.arguments)));
      case 'approval.resolved':
        return item(d.decision === 'deny' ? 'error' : '', `Tool call ${d.decision === 'deny' ? 'denied' : 'approved'}`, d.reason ? `: ${d.reason}` : '.',
          d.decision !== 'deny' && d.arguments ? [h('div', { class: 'small' }, 'It runs with'), h('pre', { class: 'arguments' }, json(d.arguments))] : null);
      case 'tool.status':
        return evt.sessionId ? item('', `Tool ${d.name} circuit ${d.circuit}`) : null;
      default:
        return item('', h('code', {}, evt.type), h('pre', {}, json(d)));
    }
  }
}
