import { api } from '../api.js';
import { clear, h, status, time, toast } from '../dom.js';
import { problemCard } from './problem.js';

// Operators (role admin): tools with their circuits and source, reset; the figures of /monitoring/stats; the dashboards.
export function operatorsView(main, config) {
  const tools = h('div', { class: 'loading' }, 'Loading tools…');
  const figures = h('div', { class: 'loading' }, 'Loading figures…');
  const errors = h('div');
  let timer;
  const links = [
    config.aspireDashboardUrl ? h('a', { href: config.aspireDashboardUrl, target: '_blank', rel: 'noopener' }, 'Aspire dashboard') : null,
    config.hangfireDashboardUrl ? h('a', { href: config.hangfireDashboardUrl, target: '_blank', rel: 'noopener' }, 'Hangfire dashboard') : null,
  ].filter(Boolean);

  clear(main, h('h1', {}, 'Operators'),
    h('p', { class: 'row' }, links.length ? links : h('span', { class: 'muted' }, 'No dashboard links configured (Console:AspireDashboardUrl, Console:HangfireDashboardUrl).')),
    errors, h('h2', {}, 'Queue and sessions'), figures, h('h2', {}, 'Tools'), tools);

  const figure = (label, value, id) => h('div', { class: 'figure', dataset: { figure: id } }, h('div', { class: 'small muted' }, label), h('div', { class: 'value' }, value));
  const ms = v => (v === null || v === undefined ? '–' : `${Math.round(v)} ms`);

  async function load() {
    clearTimeout(timer);
    try {
      const [list, stats] = await Promise.all([api.tools(), api.stats()]);
      clear(figures, h('div', { class: 'figures' },
        figure('Queued jobs', stats.queue.enqueued, 'enqueued'),
        figure('Running jobs', stats.queue.processing, 'processing'),
        figure('Workers', stats.queue.servers, 'servers'),
        figure('Queue latency p50', ms(stats.queue.latencyP50Ms), 'p50'),
        figure('Queue latency p95', ms(stats.queue.latencyP95Ms), 'p95'),
        figure('Tokens used', stats.tokensUsed.toLocaleString(), 'tokensUsed'),
        figure('Tokens saved', stats.tokensSaved.toLocaleString(), 'tokensSaved'),
        figure('Compactions', stats.compactions, 'compactions'),
        Object.entries(stats.sessionsByStatus).map(([s, n]) => figure(`Sessions ${s.replaceAll('_', ' ')}`, n, `sessions-${s}`))),
      h('p', { class: 'small muted' }, 'As of ', time(stats.generatedAt)));
      clear(tools, list.length === 0 ? h('p', { class: 'empty' }, 'No Worker has published its tools yet.') : h('table', { class: 'tools' },
        h('thead', {}, h('tr', {}, ['Tool', 'Source', 'Circuit', 'Updated', ''].map(t => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, list.map(t => h('tr', { dataset: { tool: t.name } },
          h('td', {}, h('code', {}, t.name), h('div', { class: 'small muted' }, t.description), t.available ? null : h('div', { class: 'small' }, 'not available')),
          h('td', {}, t.source ?? 'builtin'),
          h('td', { class: 'circuit' }, status(t.circuit)),
          h('td', { class: 'small' }, time(t.updatedAt)),
          h('td', {}, h('button', {
            type: 'button', class: 'secondary', disabled: t.circuit === 'closed', 'aria-label': `Reset ${t.name}`,
            onclick: async e => {
              e.target.disabled = true;
              try { await api.resetTool(t.name); toast(`Reset sent for ${t.name}.`); setTimeout(load, 500); } catch (err) { clear(errors, problemCard(err)); }
            },
          }, 'Reset')))))));
      tools.className = figures.className = '';
      timer = setTimeout(load, 5000);
    } catch (e) {
      clear(errors, problemCard(e));
    }
  }

  load();
  return () => clearTimeout(timer);
}
