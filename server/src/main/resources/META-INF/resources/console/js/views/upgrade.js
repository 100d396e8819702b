// Upgrade an Application to the catalog's version of its Blueprint. Shows the three-way values diff (the defaults of
// the installed version, the defaults of the new version, the user's own values, and what the Application runs with
// after the upgrade), then the exact Git diff, then commits.
import {api} from '../api.js';
import {h, randomId, replace, route} from '../dom.js';
import {navigate} from '../app.js';
import {diffView} from '../diff.js';
import {getAt, leaves, pointer, secretPointers, withDefaults} from '../schema.js';

export async function upgradeView(ctx) {
  const [org, env, name] = ctx.params;
  const app = await api.application(org, env, name);
  const blueprint = await api.blueprint(app.blueprint);
  ctx.setTitle(`Upgrade ${name}`);
  const schema = blueprint.configSchema ?? {};
  const envLink = route('orgs', org, 'envs', env);
  const from = app.version;
  const to = blueprint.version;
  const secrets = new Set(secretPointers(schema, schema));
  const newDefaults = withDefaults(schema, schema, undefined) ?? {};
  // The catalog serves the current version of each Blueprint only: the installed version's defaults are known when
  // it is that version.
  const oldDefaults = from === to ? newDefaults : null;
  const after = withDefaults(schema, schema, app.values ?? {}) ?? {};
  const paths = uniquePaths([...leaves(newDefaults), ...leaves(app.values ?? {})]).filter((p) => !secrets.has(pointer(p)));

  const show = (v) => (v === undefined ? h('span', {class: 'muted', text: '—'}) : h('code', {text: JSON.stringify(v)}));
  const table = h('table', {class: 'table three-way'},
    h('caption', {text: 'Values: where each setting of the upgraded Application comes from'}),
    h('thead', {}, h('tr', {},
      h('th', {scope: 'col', text: 'Setting'}),
      h('th', {scope: 'col', text: `Default in ${from}`}),
      h('th', {scope: 'col', text: `Default in ${to}`}),
      h('th', {scope: 'col', text: 'Your value'}),
      h('th', {scope: 'col', text: 'After the upgrade'}))),
    h('tbody', {}, paths.map((p) => {
      const mine = getAt(app.values ?? {}, p);
      const oldDefault = oldDefaults ? getAt(oldDefaults, p) : undefined;
      const newDefault = getAt(newDefaults, p);
      const changedDefault = oldDefaults && JSON.stringify(oldDefault) !== JSON.stringify(newDefault);
      return h('tr', {class: [mine !== undefined ? 'yours' : null, changedDefault ? 'default-changed' : null]},
        h('th', {scope: 'row'}, h('code', {text: p.join('.')})),
        h('td', {}, oldDefaults ? show(oldDefault) : h('span', {class: 'muted', text: 'not in the catalog'})),
        h('td', {}, show(newDefault)),
        h('td', {}, show(mine)),
        h('td', {}, show(getAt(after, p)), mine !== undefined ? h('span', {class: 'badge', text: 'yours, kept'}) : null));
    })));

  const preview = h('div', {class: 'upgrade-preview'});
  const confirm = h('button', {type: 'button', class: 'primary', text: `Upgrade to ${to}`, hidden: true});
  const review = h('button', {type: 'button', class: 'secondary', text: 'Review changes'});
  const error = h('p', {class: 'form-error', role: 'alert', hidden: true});
  const key = randomId();
  review.addEventListener('click', async () => {
    review.disabled = true;
    error.hidden = true;
    try {
      const outcome = await api.upgrade(org, env, name, {version: to}, {preview: true});
      replace(preview, h('h2', {text: 'Review changes'}), diffView(outcome.diff));
      confirm.hidden = !outcome.changed;
    } catch (e) {
      error.textContent = e.message;
      error.hidden = false;
    } finally {
      review.disabled = false;
    }
  });
  confirm.addEventListener('click', async () => {
    confirm.disabled = true;
    confirm.textContent = 'Upgrading…';
    try {
      const done = await api.upgrade(org, env, name, {version: to}, {preview: false, idempotencyKey: key});
      navigate(`${envLink}?operation=${encodeURIComponent(done.operationId)}`);
    } catch (e) {
      error.textContent = e.message;
      error.hidden = false;
      confirm.disabled = false;
      confirm.textContent = `Upgrade to ${to}`;
    }
  });

  replace(ctx.container,
    h('nav', {class: 'breadcrumbs', 'aria-label': 'Breadcrumbs'}, h('a', {href: route('orgs', org), text: org}), ' / ',
      h('a', {href: envLink, text: env}), ' / ', h('span', {text: `Upgrade ${name}`})),
    h('div', {class: 'page-head'}, h('h1', {text: `Upgrade ${name}`}),
      h('p', {class: 'lead'}, `${blueprint.displayName}: installed `, h('strong', {text: from}), ', catalog ', h('strong', {text: to}), '.')),
    from === to ? h('p', {class: 'notice', text: `${name} already runs the catalog's version of ${blueprint.displayName}. An upgrade would change nothing.`}) : null,
    h('section', {class: 'panel'}, h('p', {class: 'help', text: 'An upgrade keeps your values and takes the new version\'s defaults for everything else.'}),
      paths.length ? table : h('p', {class: 'muted', text: 'This Blueprint has no settings.'})),
    h('div', {class: 'actions'}, h('a', {class: 'button secondary', href: envLink, text: 'Cancel'}), review, confirm),
    error, preview);
}

function uniquePaths(paths) {
  const seen = new Set();
  return paths.filter((p) => {
    const key = JSON.stringify(p);
    if (seen.has(key)) {
      return false;
    }
    seen.add(key);
    return true;
  }).sort((a, b) => a.join('.').localeCompare(b.join('.')));
}
