// Sign-in state. The token lives in sessionStorage (this tab only, gone when it closes) and only ever travels in an
// Authorization header. Development: one click asks POST /console/dev-token. Production: the OIDC authority's
// authorization code flow with PKCE (S256), from its discovery document; the code and state come back in the
// redirect's query, which is removed from the address bar at once (the code is single-use and bound to the verifier).
const key = 'agentplatform.console.token';
const oidcKey = 'agentplatform.console.oidc';
const listeners = new Set();

function decode(token) {
  try {
    const part = token.split('.')[1].replaceAll('-', '+').replaceAll('_', '/');
    return JSON.parse(atob(part.padEnd(part.length + (4 - part.length % 4) % 4, '=')));
  } catch {
    return {};
  }
}

function read() {
  const raw = sessionStorage.getItem(key);
  if (!raw) return null;
  const claims = decode(raw);
  if (claims.exp && claims.exp * 1000 < Date.now()) {
    sessionStorage.removeItem(key);
    return null;
  }
  const roles = [claims.role].flat().filter(Boolean);
  return { token: raw, user: claims.sub ?? '?', admin: roles.includes('admin'), expiresAt: claims.exp ? new Date(claims.exp * 1000) : null };
}

export const auth = {
  current: read,
  token: () => read()?.token ?? null,
  set(token) {
    sessionStorage.setItem(key, token);
    listeners.forEach(l => l());
  },
  signOut() {
    sessionStorage.removeItem(key);
    listeners.forEach(l => l());
  },
  // A 401 from the API: the token is gone or no longer valid.
  expired() {
    sessionStorage.removeItem(key);
    sessionStorage.setItem('agentplatform.console.expired', '1');
    listeners.forEach(l => l());
  },
  takeExpiredNotice() {
    const was = sessionStorage.getItem('agentplatform.console.expired') === '1';
    sessionStorage.removeItem('agentplatform.console.expired');
    return was;
  },
  onChange: listener => listeners.add(listener),
};

const base64Url = bytes => btoa(String.fromCharCode(...new Uint8Array(bytes))).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
const random = n => base64Url(crypto.getRandomValues(new Uint8Array(n)));

async function discover(authority) {
  const url = authority.replace(/\/+$/, '') + '/.well-known/openid-configuration';
  const response = await fetch(url, { headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error(`The OIDC discovery document (${url}) answered ${response.status}.`);
  return response.json();
}

const redirectUri = () => location.origin + location.pathname;

/** Sends the browser to the authority's authorization endpoint. */
export async function startOidcSignIn(config) {
  if (!config.authority || !config.clientId) throw new Error('OIDC sign-in needs Auth:Authority and Console:ClientId.');
  const discovery = await discover(config.authority);
  const verifier = random(32);
  const challenge = base64Url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const state = random(16);
  const nonce = random(16);
  sessionStorage.setItem(oidcKey, JSON.stringify({ verifier, state, nonce, tokenEndpoint: discovery.token_endpoint, returnTo: location.hash }));
  const url = new URL(discovery.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code', client_id: config.clientId, redirect_uri: redirectUri(), scope: config.scope,
    code_challenge: challenge, code_challenge_method: 'S256', state, nonce,
  }).toString();
  location.assign(url.toString());
}

/** On the redirect back: checks state, redeems the code with the verifier, keeps the access token. */
export async function completeOidcSignIn(config) {
  const params = new URLSearchParams(location.search);
  if (!params.has('code') && !params.has('error')) return false;
  history.replaceState(null, '', redirectUri() + (JSON.parse(sessionStorage.getItem(oidcKey) ?? '{}').returnTo ?? ''));
  const pending = JSON.parse(sessionStorage.getItem(oidcKey) ?? 'null');
  sessionStorage.removeItem(oidcKey);
  if (params.has('error')) throw new Error(`The sign-in was refused: ${params.get('error')} ${params.get('error_description') ?? ''}`);
  if (!pending || pending.state !== params.get('state')) throw new Error('The sign-in answer does not match the request (state): start again.');
  const response = await fetch(pending.tokenEndpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: new URLSearchParams({
      grant_type: 'authorization_code', code: params.get('code'), redirect_uri: redirectUri(),
      client_id: config.clientId, code_verifier: pending.verifier,
    }),
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok || !body.access_token) throw new Error(`The token endpoint refused the code: ${body.error ?? response.status} ${body.error_description ?? ''}`);
  auth.set(body.access_token);
  return true;
}
