// Upgrade an Application to another version of its Blueprint (by default the catalog's current one; any version the
// catalog has can be chosen). Shows the three-way values diff (the defaults of the installed version, the defaults of
// the target version, the user's own values, and what the Application runs with after the upgrade), then the exact
// Git diff, then commits.
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
  const envLink = route('orgs', org, 'envs', env);
  const from = app.version;
  const current = blueprint.version;
  const versions = blueprint.versions?.length ? blueprint.versions : [current];
  // The current version is the default target; every other version but the installed one can be chosen.
  const targets = [current, ...versions.filter((v) => v !== current && v !== from)];
  const byVersion = new Map([[current, blueprint]]);
  const load = async (version) => {
    if (!byVersion.has(version)) {
      try {
        byVersion.set(version, await api.blueprintVersion(app.blueprint, version));
      } catch (e) {
        if (e.status !== 404) {
          throw e;
        }
        byVersion.set(version, null);
      }
    }
    return byVersion.get(version);
  };
  // The installed version's Blueprint: null when the catalog no longer has that version.
  const installed = await load(from);

  const values = h('div', {class: 'upgrade-values'});
  const preview = h('div', {class: 'upgrade-preview'});
  const confirm = h('button', {type: 'button', class: 'primary', hidden: true});
  const review = h('button', {type: 'button', class: 'secondary', text: 'Review changes'});
  const error = h('p', {class: 'form-error', role: 'alert', hidden: true});
  const lead = h('p', {class: 'lead'});
  const choice = targets.length > 1
    ? h('select', {id: 'upgrade-target'}, targets.map((v) => h('option', {value: v, text: v === current ? `${v} (current)` : v})))
    : null;
  const notice = h('p', {class: 'notice', hidden: true});
  let to = current;
  let key = randomId();

  const show = async () => {
    const target = await load(to);
    replace(lead, `${blueprint.displayName}: installed `, h('strong', {text: from}), ', catalog ', h('strong', {text: current}),
      to === current ? '.' : ['; upgrading to ', h('strong', {text: to}), '.']);
    replace(values, target ? table(target, installed, app, from, to)
      : h('p', {class: 'form-error', text: `The catalog no longer has version ${to} of ${blueprint.displayName}.`}));
    notice.textContent = `${name} already runs the catalog's version of ${blueprint.displayName}. An upgrade would change nothing.`;
    notice.hidden = to !== from;
    replace(preview);
    confirm.hidden = true;
    confirm.textContent = `Upgrade to ${to}`;
    error.hidden = true;
    key = randomId();
  };
  await show();

  choice?.addEventListener('change', async () => {
    to = choice.value;
    try {
      await show();
    } catch (e) {
      error.textContent = e.message;
      error.hidden = false;
    }
  });
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
    h('div', {class: 'page-head'}, h('h1', {text: `Upgrade ${name}`}), lead),
    notice,
    choice ? h('div', {class: 'field'}, h('label', {for: 'upgrade-target', text: 'Target version'}), choice) : null,
    h('section', {class: 'panel'}, h('p', {class: 'help', text: 'An upgrade keeps your values and takes the new version\'s defaults for everything else.'}),
      values),
    h('div', {class: 'actions'}, h('a', {class: 'button secondary', href: envLink, text: 'Cancel'}), review, confirm),
    error, preview);
}

/** The three-way table: old defaults, new defaults, the user's values, and the result. */
function table(target, installed, app, from, to) {
  const schema = target?.configSchema ?? {};
  const oldSchema = installed?.configSchema;
  const secrets = new Set([...secretPointers(schema, schema), ...(oldSchema ? secretPointers(oldSchema, oldSchema) : [])]);
  const newDefaults = withDefaults(schema, schema, undefined) ?? {};
  const oldDefaults = oldSchema ? withDefaults(oldSchema, oldSchema, undefined) ?? {} : null;
  const mine = app.values ?? {};
  const after = withDefaults(schema, schema, mine) ?? {};
  const paths = uniquePaths([...leaves(newDefaults), ...(oldDefaults ? leaves(oldDefaults) : []), ...leaves(mine)])
    .filter((p) => !secrets.has(pointer(p)));
  if (!paths.length) {
    return h('p', {class: 'muted', text: 'This Blueprint has no settings.'});
  }
  const show = (v) => (v === undefined ? h('span', {class: 'muted', text: '—'}) : h('code', {text: JSON.stringify(v)}));
  return h('table', {class: 'table three-way'},
    h('caption', {text: 'Values: where each setting of the upgraded Application comes from'}),
    h('thead', {}, h('tr', {},
      h('th', {scope: 'col', text: 'Setting'}),
      h('th', {scope: 'col', text: `Default in ${from}`}),
      h('th', {scope: 'col', text: `Default in ${to}`}),
      h('th', {scope: 'col', text: 'Your value'}),
      h('th', {scope: 'col', text: 'After the upgrade'}))),
    h('tbody', {}, paths.map((p) => {
      const yours = getAt(mine, p);
      const oldDefault = oldDefaults ? getAt(oldDefaults, p) : undefined;
      const newDefault = getAt(newDefaults, p);
      const changedDefault = oldDefaults && JSON.stringify(oldDefault) !== JSON.stringify(newDefault);
      const result = getAt(after, p);
      return h('tr', {class: [yours !== undefined ? 'yours' : null, changedDefault ? 'default-changed' : null], 'data-setting': p.join('.')},
        h('th', {scope: 'row'}, h('code', {text: p.join('.')})),
        h('td', {}, oldDefaults ? show(oldDefault) : h('span', {class: 'muted', text: 'not in the catalog'})),
        h('td', {}, show(newDefault)),
        h('td', {}, show(yours)),
        h('td', {}, show(result),
          yours !== undefined ? h('span', {class: 'badge', text: 'yours, kept'})
            : changedDefault && result !== undefined ? h('span', {class: 'badge', text: 'new default'}) : null));
    })));
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
