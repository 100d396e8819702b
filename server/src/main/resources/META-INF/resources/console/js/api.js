// Every request the console makes goes through this module: the session, the CSRF header on changes, problem+json
// errors, and what a 401 means (log in again). Views never call fetch() themselves.

const JSON_TYPE = 'application/json';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A refusal or failure of the API, with its RFC 9457 problem document. */
export class ApiError extends Error {
  constructor(status, problem, response) {
    super(problem?.detail || problem?.title || `the server answered ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem ?? {};
    this.retryAfter = retryAfterSeconds(response, problem);
  }

  /** The individual errors ({pointer|parameter|path|header, detail}), possibly none. */
  get errors() {
    return Array.isArray(this.problem.errors) ? this.problem.errors : [];
  }

  get title() {
    return this.problem.title || `Error ${this.status}`;
  }
}

/** The server could not be reached at all. */
export class NetworkError extends Error {
  constructor(cause) {
    super('Cannot reach the Catalyst server. Check your connection and try again.');
    this.name = 'NetworkError';
    this.cause = cause;
  }
}

function retryAfterSeconds(response, problem) {
  const header = response?.headers?.get('Retry-After');
  if (header && /^\d+$/.test(header.trim())) {
    return Number(header.trim());
  }
  if (header) {
    const at = Date.parse(header);
    if (!Number.isNaN(at)) {
      return Math.max(0, Math.ceil((at - Date.now()) / 1000));
    }
  }
  return typeof problem?.retryAfter === 'number' ? problem.retryAfter : null;
}

/**
 * The signed-in session: {subject, organization, roles, csrfToken}. `authEnabled` is false while the server has no
 * session endpoint (404): the console then works anonymously, as the API does.
 */
let session = null;
const listeners = new Set();

export function currentSession() {
  return session;
}

/** Called with the session whenever it changes (login, logout, expiry). */
export function onSessionChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function setSession(next) {
  session = next;
  listeners.forEach((l) => l(session));
}

let unauthenticatedHandler = () => {};

/** What the app does on a 401 from any call: go to its login page. */
export function onUnauthenticated(handler) {
  unauthenticatedHandler = handler;
}

const ANONYMOUS = Object.freeze({subject: null, organization: null, roles: [], csrfToken: null, authEnabled: false});

/** Loads the session: the signed-in user, anonymous when authentication is off, or null when a login is needed. */
export async function loadSession() {
  const response = await send('GET', '/api/v1/session', {});
  if (response.status === 200) {
    setSession({...(await response.json()), authEnabled: true});
  } else if (response.status === 404) {
    setSession(ANONYMOUS);
  } else if (response.status === 401) {
    setSession(null);
  } else {
    throw await toError(response);
  }
  return session;
}

/** Logs in with a local account. Rejects with an ApiError (401 wrong credentials; 429/423 locked, with retryAfter). */
export async function login(username, password) {
  const response = await send('POST', '/api/v1/session', {body: {username, password}});
  if (!response.ok) {
    throw await toError(response);
  }
  return signedIn(await response.json());
}

/** Sets a new password; the server ends the other sessions and starts a new one (a new cookie). */
export async function changePassword(currentPassword, newPassword) {
  const response = await send('POST', '/api/v1/session/password', {body: {currentPassword, newPassword}});
  if (!response.ok) {
    throw await toError(response);
  }
  return signedIn(await response.json());
}

/** The session the server answered, without the bearer token meant for the CLI: the cookie is the browser's. */
function signedIn(answer) {
  const {token: _cliToken, ...rest} = answer;
  setSession({...rest, authEnabled: true});
  return session;
}

/**
 * How this server lets people log in: {password, oidcLogin, organizationRequired}. A server without the route (404)
 * has password logins only.
 */
export async function loginMethods() {
  const response = await send('GET', '/api/v1/session/methods', {});
  if (response.status === 404) {
    return {password: true, oidcLogin: false, organizationRequired: false};
  }
  if (!response.ok) {
    throw await toError(response);
  }
  return response.json();
}

/**
 * The address that starts the login at the identity provider. The window goes there: the provider's pages, then the
 * server's callback, which sets the session cookie and comes back to `next`. No token ever reaches this page.
 */
export function oidcLoginUrl(org, next) {
  return withQuery('/api/v1/session/oidc', {org, next});
}

/**
 * Ends the session. Resolves to the identity provider's logout address when the server answers one (a login through
 * the provider, which can end its own session too: RP-initiated logout): the caller sends the window there, and the
 * provider sends it back to the login page. Otherwise resolves to null.
 */
export async function logout() {
  const response = await send('DELETE', '/api/v1/session', {});
  if (!response.ok && response.status !== 401 && response.status !== 404) {
    throw await toError(response);
  }
  setSession(null);
  if (response.status !== 200) {
    return null;
  }
  const {logoutUrl} = await response.json();
  return typeof logoutUrl === 'string' && /^https?:\/\//.test(logoutUrl) ? logoutUrl : null;
}

async function send(method, path, {body, headers, query}) {
  const url = withQuery(path, query);
  const init = {method, credentials: 'same-origin', headers: {Accept: JSON_TYPE, ...(headers ?? {})}};
  if (body !== undefined) {
    init.headers['Content-Type'] = JSON_TYPE;
    init.body = JSON.stringify(body);
  }
  if (!SAFE_METHODS.has(method) && session?.csrfToken) {
    init.headers['X-CSRF-Token'] = session.csrfToken;
  }
  try {
    return await fetch(url, init);
  } catch (e) {
    throw new NetworkError(e);
  }
}

function withQuery(path, query) {
  if (!query) {
    return path;
  }
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    for (const item of [v].flat()) {
      if (item !== undefined && item !== null && item !== '') {
        params.append(k, String(item));
      }
    }
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function toError(response) {
  let problem = null;
  const type = response.headers.get('Content-Type') ?? '';
  if (type.includes('json')) {
    try {
      problem = await response.json();
    } catch {
      problem = null;
    }
  }
  return new ApiError(response.status, problem, response);
}

/**
 * One API call. Resolves with the parsed JSON body (null when empty) and the response; rejects with ApiError. A 401
 * sends the user to the login page (and still rejects, so the caller stops).
 */
export async function request(method, path, options = {}) {
  const response = await send(method, path, options);
  if (response.status === 401) {
    setSession(null);
    unauthenticatedHandler();
    throw await toError(response);
  }
  if (!response.ok) {
    throw await toError(response);
  }
  const text = await response.text();
  return {body: text ? JSON.parse(text) : null, response};
}

/** GET returning the body. */
export async function get(path, query) {
  return (await request('GET', path, {query})).body;
}

// ------------------------------------------------------------------------------------------------ the Catalyst API

const enc = encodeURIComponent;

export const paths = {
  blueprints: () => '/api/v1/blueprints',
  blueprint: (name) => `/api/v1/blueprints/${enc(name)}`,
  blueprintVersion: (name, version) => `/api/v1/blueprints/${enc(name)}/versions/${enc(version)}`,
  environments: (org) => `/api/v1/orgs/${enc(org)}/environments`,
  environment: (org, env) => `/api/v1/orgs/${enc(org)}/environments/${enc(env)}`,
  applications: (org, env) => `${paths.environment(org, env)}/applications`,
  application: (org, env, app) => `${paths.applications(org, env)}/${enc(app)}`,
};

export const api = {
  searchBlueprints: (query) => get(paths.blueprints(), query),
  blueprint: (name) => get(paths.blueprint(name)),
  /** One version of a Blueprint, current or earlier, in the shape of `blueprint`. */
  blueprintVersion: (name, version) => get(paths.blueprintVersion(name, version)),
  environments: (org) => get(paths.environments(org)),
  createEnvironment: (org, name) => request('POST', paths.environments(org), {body: {name}}).then((r) => r.body),
  applications: (org, env) => get(paths.applications(org, env)),
  application: (org, env, app) => get(paths.application(org, env, app)),
  status: (org, env) => get(`${paths.environment(org, env)}/status`),
  commits: (org, env, limit = 50) => get(`${paths.environment(org, env)}/commits`, {limit}),
  health: () => get('/q/health'),
  organizations: () => get('/api/v1/orgs'),
  createOrganization: (body) => request('POST', '/api/v1/orgs', {body}).then((r) => r.body),
  /**
   * The Helm values an Application would be composed with ({name, blueprint, version, config}); with `values`, the
   * config those edited values come from. Writes nothing.
   */
  helmValues: (org, env, body) => request('POST', `${paths.environment(org, env)}/helm-values`, {body}).then((r) => r.body),

  /** Install; with `preview` the exact diff and nothing committed. */
  install: (org, env, body, {preview, idempotencyKey}) =>
    change('POST', paths.applications(org, env), body, preview, idempotencyKey),
  reconfigure: (org, env, app, config, {preview, idempotencyKey}, extra = {}) =>
    change('PUT', paths.application(org, env, app), {...extra, config}, preview, idempotencyKey),
  upgrade: (org, env, app, body, {preview, idempotencyKey}) =>
    change('POST', `${paths.application(org, env, app)}/upgrade`, body, preview, idempotencyKey),
  uninstall: (org, env, app, {preview, idempotencyKey}) =>
    change('DELETE', paths.application(org, env, app), undefined, preview, idempotencyKey),
  rollback: (org, env, commit, {preview, idempotencyKey}) =>
    change('POST', `${paths.environment(org, env)}/rollback`, {commit}, preview, idempotencyKey),
};

async function change(method, path, body, preview, idempotencyKey) {
  const headers = {};
  if (idempotencyKey && !preview) {
    headers['Idempotency-Key'] = idempotencyKey;
  }
  const result = await request(method, path, {body, headers, query: preview ? {preview: 'true'} : undefined});
  return result.body;
}

/**
 * Live status of an Environment over Server-Sent Events. `handlers.snapshot(model)`, `handlers.event(name, data)`,
 * `handlers.state('live'|'reconnecting'|'closed')`. The browser resumes with Last-Event-ID by itself; when the stream
 * is refused (401, 404) the session is checked again. Returns a function that closes the stream.
 */
export function liveStatus(org, env, handlers) {
  const url = `${paths.environment(org, env)}/events`;
  const source = new EventSource(url, {withCredentials: true});
  const names = ['requested', 'validated', 'committed', 'uninstalled', 'failed', 'reconciling', 'ready', 'degraded',
    'created', 'rolled-back'];
  source.addEventListener('open', () => handlers.state('live'));
  source.addEventListener('snapshot', (e) => handlers.snapshot(JSON.parse(e.data)));
  for (const name of names) {
    source.addEventListener(name, (e) => handlers.event(name, JSON.parse(e.data)));
  }
  source.addEventListener('expired', (e) => handlers.expired(JSON.parse(e.data)));
  source.addEventListener('error', async () => {
    if (source.readyState === EventSource.CLOSED) {
      handlers.state('closed');
      try {
        if ((await loadSession()) === null) {
          unauthenticatedHandler();
        }
      } catch {
        // the server is away; the view says the stream is closed
      }
    } else {
      handlers.state('reconnecting');
    }
  });
  return () => source.close();
}
