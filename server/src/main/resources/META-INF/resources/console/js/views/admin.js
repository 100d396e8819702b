// The Sovereign operator's view (role sovereign-admin): Organizations with their tiers and quotas, Blueprint
// sources, component health, and the audit log of every Organization.
import {api, currentSession} from '../api.js';
import {emptyState, field, h, replace, route, setFieldError, when} from '../dom.js';
import {navigate} from '../app.js';
import {auditPanel} from './audit.js';

export async function adminView(ctx) {
  ctx.setTitle('Admin');
  const session = currentSession();
  if (session?.authEnabled && !(session.roles ?? []).includes('sovereign-admin')) {
    replace(ctx.container, h('section', {class: 'refusal', 'data-status': '403'}, h('h1', {text: 'You cannot see this'}),
      h('p', {text: 'The admin view is for the Sovereign\'s operators (role sovereign-admin).'}),
      h('p', {}, h('a', {href: '#/', text: 'Go to the start page'}))));
    return;
  }
  const [health, catalog, organizations] = await Promise.all([
    api.health().catch((e) => ({error: e})),
    api.searchBlueprints({pageSize: 1}).catch((e) => ({error: e})),
    api.organizations().catch((e) => ({error: e})),
  ]);

  const openOrg = field({label: 'Organization name', control: h('input', {type: 'text', autocomplete: 'off', spellcheck: 'false'})});
  const openForm = h('form', {class: 'inline-form', novalidate: true}, openOrg.wrapper, h('button', {type: 'submit', class: 'secondary', text: 'Open'}));
  openForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const name = openOrg.control.value.trim();
    if (!name) {
      setFieldError(openOrg, 'Name an Organization.');
      return;
    }
    navigate(route('orgs', name));
  });

  replace(ctx.container,
    h('div', {class: 'page-head'}, h('h1', {text: 'Admin'}),
      h('p', {class: 'lead', text: 'The Sovereign: its Organizations, Blueprint sources and components.'})),
    !session?.authEnabled ? h('p', {class: 'notice', text: 'Authentication is off on this server: everyone who reaches it sees this view.'}) : null,
    h('div', {class: 'admin-grid'},
      section('health', 'Component health', healthPanel(health)),
      section('sources', 'Blueprint sources', sourcesPanel(catalog, health)),
      section('organizations', 'Organizations', [organizationsPanel(organizations), createOrganizationForm(),
        h('p', {class: 'help', text: 'Open one by name:'}), openForm]),
      section('quotas', 'Quotas', quotasPanel(organizations)),
      section('audit', 'Audit log', auditPanel())));
}

function section(id, title, ...content) {
  return h('section', {class: 'panel', 'aria-labelledby': `admin-${id}`, dataset: {section: id}}, h('h2', {id: `admin-${id}`, text: title}), content);
}

function failed(what, error) {
  return h('p', {class: 'form-error', text: `${what} are not available: ${error.message}`});
}

function organizationsPanel(organizations) {
  if (organizations.error) {
    return failed('Organizations', organizations.error);
  }
  if (!organizations.length) {
    return emptyState('No Organization yet', 'Create the first one below.');
  }
  return h('table', {class: 'table'},
    h('thead', {}, h('tr', {}, h('th', {scope: 'col', text: 'Name'}), h('th', {scope: 'col', text: 'Display name'}),
      h('th', {scope: 'col', text: 'Tier'}), h('th', {scope: 'col', text: 'Blueprint sources'}))),
    h('tbody', {}, organizations.map((o) => h('tr', {dataset: {org: o.name}},
      h('th', {scope: 'row'}, h('a', {href: route('orgs', o.name), text: o.name})),
      h('td', {text: o.displayName}),
      h('td', {text: o.tier}),
      h('td', {text: o.blueprintSources?.length ? o.blueprintSources.join(', ') : 'all'})))));
}

function createOrganizationForm() {
  const name = field({label: 'New Organization', control: h('input', {type: 'text', autocomplete: 'off', spellcheck: 'false'})});
  const displayName = field({label: 'Display name', control: h('input', {type: 'text', autocomplete: 'off'})});
  const form = h('form', {class: 'inline-form', novalidate: true}, name.wrapper, displayName.wrapper,
    h('button', {type: 'submit', class: 'secondary', text: 'Create Organization'}));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    setFieldError(name, null);
    setFieldError(displayName, null);
    try {
      await api.createOrganization({name: name.control.value.trim(), displayName: displayName.control.value.trim()});
      navigate(route('orgs', name.control.value.trim()));
    } catch (err) {
      const errors = err.errors ?? [];
      const at = (pointer) => errors.filter((x) => x.pointer === pointer).map((x) => x.detail).join('; ');
      setFieldError(name, at('/name') || (errors.length ? null : err.message));
      setFieldError(displayName, at('/displayName') || null);
    }
  });
  return form;
}

function quotasPanel(organizations) {
  if (organizations.error) {
    return failed('Quotas', organizations.error);
  }
  if (!organizations.length) {
    return emptyState('No quota to show', 'Quotas belong to Organizations.');
  }
  return h('table', {class: 'table'},
    h('thead', {}, h('tr', {}, h('th', {scope: 'col', text: 'Organization'}), h('th', {scope: 'col', text: 'Environments'}),
      h('th', {scope: 'col', text: 'Applications'}), h('th', {scope: 'col', text: 'CPU (m)'}), h('th', {scope: 'col', text: 'Memory (MiB)'}))),
    h('tbody', {}, organizations.map((o) => h('tr', {},
      h('th', {scope: 'row', text: o.name}),
      h('td', {text: String(o.quota.maxEnvironments)}),
      h('td', {text: String(o.quota.maxApplications)}),
      h('td', {text: String(o.quota.cpuMillicores)}),
      h('td', {text: String(o.quota.memoryMebibytes)})))));
}

function healthPanel(health) {
  if (health.error) {
    return h('p', {class: 'form-error', text: `Health is not available: ${health.error.message}`});
  }
  const checks = health.checks ?? [];
  return [
    h('p', {}, 'Overall: ', h('span', {class: `health health-${String(health.status).toLowerCase()}`, text: health.status})),
    checks.length ? h('table', {class: 'table'},
      h('thead', {}, h('tr', {}, h('th', {scope: 'col', text: 'Check'}), h('th', {scope: 'col', text: 'Status'}), h('th', {scope: 'col', text: 'Data'}))),
      h('tbody', {}, checks.map((c) => h('tr', {},
        h('th', {scope: 'row', text: c.name}),
        h('td', {}, h('span', {class: `health health-${String(c.status).toLowerCase()}`, text: c.status})),
        h('td', {}, c.data ? h('ul', {class: 'plain'}, Object.entries(c.data).map(([k, v]) => h('li', {}, h('span', {class: 'muted', text: `${k}: `}), h('code', {text: String(v)})))) : '—')))))
      : h('p', {class: 'muted', text: 'No checks reported.'}),
    h('p', {class: 'help'}, 'From ', h('a', {href: '/q/health', text: '/q/health'}), `, read ${when(new Date().toISOString())}.`),
  ];
}

function sourcesPanel(catalog, health) {
  const check = (health.checks ?? []).find((c) => c.name === 'catalog');
  const count = catalog.error ? check?.data?.blueprints : catalog.totalItems;
  return [
    h('table', {class: 'table'},
      h('thead', {}, h('tr', {}, h('th', {scope: 'col', text: 'Source'}), h('th', {scope: 'col', text: 'Blueprints'}), h('th', {scope: 'col', text: 'Revision'}))),
      h('tbody', {}, h('tr', {},
        h('th', {scope: 'row', text: 'builtin (the catalog folder)'}),
        h('td', {text: count === undefined ? '—' : String(count)}),
        h('td', {}, check?.data?.revision ? h('code', {text: String(check.data.revision).slice(0, 12)}) : '—')))),
    h('p', {class: 'help', text: 'Registering Organizations\' own Git sources needs the sources API, which this server does not have yet.'}),
    h('p', {}, h('a', {href: '#/marketplace', text: 'Browse the catalog'})),
  ];
}
