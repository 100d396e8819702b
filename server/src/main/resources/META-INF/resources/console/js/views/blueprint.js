// One Blueprint: what it is, its license and placement, what it needs and costs, how it replicates, its members and
// versions, its settings; and where to install it.
import {api} from '../api.js';
import {field, h, replace, route, routeWithQuery, setFieldError} from '../dom.js';
import {currentOrganization, navigate} from '../app.js';
import {categoryTitle, installTarget} from './marketplace.js';
import {propertiesOf, resolve, typeOf} from '../schema.js';
import {toYaml} from '../yaml.js';

export async function blueprintView(ctx) {
  const [name] = ctx.params;
  const b = await api.blueprint(name);
  ctx.setTitle(b.displayName);
  const target = installTarget(ctx.query);
  const installable = b.placement.includes('application') && !b.bootstrapOnly;

  const facts = h('dl', {class: 'facts'},
    fact('Name', h('code', {text: b.name})),
    fact('Version', b.version),
    fact('Versions', h('ul', {class: 'inline-list versions'}, (b.versions ?? [b.version]).map((v) =>
      h('li', {}, h('code', {text: v}), v === b.version ? h('span', {class: 'muted', text: ' (current)'}) : null)))),
    fact('Category', b.category?.title ?? categoryTitle(b.category?.id)),
    fact('License', b.license),
    fact('Provenance', b.provenance === 'openova' ? 'OpenOva' : 'Upstream open source'),
    b.upstream ? fact('Upstream', h('a', {href: b.upstream.url, rel: 'noopener noreferrer', text: b.upstream.project})) : null,
    b.upstream?.docs ? fact('Documentation', h('a', {href: b.upstream.docs, rel: 'noopener noreferrer', text: b.upstream.docs})) : null,
    fact('Placement', h('ul', {class: 'tags'}, b.placement.map((p) => h('li', {class: `tag tag-placement-${p}`, text: p})))),
    b.tenantReachable ? fact('Reachable from Organizations', 'yes') : null,
    b.chart ? fact('Chart', h('code', {text: `${b.chart.name} ${b.chart.version}`}), ' from ', h('code', {text: b.chart.repository})) : null,
    fact('Resources', resources(b.resources)),
    fact('Replication', b.replication ? [b.replication.method, b.replication.description ? h('span', {class: 'muted block', text: b.replication.description}) : null] : 'none declared'),
    b.keywords?.length ? fact('Keywords', b.keywords.join(', ')) : null);

  const links = (names) => names?.length
    ? h('ul', {class: 'inline-list'}, names.map((n) => h('li', {}, h('a', {href: routeWithQuery(route('blueprints', n), target ?? {}), text: n}))))
    : h('span', {class: 'muted', text: 'none'});

  const relations = h('section', {class: 'panel', 'aria-labelledby': 'relations-title'},
    h('h2', {id: 'relations-title', text: 'Dependencies'}),
    h('dl', {class: 'facts'},
      fact('Depends on', links(b.dependsOn)),
      fact('Needed by', links(b.dependents)),
      fact('Installs, in order', b.closure?.length > 1
        ? h('ol', {class: 'inline-list'}, b.closure.map((s) => h('li', {}, h('code', {text: s.blueprint}))))
        : h('span', {class: 'muted', text: 'itself only'}))));

  const members = b.members?.length ? h('section', {class: 'panel', 'aria-labelledby': 'members-title'},
    h('h2', {id: 'members-title', text: 'Composite members'}),
    h('p', {class: 'help', text: 'Installing this composite installs each member with the curated config below.'}),
    h('ul', {class: 'members'}, b.members.map((m) => h('li', {},
      h('a', {href: routeWithQuery(route('blueprints', m.blueprint), target ?? {}), text: m.blueprint}),
      m.config && Object.keys(m.config).length ? h('pre', {class: 'code', text: toYaml(m.config)}) : h('span', {class: 'muted', text: ' defaults'}))))) : null;

  replace(ctx.container,
    h('nav', {class: 'breadcrumbs', 'aria-label': 'Breadcrumbs'},
      h('a', {href: routeWithQuery('#/marketplace', target ?? {}), text: 'Marketplace'}), ' / ', h('span', {text: b.displayName})),
    h('div', {class: 'page-head'},
      h('h1', {text: b.displayName}),
      h('p', {class: 'lead', text: b.summary})),
    h('div', {class: 'two-columns'},
      h('div', {},
        b.description ? h('section', {class: 'panel'}, h('h2', {text: 'About'}),
          b.description.split(/\n\s*\n/).map((p) => h('p', {text: p.trim()}))) : null,
        h('section', {class: 'panel'}, h('h2', {text: 'Facts'}), facts),
        relations,
        members,
        settings(b)),
      h('aside', {}, installPanel(b, installable, target))));
}

function fact(term, ...details) {
  return [h('dt', {text: term}), h('dd', {}, details)];
}

function resources(r) {
  if (!r) {
    return h('span', {class: 'muted', text: 'no estimate'});
  }
  const parts = [`${r.replicas} × ${r.memory}`];
  if (r.cpu) {
    parts.push(`${r.cpu} CPU`);
  }
  if (r.gpu) {
    parts.push(`${r.gpu.count} × GPU ${r.gpu.model}`);
  }
  return [parts.join(', '), h('span', {class: 'muted block', text: `per replica, ${r.scope}${r.source ? `; ${r.source}` : ''}`})];
}

/** The settings the configSchema offers, as a table: the common ones first. */
function settings(b) {
  const root = b.configSchema ?? {};
  const props = propertiesOf(resolve(root, root), root);
  if (!props.length) {
    return null;
  }
  props.sort((x, y) => Number(y.schema['x-common'] === true) - Number(x.schema['x-common'] === true));
  return h('section', {class: 'panel', 'aria-labelledby': 'settings-title'},
    h('h2', {id: 'settings-title', text: 'Settings'}),
    h('table', {class: 'table'},
      h('thead', {}, h('tr', {}, h('th', {scope: 'col', text: 'Setting'}), h('th', {scope: 'col', text: 'Type'}),
        h('th', {scope: 'col', text: 'Default'}), h('th', {scope: 'col', text: 'Description'}))),
      h('tbody', {}, props.map((p) => h('tr', {},
        h('th', {scope: 'row'}, h('code', {text: p.name}), p.schema['x-common'] === true ? h('span', {class: 'badge', text: 'common'}) : null),
        h('td', {text: p.schema['x-secret'] === true ? 'secret' : typeOf(p.schema)}),
        h('td', {}, p.schema.default !== undefined ? h('code', {text: JSON.stringify(p.schema.default)}) : h('span', {class: 'muted', text: '—'})),
        h('td', {text: p.schema.description ?? ''}))))));
}

function installPanel(b, installable, target) {
  const panel = h('section', {class: 'panel install-panel', 'aria-labelledby': 'install-title'},
    h('h2', {id: 'install-title', text: 'Install'}));
  if (!installable) {
    panel.append(h('p', {class: 'muted', text: b.bootstrapOnly
      ? 'Used only while a Sovereign is bootstrapped; never installed into an Environment.'
      : `Placed at ${b.placement.join(', ')}: the platform runs it for everyone, so Organizations do not install it.`}));
    return panel;
  }
  if (target) {
    panel.append(h('p', {}, 'Into ', h('strong', {text: `${target.org} / ${target.env}`})),
      h('a', {class: 'button primary', href: route('orgs', target.org, 'envs', target.env, 'install', b.name), text: `Install ${b.displayName}`}));
    return panel;
  }
  const org = field({label: 'Organization', control: h('input', {type: 'text', value: currentOrganization() ?? '', autocomplete: 'off', spellcheck: 'false'})});
  const env = field({label: 'Environment', control: h('select', {}, h('option', {value: '', text: 'Choose an Organization first'}))});
  const submit = h('button', {type: 'submit', class: 'primary', text: 'Continue'});
  const form = h('form', {novalidate: true}, org.wrapper, env.wrapper, submit);

  async function loadEnvironments() {
    const name = org.control.value.trim();
    setFieldError(org, null);
    replace(env.control, h('option', {value: '', text: name ? 'Loading…' : 'Choose an Organization first'}));
    if (!name) {
      return;
    }
    try {
      const envs = await api.environments(name);
      replace(env.control, envs.length
        ? envs.map((e) => h('option', {value: e.name, text: e.name}))
        : h('option', {value: '', text: 'No Environment yet'}));
      if (!envs.length) {
        setFieldError(env, null);
        env.error.hidden = false;
        replace(env.error, 'This Organization has no Environment: ', h('a', {href: route('orgs', name), text: 'create one'}), '.');
      } else {
        setFieldError(env, null);
      }
    } catch (e) {
      setFieldError(org, e.message);
    }
  }
  org.control.addEventListener('change', loadEnvironments);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const o = org.control.value.trim();
    const v = env.control.value;
    if (!o) {
      setFieldError(org, 'Name the Organization to install into.');
      org.control.focus();
      return;
    }
    if (!v) {
      setFieldError(env, 'Choose an Environment.');
      env.control.focus();
      return;
    }
    navigate(route('orgs', o, 'envs', v, 'install', b.name));
  });
  if (org.control.value) {
    loadEnvironments();
  }
  panel.append(form);
  return panel;
}
