// The contract's enum values, and plain words for how a run ended.
export const statuses = ['pending', 'processing', 'waiting_for_input', 'completed', 'incomplete', 'failed', 'stopped'];
export const taskTypes = ['general', 'simple_query', 'web_search', 'code_generation', 'analysis'];
export const active = s => ['pending', 'processing', 'waiting_for_input'].includes(s);

const reasons = {
  end_turn: 'The agent finished.',
  max_steps: 'Stopped: the agent used all of its steps.',
  budget_exceeded: 'Stopped: the token budget is spent.',
  cancelled: 'Stopped by the user.',
  llm_unavailable: 'Failed: the language model could not be reached.',
  error: 'Failed with an error.',
};
export const stopReasonText = reason => reasons[reason] ?? (reason ? `Ended: ${reason}` : '');
