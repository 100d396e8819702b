// An Organization: its Environments, and creating one.
import {ApiError, api, currentSession} from '../api.js';
import {emptyState, field, h, replace, route, setFieldError} from '../dom.js';
import {currentOrganization, navigate, rememberOrganization} from '../app.js';
import {auditPanel} from './audit.js';

/** Without a session naming one, the user says which Organization to open. */
export async function organizationPickerView(ctx) {
  ctx.setTitle('Organization');
  const org = currentOrganization();
  if (org) {
    navigate(route('orgs', org), {replaceState: true});
    return;
  }
  const name = field({label: 'Organization name', control: h('input', {type: 'text', autocomplete: 'off', spellcheck: 'false'}),
    help: 'Lower-case letters, digits and dashes.'});
  const form = h('form', {class: 'narrow', novalidate: true}, name.wrapper, h('button', {type: 'submit', class: 'primary', text: 'Open'}));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const value = name.control.value.trim();
    if (!value) {
      setFieldError(name, 'Name an Organization.');
      return;
    }
    navigate(route('orgs', value));
  });
  replace(ctx.container, h('div', {class: 'page-head'}, h('h1', {text: 'Open an Organization'}),
    h('p', {class: 'lead', text: 'Authentication is off on this server, so the console does not know your Organization.'})), form);
}

export async function organizationView(ctx) {
  const [org] = ctx.params;
  const environments = await api.environments(org);
  rememberOrganization(org);
  ctx.setTitle(org);

  const name = field({label: 'Name', control: h('input', {type: 'text', autocomplete: 'off', spellcheck: 'false', placeholder: 'dev'}),
    help: 'A DNS label: lower-case letters, digits and dashes. It names the Environment\'s Git repository.'});
  const submit = h('button', {type: 'submit', class: 'primary', text: 'Create Environment'});
  const formError = h('p', {class: 'form-error', role: 'alert', hidden: true});
  const form = h('form', {class: 'inline-form', novalidate: true, 'aria-labelledby': 'create-env-title'}, name.wrapper, submit, formError);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    setFieldError(name, null);
    formError.hidden = true;
    submit.disabled = true;
    submit.textContent = 'Creating…';
    try {
      const created = await api.createEnvironment(org, name.control.value.trim());
      navigate(route('orgs', org, 'envs', created.environment.name));
    } catch (err) {
      const at = err instanceof ApiError ? err.errors.find((x) => x.pointer === '/name') : null;
      if (at || (err instanceof ApiError && err.status === 409)) {
        setFieldError(name, at ? at.detail : err.message);
        name.control.focus();
      } else {
        formError.textContent = err.message;
        formError.hidden = false;
      }
    } finally {
      submit.disabled = false;
      submit.textContent = 'Create Environment';
    }
  });

  const list = environments.length
    ? h('ul', {class: 'card-grid env-grid', 'aria-label': 'Environments'}, environments.map((env) => h('li', {},
      h('article', {class: 'card'},
        h('h3', {class: 'card-title'}, h('a', {href: route('orgs', org, 'envs', env.name), text: env.name})),
        h('p', {class: 'muted'}, 'Git: ', h('code', {text: env.repository}))))))
    : emptyState('No Environment yet', 'An Environment is where Applications run: a vcluster reconciled from its own Git repository. Create the first one below.');

  replace(ctx.container,
    h('nav', {class: 'breadcrumbs', 'aria-label': 'Breadcrumbs'}, h('span', {text: 'Organization'})),
    h('div', {class: 'page-head'}, h('h1', {text: org}), h('p', {class: 'lead', text: 'Environments of this Organization.'})),
    h('section', {class: 'panel', 'aria-labelledby': 'envs-title'}, h('h2', {id: 'envs-title', text: 'Environments'}), list),
    h('section', {class: 'panel', 'aria-labelledby': 'create-env-title'}, h('h2', {id: 'create-env-title', text: 'Create an Environment'}), form),
    mayReadAudit() ? h('section', {class: 'panel', 'aria-labelledby': 'audit-title', dataset: {section: 'audit'}},
      h('h2', {id: 'audit-title', text: 'Audit log'}), auditPanel({org, limit: 20})) : null);
}

/** The audit log is for the Organization's admins and the Sovereign's (docs/security.md). */
function mayReadAudit() {
  const session = currentSession();
  return !session?.authEnabled || (session.roles ?? []).some((r) => r === 'org-admin' || r === 'sovereign-admin');
}
