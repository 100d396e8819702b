// The install (and reconfigure) wizard: configure at one of three depths, all editing the same values (Form: the
// common fields; Advanced: every field; IaC: the Application as YAML), then review the exact diff, then commit.
// Everything is validated by the server (a preview); its errors are shown at their fields and nothing typed is lost.
import {ApiError, api} from '../api.js';
import {field, h, randomId, replace, route, setFieldError, uid} from '../dom.js';
import {navigate} from '../app.js';
import {configForm} from '../form.js';
import {diffView} from '../diff.js';
import {clone, secretPointers, tokens, withoutSecrets} from '../schema.js';
import {lineOf, parseYaml, toYaml, yamlErrorMessage} from '../yaml.js';

const API_VERSION = 'catalyst.openova.io/v1alpha1';
const DEPTHS = [
  {id: 'form', label: 'Form', help: 'The settings the Blueprint\'s author marked as common.'},
  {id: 'advanced', label: 'Advanced', help: 'Every setting of the Blueprint.'},
  {id: 'iac', label: 'IaC', help: 'The Application as Catalyst stores it in Git, as YAML, and the Helm values composed from it. Validated by the server.'},
];

export async function installView(ctx) {
  const [org, env, blueprintName] = ctx.params;
  const blueprint = await api.blueprint(blueprintName);
  ctx.setTitle(`Install ${blueprint.displayName}`);
  return wizard(ctx, {mode: 'install', org, env, blueprint, app: null});
}

export async function configureView(ctx) {
  const [org, env, appName] = ctx.params;
  const app = await api.application(org, env, appName);
  const blueprint = await api.blueprint(app.blueprint);
  ctx.setTitle(`Configure ${app.name}`);
  return wizard(ctx, {mode: 'reconfigure', org, env, blueprint, app});
}

function wizard(ctx, {mode, org, env, blueprint, app}) {
  const schema = blueprint.configSchema ?? {};
  const secretFields = secretPointers(schema, schema);
  const state = {
    name: app?.name ?? '',
    version: app?.version ?? blueprint.version,
    values: withoutSecrets(app?.values ?? {}, secretFields),
    secrets: {},
    secretsSet: app?.secrets ?? [],
    depth: 'form',
    iacText: null,
    iacDirty: false,
    errors: [],
    idempotencyKey: randomId(),
    preview: null,
  };
  const install = mode === 'install';
  const envLink = route('orgs', org, 'envs', env);

  const steps = h('ol', {class: 'steps', 'aria-label': 'Steps'},
    h('li', {dataset: {step: 'edit'}, text: 'Configure'}),
    h('li', {dataset: {step: 'review'}, text: 'Review changes'}),
    h('li', {dataset: {step: 'done'}, text: 'Committed'}));
  const body = h('div', {class: 'wizard-body'});
  replace(ctx.container,
    h('nav', {class: 'breadcrumbs', 'aria-label': 'Breadcrumbs'},
      h('a', {href: route('orgs', org), text: org}), ' / ', h('a', {href: envLink, text: env}), ' / ',
      h('span', {text: install ? `Install ${blueprint.displayName}` : `Configure ${app.name}`})),
    h('div', {class: 'page-head'},
      h('h1', {text: install ? `Install ${blueprint.displayName}` : `Configure ${app.name}`}),
      h('p', {class: 'lead'}, install ? 'Into ' : 'In ', h('strong', {text: `${org} / ${env}`}), ` · ${blueprint.displayName} `,
        h('span', {class: 'muted', text: `v${state.version}`}))),
    steps, body);

  function markStep(step) {
    for (const li of steps.children) {
      if (li.dataset.step === step) {
        li.setAttribute('aria-current', 'step');
      } else {
        li.removeAttribute('aria-current');
      }
    }
  }

  // ------------------------------------------------------------------------------------------ step 1: configure

  let form = null; // the configForm of the current depth
  let nameField = null;
  let iacField = null;
  let iacProblems = null;
  let iacResult = null;
  const errorSummary = h('div', {class: 'error-summary', role: 'alert', tabindex: '-1', hidden: true});

  function editStep() {
    markStep('edit');
    nameField = install ? field({label: 'Application name', control: h('input', {type: 'text', value: state.name,
      autocomplete: 'off', spellcheck: 'false', placeholder: blueprint.name}),
    help: 'A DNS label (lower-case letters, digits, dashes). It names the Application and its namespace.'}) : null;
    nameField?.control.addEventListener('input', () => {
      state.name = nameField.control.value;
      state.iacDirty = false;
    });

    const tablist = h('div', {class: 'tabs', role: 'tablist', 'aria-label': 'Editing depth'});
    const panel = h('div', {class: 'tab-panel', role: 'tabpanel', tabindex: '0'});
    const tabs = DEPTHS.map((d) => {
      const tab = h('button', {type: 'button', role: 'tab', id: uid('tab'), class: 'tab', text: d.label,
        dataset: {depth: d.id}, 'aria-controls': ''});
      tab.addEventListener('click', () => selectDepth(d.id));
      tab.addEventListener('keydown', (e) => {
        const i = DEPTHS.findIndex((x) => x.id === d.id);
        const next = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? DEPTHS.length - 1 : null;
        if (next !== null) {
          e.preventDefault();
          const target = DEPTHS[(next + DEPTHS.length) % DEPTHS.length];
          selectDepth(target.id);
          tablist.querySelector(`[data-depth="${target.id}"]`).focus();
        }
      });
      tablist.append(tab);
      return tab;
    });
    panel.id = uid('panel');
    tabs.forEach((t) => t.setAttribute('aria-controls', panel.id));

    function selectDepth(depth) {
      if (state.depth === 'iac' && depth !== 'iac' && !applyIac()) {
        return; // the YAML does not parse: stay, with the error shown
      }
      state.depth = depth;
      for (const t of tabs) {
        const selected = t.dataset.depth === depth;
        t.setAttribute('aria-selected', String(selected));
        t.tabIndex = selected ? 0 : -1;
        if (selected) {
          panel.setAttribute('aria-labelledby', t.id);
        }
      }
      renderDepth(panel);
      placeErrors();
    }

    const review = h('button', {type: 'submit', class: 'primary', text: 'Review changes'});
    const editForm = h('form', {class: 'wizard-form', novalidate: true},
      errorSummary,
      nameField?.wrapper,
      h('div', {class: 'depth'}, tablist, panel),
      h('div', {class: 'actions sticky-actions'},
        h('a', {class: 'button secondary', href: envLink, text: 'Cancel'}),
        review));
    editForm.addEventListener('submit', async (e) => {
      e.preventDefault();
      if (state.depth === 'iac' && !applyIac()) {
        return;
      }
      review.disabled = true;
      review.textContent = 'Checking…';
      editForm.setAttribute('aria-busy', 'true');
      try {
        state.preview = await send(true);
        state.errors = [];
        reviewStep();
      } catch (err) {
        showServerErrors(err);
      } finally {
        review.disabled = false;
        review.textContent = 'Review changes';
        editForm.removeAttribute('aria-busy');
      }
    });
    replace(body, editForm);
    selectDepth(state.depth);
    if (state.errors.length) {
      errorSummary.focus();
    }
  }

  function renderDepth(panel) {
    const depth = DEPTHS.find((d) => d.id === state.depth);
    form = null;
    iacField = null;
    if (depth.id === 'iac') {
      if (!state.iacDirty || state.iacText === null) {
        state.iacText = iacDocument();
      }
      iacProblems = h('div', {class: 'iac-problems', 'aria-live': 'polite'});
      iacResult = h('div', {class: 'iac-result'});
      const rows = Math.min(30, Math.max(10, state.iacText.split('\n').length + 3));
      iacField = field({label: 'Application manifest (YAML)', control: h('textarea', {class: 'code iac', rows,
        spellcheck: 'false', value: state.iacText}), help: depth.help});
      iacField.control.addEventListener('input', () => {
        state.iacText = iacField.control.value;
        state.iacDirty = true;
      });
      const validate = h('button', {type: 'button', class: 'secondary', text: 'Validate on the server'});
      validate.addEventListener('click', async () => {
        if (!applyIac()) {
          return;
        }
        validate.disabled = true;
        validate.textContent = 'Validating…';
        try {
          const outcome = await send(true);
          state.errors = [];
          placeErrors();
          replace(iacResult, h('p', {class: 'success', role: 'status', text: `Valid. ${outcome.diff.length} ${outcome.diff.length === 1 ? 'file' : 'files'} would change.`}),
            h('h3', {text: 'Composed manifests (what the server would commit)'}), diffView(outcome.diff, {openLimit: 0}));
        } catch (err) {
          replace(iacResult);
          showServerErrors(err);
        } finally {
          validate.disabled = false;
          validate.textContent = 'Validate on the server';
        }
      });
      replace(panel, iacField.wrapper, iacProblems, h('p', {class: 'actions'}, validate), iacResult, helmValuesSection());
      return;
    }
    form = configForm({schema, state, depth: depth.id, onChange: () => {
      state.iacDirty = false;
    }});
    replace(panel, h('p', {class: 'help', text: depth.help}), form.element);
  }

  /**
   * The composed Helm values (the HelmRelease's spec.values), editable: the server reads an edit back into the
   * Application's values where the Blueprint binds the value to its config, and names every value it fixes.
   */
  function helmValuesSection() {
    const section = h('section', {class: 'helm-values', 'aria-label': 'Composed Helm values'});
    const problems = h('div', {class: 'iac-problems', 'aria-live': 'polite'});
    const status = h('div', {'aria-live': 'polite'});
    const load = h('button', {type: 'button', class: 'secondary', text: 'Edit the composed Helm values'});
    const request = () => ({name: state.name || 'application', blueprint: blueprint.name, version: state.version, config: clone(state.values)});
    load.addEventListener('click', async () => {
      if (!applyIac()) {
        return;
      }
      load.disabled = true;
      load.textContent = 'Composing…';
      try {
        const answer = await api.helmValues(org, env, request());
        showEditor(toYaml(answer.values));
      } catch (err) {
        replace(problems, refusal(err.message));
        load.disabled = false;
        load.textContent = 'Edit the composed Helm values';
      }
    });
    function showEditor(text) {
      const rows = Math.min(30, Math.max(8, text.split('\n').length + 2));
      const editor = field({label: 'HelmRelease values (YAML, as composed)', control: h('textarea', {class: 'code helm-values-editor', rows,
        spellcheck: 'false', value: text}),
      help: 'Values bound to the Blueprint\'s settings can be changed here; the server maps them back to the Application\'s values. The rest is fixed by the Blueprint.'});
      const apply = h('button', {type: 'button', class: 'secondary', text: 'Apply to the Application'});
      apply.addEventListener('click', async () => {
        let values;
        try {
          values = parseYaml(editor.control.value);
        } catch (e) {
          setFieldError(editor, `Not valid YAML: ${yamlErrorMessage(e)}`);
          return;
        }
        if (!values || typeof values !== 'object' || Array.isArray(values)) {
          setFieldError(editor, 'The Helm values must be a mapping.');
          return;
        }
        setFieldError(editor, null);
        apply.disabled = true;
        apply.textContent = 'Applying…';
        try {
          const answer = await api.helmValues(org, env, {...request(), values});
          state.values = withoutSecrets(answer.config ?? {}, secretFields);
          state.iacText = iacDocument();
          state.iacDirty = false;
          iacField.control.value = state.iacText;
          replace(problems);
          replace(status, h('p', {class: 'success', role: 'status', text: 'Applied: the Application above now holds the values these Helm values come from. Review the changes to see the commit.'}));
        } catch (err) {
          replace(status);
          replace(problems, refusal(err.message, err instanceof ApiError ? err.errors : []));
        } finally {
          apply.disabled = false;
          apply.textContent = 'Apply to the Application';
        }
      });
      replace(section, h('h3', {text: 'Composed Helm values'}), editor.wrapper, problems, h('p', {class: 'actions'}, apply), status);
    }
    function refusal(message, errors = []) {
      return h('div', {class: 'error-summary', role: 'alert'}, h('p', {class: 'error-title', text: message}),
        errors.length ? h('ul', {}, errors.map((e) => h('li', {}, h('code', {text: e.pointer ?? ''}), ` ${e.detail}`))) : null);
    }
    replace(section, h('h3', {text: 'Composed Helm values'}),
      h('p', {class: 'help', text: 'The values of the HelmRelease the server composes from this Application. Edit them, and the server reads your edit back into the Application\'s values.'}),
      problems, h('p', {class: 'actions'}, load));
    return section;
  }

  /** The Application record of these values, as YAML: what .catalyst/applications/<name>.yaml holds. */
  function iacDocument() {
    const doc = {
      apiVersion: API_VERSION,
      kind: 'Application',
      metadata: {name: state.name},
      spec: {blueprint: state.iacBlueprint ?? blueprint.name, version: state.version, values: clone(state.values), ...(state.iacExtra ?? {})},
    };
    const header = [
      `# The Application as Catalyst stores it in Git (.catalyst/applications/${doc.metadata.name || '<name>'}.yaml).`,
      '# spec.values holds only what differs from the Blueprint\'s defaults. The manifests Flux applies are',
      '# composed from it by the server: "Validate on the server" shows them.',
    ];
    if (secretFields.length) {
      header.push('# Secret fields are write-only and never shown here: set them in the Form or Advanced tab.');
    }
    return `${header.join('\n')}\n${toYaml(doc)}`;
  }

  /** Reads the IaC editor's YAML into the shared values; false (and the problem shown) when it cannot. */
  function applyIac() {
    if (!iacField) {
      return true;
    }
    const problem = (message) => {
      setFieldError(iacField, message);
      iacField.control.focus();
      return false;
    };
    let doc;
    try {
      doc = parseYaml(state.iacText ?? '');
    } catch (e) {
      return problem(`Not valid YAML: ${yamlErrorMessage(e)}`);
    }
    if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
      return problem('The document must be a mapping with apiVersion, kind, metadata and spec.');
    }
    const unknown = Object.keys(doc).filter((k) => !['apiVersion', 'kind', 'metadata', 'spec'].includes(k));
    if (unknown.length) {
      return problem(`Unknown top-level field ${unknown.join(', ')}: expected apiVersion, kind, metadata and spec.`);
    }
    if (doc.apiVersion !== API_VERSION || doc.kind !== 'Application') {
      return problem(`apiVersion must be ${API_VERSION} and kind Application.`);
    }
    const metadata = doc.metadata ?? {};
    const spec = doc.spec ?? {};
    if (typeof metadata !== 'object' || typeof spec !== 'object' || Array.isArray(spec)) {
      return problem('metadata and spec must be mappings.');
    }
    const extraMeta = Object.keys(metadata).filter((k) => k !== 'name');
    if (extraMeta.length) {
      return problem(`metadata takes only name, not ${extraMeta.join(', ')}.`);
    }
    if (!install) {
      if (metadata.name !== app.name) {
        return problem(`metadata.name must stay ${app.name}: to rename, install a new Application.`);
      }
      if (spec.blueprint !== blueprint.name) {
        return problem(`spec.blueprint must stay ${blueprint.name}.`);
      }
      if (spec.version !== state.version) {
        return problem('spec.version cannot change here: use Upgrade on the Environment page.');
      }
    }
    const values = spec.values ?? {};
    if (typeof values !== 'object' || Array.isArray(values)) {
      return problem('spec.values must be a mapping.');
    }
    setFieldError(iacField, null);
    state.name = metadata.name === undefined || metadata.name === null ? '' : String(metadata.name);
    if (install) {
      state.iacBlueprint = spec.blueprint;
      state.version = spec.version === undefined || spec.version === null ? undefined : spec.version;
    }
    state.iacExtra = Object.fromEntries(Object.entries(spec).filter(([k]) => !['blueprint', 'version', 'values'].includes(k)));
    state.values = withoutSecrets(values, secretFields);
    if (nameField) {
      nameField.control.value = state.name;
    }
    return true;
  }

  function config() {
    const out = clone(state.values);
    mergeSecrets(out, state.secrets);
    return out;
  }

  /** The request: a preview (nothing committed) or the commit, with one Idempotency-Key per wizard. */
  function send(preview) {
    const options = {preview, idempotencyKey: state.idempotencyKey};
    if (install) {
      // In the IaC depth, other spec fields go to the server as they are, so it names what it does not take.
      const body = {...(state.iacExtra ?? {}), name: state.name, blueprint: state.iacBlueprint ?? blueprint.name,
        version: state.version, config: config()};
      return api.install(org, env, body, options);
    }
    // Other spec fields go to the server as they are: it names each one it does not take.
    return api.reconfigure(org, env, app.name, config(), options, state.iacExtra);
  }

  // ------------------------------------------------------------------------------------------------ errors

  function showServerErrors(err) {
    if (!(err instanceof ApiError)) {
      state.errors = [{detail: err.message}];
    } else if (err.errors.length) {
      state.errors = err.errors.map((e) => ({pointer: e.pointer, where: e.parameter ?? e.header ?? e.path, detail: e.detail}));
    } else if (err.status === 409 && install) {
      state.errors = [{pointer: '/name', detail: err.message}];
    } else {
      state.errors = [{detail: err.message}];
    }
    placeErrors();
    errorSummary.focus();
  }

  /** Shows each error at its field in the current depth; the rest (and a jump list) in the summary at the top. */
  function placeErrors() {
    const errors = state.errors;
    if (nameField) {
      const at = errors.filter((e) => e.pointer === '/name');
      setFieldError(nameField, at.length ? at.map((e) => e.detail).join('; ') : null);
    }
    const configErrors = errors.filter((e) => e.pointer?.startsWith('/config')).map((e) => ({...e, pointer: e.pointer.slice('/config'.length)}));
    let unplacedConfig = configErrors;
    if (form) {
      unplacedConfig = form.showErrors(configErrors);
    } else if (iacProblems) {
      replace(iacProblems, iacErrorList(errors));
      unplacedConfig = [];
    }
    const unplacedOther = errors.filter((e) => !e.pointer?.startsWith('/config') && e.pointer !== '/name');
    const summaryItems = [...unplacedConfig.map((e) => ({...e, config: true})), ...unplacedOther];
    if (!errors.length) {
      errorSummary.hidden = true;
      replace(errorSummary);
      return;
    }
    replace(errorSummary,
      h('p', {class: 'error-title', text: errors.length === 1 ? 'The server refused this: 1 problem' : `The server refused this: ${errors.length} problems`}),
      summaryItems.length ? h('ul', {}, summaryItems.map((e) => h('li', {}, summaryEntry(e)))) :
        h('p', {text: 'Each problem is shown at its field below.'}));
    errorSummary.hidden = false;
  }

  function summaryEntry(e) {
    const where = e.config ? (e.pointer || '/') : (e.pointer ?? e.where ?? null);
    const text = where ? `${where}: ${e.detail}` : e.detail;
    if (e.config && e.pointer && state.depth === 'form') {
      return [text, ' ', h('button', {type: 'button', class: 'link', text: 'Show in Advanced', onclick: () => {
        const tab = body.querySelector('[data-depth="advanced"]');
        tab?.click();
        form?.focus(e.pointer);
      }})];
    }
    return text;
  }

  /** Server errors in the IaC depth, each with the line of the YAML it is about (a button selects the line). */
  function iacErrorList(errors) {
    if (!errors.length) {
      return null;
    }
    return h('ul', {class: 'iac-errors'}, errors.map((e) => {
      const path = yamlPath(e.pointer);
      const line = path ? lineOf(state.iacText ?? '', path) : null;
      const label = `${path ? path.join('.') : (e.where ?? 'request')}: ${e.detail}`;
      return h('li', {}, line ? h('button', {type: 'button', class: 'link', text: `line ${line}`, onclick: () => selectLine(line)}) : null,
        line ? ' ' : null, h('span', {text: label}));
    }));
  }

  function yamlPath(p) {
    if (!p) {
      return null;
    }
    const t = tokens(p);
    if (t[0] === 'config') {
      return ['spec', 'values', ...t.slice(1)];
    }
    if (t[0] === 'name') {
      return ['metadata', 'name'];
    }
    return ['spec', ...t];
  }

  function selectLine(line) {
    const area = iacField.control;
    const lines = area.value.split('\n');
    const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
    area.focus();
    area.setSelectionRange(start, start + lines[line - 1].length);
  }

  // --------------------------------------------------------------------------------------- step 2: review

  function reviewStep() {
    markStep('review');
    const outcome = state.preview;
    const confirm = h('button', {type: 'button', class: 'primary', text: install ? 'Install' : 'Apply changes',
      disabled: !outcome.changed});
    const back = h('button', {type: 'button', class: 'secondary', text: 'Back to edit'});
    const error = h('p', {class: 'form-error', role: 'alert', hidden: true});
    back.addEventListener('click', () => editStep());
    confirm.addEventListener('click', async () => {
      confirm.disabled = true;
      back.disabled = true;
      confirm.textContent = 'Committing…';
      error.hidden = true;
      try {
        const done = await send(false);
        markStep('done');
        navigate(`${envLink}?operation=${encodeURIComponent(done.operationId)}`);
      } catch (err) {
        if (err instanceof ApiError && (err.status === 422 || err.status === 400 || err.status === 409)) {
          showServerErrors(err);
          editStep();
          return;
        }
        error.textContent = err.message;
        error.hidden = false;
        confirm.disabled = false;
        back.disabled = false;
        confirm.textContent = install ? 'Install' : 'Apply changes';
      }
    });
    const heading = h('h2', {tabindex: '-1', text: 'Review changes'});
    replace(body, h('section', {class: 'review', 'aria-labelledby': 'review-title'},
      heading,
      h('p', {id: 'review-title', class: 'lead'}, outcome.changed
        ? ['This is the exact change that will be committed to the Git repository of ', h('strong', {text: `${org} / ${env}`}), '. Nothing is committed until you confirm.']
        : 'Nothing would change: the Environment already holds these values.'),
      diffView(outcome.diff),
      error,
      h('div', {class: 'actions sticky-actions'}, back, confirm)));
    heading.focus();
  }

  editStep();
}

function mergeSecrets(target, secrets) {
  for (const [k, v] of Object.entries(secrets)) {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      if (!target[k] || typeof target[k] !== 'object') {
        target[k] = {};
      }
      mergeSecrets(target[k], v);
    } else {
      target[k] = v;
    }
  }
}
