// An Environment: its Applications with live phase and conditions (SSE from the projector), the operation history
// with each operation's steps and final state (from the read model, so it survives reloads), the Git history with
// links to each commit, and uninstall and rollback, each confirmed after seeing the exact diff.
import {ApiError, api, liveStatus} from '../api.js';
import {confirmDialog, emptyState, h, randomId, replace, route, shortId, timeEl} from '../dom.js';
import {navigate, rememberOrganization} from '../app.js';
import {diffView} from '../diff.js';

const PHASE_LABELS = {
  PENDING: 'Pending', COMMITTED: 'Committed', RECONCILING: 'Reconciling', READY: 'Ready', DEGRADED: 'Degraded',
  FAILED: 'Failed',
};
const STATE_LABELS = {IN_PROGRESS: 'In progress', SUCCEEDED: 'Succeeded', FAILED: 'Failed', TIMED_OUT: 'Timed out'};
const LIVE_LABELS = {connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…', closed: 'Disconnected'};

export async function environmentView(ctx) {
  const [org, env] = ctx.params;
  const [status, commits] = await Promise.all([api.status(org, env), api.commits(org, env, 20)]);
  rememberOrganization(org);
  ctx.setTitle(`${env} · ${org}`);
  const highlight = ctx.query.get('operation');

  const model = {applications: new Map(), operations: new Map()};
  const appRows = new Map();
  const opItems = new Map();

  const liveBadge = h('span', {class: 'live live-connecting', role: 'status', text: LIVE_LABELS.connecting});
  const appsBody = h('tbody');
  const appsTable = h('table', {class: 'table apps-table'},
    h('caption', {class: 'visually-hidden', text: 'Applications and their live status'}),
    h('colgroup', {}, ['col-name', 'col-blueprint', 'col-phase', 'col-conditions', 'col-commit', 'col-actions'].map((c) => h('col', {class: c}))),
    h('thead', {}, h('tr', {}, ['Application', 'Blueprint', 'Phase', 'Conditions', 'Commit', 'Actions'].map((t) => h('th', {scope: 'col', text: t})))),
    appsBody);
  const appsEmpty = emptyState('No Application yet', 'Install a Blueprint from the marketplace: it becomes an Application of this Environment.',
    h('a', {class: 'button primary', href: `#/marketplace?org=${encodeURIComponent(org)}&env=${encodeURIComponent(env)}`, text: 'Browse the marketplace'}));
  const opsList = h('ol', {class: 'operations', 'aria-label': 'Operations, newest first'});
  const opsEmpty = emptyState('No operation yet', 'Every install, change, uninstall and rollback is listed here with its steps.');
  const historyBody = h('tbody');

  const repoUrl = `${location.origin}/git/${encodeURIComponent(org)}/${encodeURIComponent(env)}.git`;
  replace(ctx.container,
    h('nav', {class: 'breadcrumbs', 'aria-label': 'Breadcrumbs'}, h('a', {href: route('orgs', org), text: org}), ' / ', h('span', {text: env})),
    h('div', {class: 'page-head with-actions'},
      h('div', {}, h('h1', {text: env}),
        h('p', {class: 'lead'}, 'Environment of ', h('a', {href: route('orgs', org), text: org}), '. Git: ', h('code', {class: 'copyable', text: `git clone ${repoUrl}`}))),
      h('div', {class: 'head-actions'}, liveBadge,
        h('a', {class: 'button primary', href: `#/marketplace?org=${encodeURIComponent(org)}&env=${encodeURIComponent(env)}`, text: 'Install a Blueprint'}))),
    h('section', {class: 'panel', 'aria-labelledby': 'apps-title'}, h('h2', {id: 'apps-title', text: 'Applications'}), appsTable, appsEmpty),
    h('div', {class: 'two-columns wide-left'},
      h('section', {class: 'panel', 'aria-labelledby': 'ops-title'}, h('h2', {id: 'ops-title', text: 'Operations'}), opsList, opsEmpty),
      h('section', {class: 'panel', 'aria-labelledby': 'history-title'}, h('h2', {id: 'history-title', text: 'Git history'}),
        h('table', {class: 'table history-table'},
          h('thead', {}, h('tr', {}, h('th', {scope: 'col', text: 'Commit'}), h('th', {scope: 'col', text: 'Change'}), h('th', {scope: 'col', text: 'When'}))),
          historyBody))));

  // ------------------------------------------------------------------------------------------ Applications

  function upsertApp(app) {
    model.applications.set(app.name, app);
    let row = appRows.get(app.name);
    if (!row) {
      row = appRow(app.name);
      appRows.set(app.name, row);
      const after = [...appRows.keys()].sort().find((n) => n > app.name && appRows.get(n).tr.isConnected);
      appsBody.insertBefore(row.tr, after ? appRows.get(after).tr : null);
    }
    row.update(app);
    appsEmpty.hidden = model.applications.size > 0;
    appsTable.hidden = model.applications.size === 0;
  }

  function removeApp(name) {
    model.applications.delete(name);
    appRows.get(name)?.tr.remove();
    appRows.delete(name);
    appsEmpty.hidden = model.applications.size > 0;
    appsTable.hidden = model.applications.size === 0;
  }

  // The catalog's current version of each Blueprint, asked once per view: an Application behind it says so.
  const currentVersions = new Map();
  function currentVersion(blueprintName) {
    if (!currentVersions.has(blueprintName)) {
      currentVersions.set(blueprintName, api.blueprint(blueprintName).then((b) => b.version, () => null));
    }
    return currentVersions.get(blueprintName);
  }

  function appRow(name) {
    const blueprint = h('td');
    const phase = h('span', {class: 'phase'});
    const conditions = h('td', {class: 'conditions'});
    const commit = h('td', {class: 'commit'});
    const configure = h('a', {class: 'button small secondary', href: route('orgs', org, 'envs', env, 'apps', name, 'configure'), text: 'Configure',
      'aria-label': `Configure ${name}`});
    const upgrade = h('a', {class: 'button small secondary', href: route('orgs', org, 'envs', env, 'apps', name, 'upgrade'), text: 'Upgrade',
      'aria-label': `Upgrade ${name}`});
    const uninstall = h('button', {type: 'button', class: 'small danger-outline', text: 'Uninstall', 'aria-label': `Uninstall ${name}`,
      onclick: () => confirmUninstall(name)});
    const tr = h('tr', {dataset: {app: name}},
      h('th', {scope: 'row'}, h('span', {class: 'app-name', text: name})),
      blueprint, h('td', {}, phase), conditions, commit,
      h('td', {}, h('div', {class: 'row-actions'}, configure, upgrade, uninstall)));
    return {
      tr,
      update(app) {
        replace(blueprint, h('code', {text: app.blueprint ?? '—'}), app.version ? h('span', {class: 'muted', text: ` ${app.version}`}) : null);
        tr.dataset.version = app.version ?? '';
        if (app.blueprint && app.version) {
          const shown = app.version;
          currentVersion(app.blueprint).then((current) => {
            if (current && current !== shown && tr.dataset.version === shown && !blueprint.querySelector('.available')) {
              blueprint.append(h('span', {class: 'badge available', text: `${current} available`,
                title: `The catalog has ${app.blueprint} ${current}: Upgrade shows what would change`}));
            }
          });
        }
        phase.textContent = PHASE_LABELS[app.phase] ?? app.phase;
        phase.className = `phase phase-${String(app.phase).toLowerCase()}`;
        phase.dataset.phase = app.phase;
        replace(conditions, (app.conditions ?? []).map((c) => h('div', {class: `condition condition-${String(c.status).toLowerCase()}`,
          title: c.message ?? '', dataset: {type: c.type}},
        h('span', {class: 'condition-type', text: `${c.type}: `}), h('span', {class: 'condition-status', text: c.status}),
        c.reason ? h('span', {class: 'condition-reason', text: ` · ${c.reason}`}) : null,
        c.message ? h('span', {class: 'condition-message', text: c.message}) : null)));
        replace(commit, app.commitId ? h('a', {href: route('orgs', org, 'envs', env, 'commits', app.commitId), text: shortId(app.commitId),
          title: app.commitId}) : h('span', {class: 'muted', text: '—'}));
        tr.dataset.phase = app.phase;
      },
    };
  }

  async function confirmUninstall(name) {
    let preview;
    try {
      preview = await api.uninstall(org, env, name, {preview: true});
    } catch (e) {
      await confirmDialog({title: `Cannot uninstall ${name}`, body: h('p', {text: e.message}), confirmLabel: 'Close'});
      return;
    }
    const key = randomId();
    await confirmDialog({
      title: `Uninstall ${name}?`,
      body: [h('p', {text: `Its manifests leave Git and Flux removes what they created. This is the exact change:`}), diffView(preview.diff, {openLimit: 3})],
      confirmLabel: 'Uninstall',
      danger: true,
      onConfirm: () => api.uninstall(org, env, name, {preview: false, idempotencyKey: key}),
    });
  }

  // ------------------------------------------------------------------------------------------ operations

  function upsertOperation(op) {
    model.operations.set(op.operationId, op);
    let item = opItems.get(op.operationId);
    if (!item) {
      item = operationItem(op.operationId);
      opItems.set(op.operationId, item);
      opsList.prepend(item.li);
    }
    item.update(op);
    opsEmpty.hidden = model.operations.size > 0;
    opsList.hidden = model.operations.size === 0;
  }

  function operationItem(id) {
    const state = h('span', {class: 'op-state'});
    const title = h('span', {class: 'op-title'});
    const started = h('span', {class: 'op-time muted'});
    const details = h('dl', {class: 'facts compact'});
    const steps = h('ol', {class: 'steps-list', 'aria-label': 'Steps'});
    const box = h('details', {open: id === highlight}, h('summary', {}, state, title, started), details, h('h3', {class: 'small-title', text: 'Steps'}), steps);
    const li = h('li', {class: ['operation', id === highlight ? 'highlight' : null], dataset: {operation: id}}, box);
    return {
      li,
      update(op) {
        state.textContent = STATE_LABELS[op.state] ?? op.state;
        state.className = `op-state state-${String(op.state).toLowerCase()}`;
        li.dataset.state = op.state;
        title.textContent = ` ${op.action}${op.application ? ` ${op.application}` : ''}`;
        replace(started, ' · ', timeEl(op.startedAt));
        replace(details,
          h('dt', {text: 'Operation'}), h('dd', {}, h('code', {text: op.operationId})),
          h('dt', {text: 'Final state'}), h('dd', {text: op.state === 'IN_PROGRESS' ? 'not yet' : (STATE_LABELS[op.state] ?? op.state)}),
          op.finishedAt ? [h('dt', {text: 'Finished'}), h('dd', {}, timeEl(op.finishedAt))] : null,
          op.commitId ? [h('dt', {text: 'Commit'}), h('dd', {}, h('a', {href: route('orgs', org, 'envs', env, 'commits', op.commitId), text: shortId(op.commitId)}))] : null,
          op.detail ? [h('dt', {text: 'Detail'}), h('dd', {class: 'op-detail', text: op.detail})] : null);
        replace(steps, (op.steps ?? []).map((s) => h('li', {class: 'step'}, h('span', {class: 'step-type', text: s.type}), ' ',
          timeEl(s.at), s.detail ? h('span', {class: 'step-detail', text: ` ${s.detail}`}) : null)));
      },
    };
  }

  // ------------------------------------------------------------------------------------------ history

  function renderHistory(list) {
    replace(historyBody, list.length ? list.map((c) => h('tr', {dataset: {commit: c.commit}},
      h('td', {}, h('a', {href: route('orgs', org, 'envs', env, 'commits', c.commit), text: shortId(c.commit)})),
      h('td', {text: c.subject}),
      h('td', {}, timeEl(c.time)))) : h('tr', {}, h('td', {colspan: '3', class: 'muted', text: 'No commit yet'})));
  }

  let historyTimer = null;
  function refreshHistory() {
    clearTimeout(historyTimer);
    historyTimer = setTimeout(async () => {
      try {
        renderHistory(await api.commits(org, env, 20));
      } catch {
        // the next event tries again
      }
    }, 300);
  }

  // ------------------------------------------------------------------------------------------ the model

  function applySnapshot(snapshot) {
    const names = new Set((snapshot.applications ?? []).map((a) => a.name));
    [...model.applications.keys()].filter((n) => !names.has(n)).forEach(removeApp);
    (snapshot.applications ?? []).forEach(upsertApp);
    (snapshot.operations ?? []).forEach(upsertOperation);
    appsEmpty.hidden = model.applications.size > 0;
    appsTable.hidden = model.applications.size === 0;
    opsEmpty.hidden = model.operations.size > 0;
    opsList.hidden = model.operations.size === 0;
  }

  applySnapshot(status);
  renderHistory(commits);

  const close = liveStatus(org, env, {
    state: (s) => {
      liveBadge.textContent = LIVE_LABELS[s] ?? s;
      liveBadge.className = `live live-${s}`;
    },
    snapshot: applySnapshot,
    event: (name, data) => {
      const event = data.event ?? {};
      if (event.kind === 'application' && event.application) {
        if (data.application) {
          upsertApp(data.application);
        } else {
          removeApp(event.application);
        }
      }
      if (data.operation) {
        upsertOperation(data.operation);
      }
      if (['committed', 'uninstalled', 'rolled-back', 'created'].includes(name)) {
        refreshHistory();
      }
    },
    expired: (operations) => operations.forEach(upsertOperation),
  });

  if (highlight) {
    queueMicrotask(() => opItems.get(highlight)?.li.scrollIntoView({block: 'nearest'}));
  }
  return () => {
    close();
    clearTimeout(historyTimer);
  };
}

/** One commit of an Environment's history: what it changed and why; rolling the Environment back to it. */
export async function commitView(ctx) {
  const [org, env, id] = ctx.params;
  const commits = await api.commits(org, env, 500);
  const index = commits.findIndex((c) => c.commit.startsWith(id));
  if (index < 0) {
    throw new ApiError(404, {title: 'Not Found', detail: `no commit ${id} in the last 500 of ${org}/${env}`});
  }
  const c = commits[index];
  ctx.setTitle(`${shortId(c.commit)} · ${env}`);
  const trailers = Object.entries(c.trailers ?? {});
  const operation = c.trailers?.['Operation-Id'];
  const rollback = h('button', {type: 'button', class: 'danger-outline', text: 'Roll back to this commit', disabled: index === 0,
    title: index === 0 ? 'This is the current state of the Environment.' : ''});
  const error = h('p', {class: 'form-error', role: 'alert', hidden: true});
  rollback.addEventListener('click', async () => {
    error.hidden = true;
    let preview;
    try {
      preview = await api.rollback(org, env, c.commit, {preview: true});
    } catch (e) {
      error.textContent = e.message;
      error.hidden = false;
      return;
    }
    const key = randomId();
    let done = null;
    const confirmed = await confirmDialog({
      title: `Roll ${env} back to ${shortId(c.commit)}?`,
      body: [h('p', {text: 'The Environment becomes what it was at this commit, as a new commit (nothing is rewritten). This is the exact change:'}),
        diffView(preview.diff, {openLimit: 3})],
      confirmLabel: 'Roll back',
      danger: true,
      onConfirm: async () => {
        done = await api.rollback(org, env, c.commit, {preview: false, idempotencyKey: key});
      },
    });
    if (confirmed && done) {
      navigate(`${route('orgs', org, 'envs', env)}?operation=${encodeURIComponent(done.operationId)}`);
    }
  });
  replace(ctx.container,
    h('nav', {class: 'breadcrumbs', 'aria-label': 'Breadcrumbs'}, h('a', {href: route('orgs', org), text: org}), ' / ',
      h('a', {href: route('orgs', org, 'envs', env), text: env}), ' / ', h('span', {text: shortId(c.commit)})),
    h('div', {class: 'page-head'}, h('h1', {text: c.subject}), h('p', {class: 'lead'}, 'Commit ', h('code', {text: c.commit}))),
    h('section', {class: 'panel'},
      h('dl', {class: 'facts'},
        h('dt', {text: 'When'}), h('dd', {}, timeEl(c.time)),
        h('dt', {text: 'Author'}), h('dd', {text: c.author ?? ''}),
        trailers.map(([k, v]) => [h('dt', {text: k}), h('dd', {}, k === 'Operation-Id'
          ? h('a', {href: `${route('orgs', org, 'envs', env)}?operation=${encodeURIComponent(v)}`, text: v}) : h('code', {text: v}))]),
        h('dt', {text: 'Position'}), h('dd', {text: index === 0 ? 'the current state (HEAD)' : `${index} ${index === 1 ? 'commit' : 'commits'} before HEAD`})),
      operation ? null : h('p', {class: 'muted', text: 'No operation id: this commit was not made through the API.'}),
      h('p', {class: 'actions'}, rollback), error));
}
