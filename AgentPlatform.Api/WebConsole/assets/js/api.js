// The public API (/api/v1), with the token in the Authorization header. Every error becomes an ApiError built from
// the problem details body; 401 sends the user to sign in again.
import { auth } from './auth.js';

export class ApiError extends Error {
  constructor(status, problem, retryAfter) {
    super(problem?.title ?? `HTTP ${status}`);
    this.status = status;
    this.title = problem?.title ?? `HTTP ${status}`;
    this.detail = problem?.detail ?? '';
    this.errors = problem?.errors ?? null;
    this.retryAfter = retryAfter;
  }
}

export async function request(method, path, { body, headers = {}, signal } = {}) {
  const init = { method, signal, headers: { Accept: 'application/json', ...headers } };
  const token = auth.token();
  if (token) init.headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, { title: 'The API cannot be reached', detail: e.message });
  }
  if (response.status === 401) {
    auth.expired();
    throw new ApiError(401, { title: 'Signed out', detail: 'Your sign-in has expired or is not valid: sign in again.' });
  }
  const text = await response.text();
  const data = text ? safeJson(text) : null;
  if (!response.ok) {
    const retryAfter = response.headers.get('Retry-After');
    const problem = data && typeof data === 'object' ? data : { title: `HTTP ${response.status}`, detail: text };
    if (response.status === 429 && retryAfter) problem.detail = `${problem.detail ?? ''} Try again in ${retryAfter} s.`.trim();
    throw new ApiError(response.status, problem, retryAfter);
  }
  return data;
}

function safeJson(text) {
  try { return JSON.parse(text); } catch { return text; }
}

const v1 = '/api/v1';
const q = params => {
  const s = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '')).toString();
  return s ? `?${s}` : '';
};

export const api = {
  listSessions: (params, signal) => request('GET', `${v1}/sessions${q(params)}`, { signal }),
  getSession: id => request('GET', `${v1}/sessions/${encodeURIComponent(id)}`),
  createSession: (body, idempotencyKey) => request('POST', `${v1}/sessions`, { body, headers: { 'Idempotency-Key': idempotencyKey } }),
  sendMessage: (id, prompt, multitaskStrategy) => request('POST', `${v1}/sessions/${encodeURIComponent(id)}/messages`, { body: { prompt, multitaskStrategy } }),
  stop: id => request('POST', `${v1}/sessions/${encodeURIComponent(id)}/stop`),
  decide: (id, callId, body) => request('POST', `${v1}/sessions/${encodeURIComponent(id)}/approvals/${encodeURIComponent(callId)}`, { body }),
  reviewPlan: (id, steps) => request('PUT', `${v1}/sessions/${encodeURIComponent(id)}/plan`, { body: { steps, approve: true } }),
  agents: () => request('GET', `${v1}/agents`),
  tools: () => request('GET', `${v1}/tools`),
  resetTool: name => request('POST', `${v1}/tools/${encodeURIComponent(name)}/reset`),
  stats: () => request('GET', `${v1}/monitoring/stats`),
  config: () => request('GET', '/console/config'),
  devToken: admin => request('POST', '/console/dev-token', { body: { admin } }),
};
