// The console's shell: session, header, routes (#/...), progress, and the refusal and error pages.
import {ApiError, NetworkError, currentSession, loadSession, logout, onSessionChange, onUnauthenticated} from './api.js';
import {h, replace, route} from './dom.js';
import {marketplaceView} from './views/marketplace.js';
import {loginView} from './views/login.js';

const main = document.getElementById('main');
const progress = document.getElementById('progress');
const sessionBox = document.getElementById('session');
const orgLink = document.getElementById('nav-org');

/**
 * A view whose module loads on the first visit of one of its routes. Only the marketplace (the start page) and the
 * login come with the shell: the other views and what they import (the wizard's YAML editor is 108 KB of js-yaml)
 * would otherwise be fetched, in four rounds of imports, before the first page could render.
 */
function lazy(load, name) {
  return async (ctx) => {
    let module;
    try {
      module = await load();
    } catch (e) {
      // A module the browser could not fetch is a TypeError; anything else (a syntax error) is a defect to show.
      throw e instanceof TypeError ? new NetworkError(e) : e;
    }
    return module[name](ctx);
  };
}

const blueprintView = lazy(() => import('./views/blueprint.js'), 'blueprintView');
const organizationPickerView = lazy(() => import('./views/organization.js'), 'organizationPickerView');
const organizationView = lazy(() => import('./views/organization.js'), 'organizationView');
const environmentView = lazy(() => import('./views/environment.js'), 'environmentView');
const commitView = lazy(() => import('./views/environment.js'), 'commitView');
const installView = lazy(() => import('./views/wizard.js'), 'installView');
const configureView = lazy(() => import('./views/wizard.js'), 'configureView');
const upgradeView = lazy(() => import('./views/upgrade.js'), 'upgradeView');
const adminView = lazy(() => import('./views/admin.js'), 'adminView');
const passwordView = lazy(() => import('./views/password.js'), 'passwordView');

const SEGMENT = '([^/]+)';
const routes = [
  [/^$/, homeView, 'marketplace'],
  [/^marketplace$/, marketplaceView, 'marketplace'],
  [new RegExp(`^blueprints/${SEGMENT}$`), blueprintView, 'marketplace'],
  [/^orgs$/, organizationPickerView, 'orgs'],
  [new RegExp(`^orgs/${SEGMENT}$`), organizationView, 'orgs'],
  [new RegExp(`^orgs/${SEGMENT}/envs/${SEGMENT}$`), environmentView, 'orgs'],
  [new RegExp(`^orgs/${SEGMENT}/envs/${SEGMENT}/commits/([0-9a-f]{7,40})$`), commitView, 'orgs'],
  [new RegExp(`^orgs/${SEGMENT}/envs/${SEGMENT}/install/${SEGMENT}$`), installView, 'orgs'],
  [new RegExp(`^orgs/${SEGMENT}/envs/${SEGMENT}/apps/${SEGMENT}/configure$`), configureView, 'orgs'],
  [new RegExp(`^orgs/${SEGMENT}/envs/${SEGMENT}/apps/${SEGMENT}/upgrade$`), upgradeView, 'orgs'],
  [/^admin$/, adminView, 'admin'],
  [/^login$/, loginView, null],
  [/^password$/, passwordView, null],
];

/** The Organization the user works in: the session's, or the last one opened while authentication is off. */
export function currentOrganization() {
  return currentSession()?.organization ?? localStorage.getItem('catalyst.organization') ?? null;
}

export function rememberOrganization(org) {
  if (!currentSession()?.organization) {
    localStorage.setItem('catalyst.organization', org);
  }
  updateOrgLink();
}

function updateOrgLink() {
  const org = currentOrganization();
  orgLink.setAttribute('href', org ? route('orgs', org) : '#/orgs');
}

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path, queryText = ''] = raw.split('?', 2);
  return {path: path.replace(/\/+$/, ''), query: new URLSearchParams(queryText)};
}

export function navigate(hash, {replaceState = false} = {}) {
  if (replaceState) {
    history.replaceState(null, '', hash);
    render();
  } else if (location.hash === hash) {
    render();
  } else {
    location.hash = hash;
  }
}

let generation = 0;
let cleanup = null;
let firstRender = true;

async function render() {
  const current = ++generation;
  if (cleanup) {
    try {
      cleanup();
    } catch {
      // a view's cleanup never stops navigation
    }
    cleanup = null;
  }
  const {path, query} = parseHash();
  const match = routes.map(([re, view, nav]) => ({m: path.match(re), view, nav})).find((r) => r.m);
  markNav(match?.nav);
  if (currentSession() === null && match?.view !== loginView) {
    goToLogin();
    return;
  }
  const container = h('div', {class: 'view'});
  const ctx = {
    params: match ? match.m.slice(1).map(decodeURIComponent) : [],
    query,
    container,
    session: currentSession(),
    isCurrent: () => current === generation,
    setTitle: (title) => {
      document.title = title ? `${title} · Catalyst` : 'Catalyst';
    },
  };
  showProgress(true);
  try {
    const result = match ? await match.view(ctx) : notFound(ctx, path);
    if (current !== generation) {
      if (typeof result === 'function') {
        result();
      }
      return;
    }
    cleanup = typeof result === 'function' ? result : null;
  } catch (e) {
    if (current !== generation) {
      return;
    }
    replace(container, errorPage(e));
    ctx.setTitle(e instanceof ApiError ? e.title : 'Error');
  } finally {
    if (current === generation) {
      showProgress(false);
    }
  }
  if (current !== generation) {
    return;
  }
  replace(main, container);
  // The view's content is in the document (it paints in the next frame). bench/MarketplacePageBenchmark waits for
  // this mark; anyone profiling the console can too.
  performance.mark('console-view-rendered', {detail: {path}});
  if (!firstRender) {
    const heading = main.querySelector('h1');
    (heading ?? main).setAttribute('tabindex', '-1');
    (heading ?? main).focus({preventScroll: false});
  }
  firstRender = false;
}

function markNav(active) {
  for (const link of document.querySelectorAll('[data-nav]')) {
    if (link.dataset.nav === active) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
}

let progressTimer = null;

/** Shows the progress bar for anything that takes longer than a moment. */
export function showProgress(on) {
  clearTimeout(progressTimer);
  if (on) {
    progressTimer = setTimeout(() => {
      progress.hidden = false;
      main.setAttribute('aria-busy', 'true');
    }, 150);
  } else {
    progress.hidden = true;
    main.removeAttribute('aria-busy');
  }
}

function goToLogin() {
  const {path} = parseHash();
  if (path === 'login') {
    return;
  }
  const next = location.hash && !location.hash.startsWith('#/login') ? location.hash : '#/';
  navigate(`#/login?next=${encodeURIComponent(next)}`, {replaceState: true});
}

function notFound(ctx, path) {
  ctx.setTitle('Not found');
  replace(ctx.container, h('section', {class: 'refusal'},
    h('h1', {text: 'There is no such page'}),
    h('p', {}, 'The console has no page at ', h('code', {text: `#/${path}`}), '.'),
    h('p', {}, h('a', {href: '#/', text: 'Go to the start page'}))));
}

/** A refusal (403, 404) or another error, as a page. Problem details are shown as text. */
export function errorPage(e) {
  if (e instanceof ApiError && e.status === 403 && String(e.problem.type).endsWith('/password-change-required')) {
    return h('section', {class: 'refusal', 'data-status': '403'},
      h('h1', {text: 'Set a new password first'}),
      h('p', {class: 'refusal-detail', text: e.message}),
      h('p', {}, h('a', {class: 'button primary', href: `#/password?next=${encodeURIComponent(location.hash)}`, text: 'Set a new password'})));
  }
  if (e instanceof ApiError && (e.status === 403 || e.status === 404)) {
    return h('section', {class: 'refusal', 'data-status': String(e.status)},
      h('h1', {text: e.status === 403 ? 'You cannot see this' : 'Not found'}),
      h('p', {class: 'refusal-detail', text: e.message}),
      e.status === 403 ? h('p', {text: 'Your account has no access to it. Ask an administrator of the Organization if you need it.'}) : null,
      h('p', {}, h('a', {href: '#/', text: 'Go to the start page'})));
  }
  if (e instanceof NetworkError) {
    return h('section', {class: 'refusal'}, h('h1', {text: 'The server cannot be reached'}), h('p', {text: e.message}),
      h('p', {}, h('button', {type: 'button', class: 'secondary', text: 'Try again', onclick: () => render()})));
  }
  if (e instanceof ApiError) {
    return h('section', {class: 'refusal', 'data-status': String(e.status)}, h('h1', {text: e.title}),
      h('p', {class: 'refusal-detail', text: e.message}));
  }
  console.error(e);
  return h('section', {class: 'refusal'}, h('h1', {text: 'Something went wrong'}),
    h('p', {text: 'The console hit an unexpected error. Reload the page; the details are in the browser console.'}));
}

function homeView(ctx) {
  const org = currentOrganization();
  navigate(org ? route('orgs', org) : '#/marketplace', {replaceState: true});
  ctx.setTitle('');
}

function renderSession(s) {
  updateOrgLink();
  if (!s) {
    replace(sessionBox, h('a', {href: '#/login', text: 'Log in'}));
  } else if (!s.authEnabled) {
    replace(sessionBox, h('span', {class: 'muted', title: 'The server has no login: every visitor acts anonymously.',
      text: 'Anonymous (authentication off)'}));
  } else {
    replace(sessionBox,
      h('span', {class: 'subject', title: s.subject ?? '', text: s.displayName || s.subject || ''}),
      s.organization ? h('span', {class: 'muted', text: ` · ${s.organization}`}) : null,
      h('button', {type: 'button', class: 'link', text: 'Log out', onclick: async () => {
        let atProvider = null;
        try {
          atProvider = await logout();
        } finally {
          if (atProvider) {
            // The provider ends its own session, then sends the window back to the login page.
            window.location.replace(atProvider);
          } else {
            navigate('#/login');
          }
        }
      }}));
  }
}

async function start() {
  onUnauthenticated(goToLogin);
  onSessionChange(renderSession);
  try {
    await loadSession();
  } catch (e) {
    replace(main, errorPage(e));
    return;
  }
  window.addEventListener('hashchange', render);
  if (!location.hash) {
    history.replaceState(null, '', '#/');
  }
  render();
}

start();
