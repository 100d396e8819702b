// The config form, generated from a Blueprint's configSchema and its x- UI hints (docs/blueprints.md §4):
// x-order orders fields, x-group makes sections, x-widget picks the control, x-secret makes a write-only input,
// x-common marks what the Form depth shows (Advanced shows every field). `$ref`s are resolved.
import {field, h, humanize, setFieldError, uid} from './dom.js';
import {deleteAt, getAt, pointer, propertiesOf, resolve, setAt, typeOf, visibility, withDefaults} from './schema.js';
import {parseYaml, toYaml, yamlErrorMessage} from './yaml.js';

/**
 * Renders the fields of `state.values` for one depth ('form' or 'advanced'). `state` is shared by every depth:
 * {values, secrets, secretsSet}. Returns {element, showErrors(errors) → errors it could not place, focus(pointer)}.
 */
export function configForm({schema, state, depth, onChange}) {
  const root = schema;
  const fields = new Map(); // pointer → {f, path}
  const conditionals = []; // {objectSchema, path, wrappers: name → element}
  const element = h('div', {class: 'config-form'});

  const effective = () => withDefaults(root, root, state.values) ?? {};

  const changed = () => {
    refreshVisibility();
    onChange?.();
  };

  function refreshVisibility() {
    const all = effective();
    for (const c of conditionals) {
      const visible = visibility(c.objectSchema, root, getAt(all, c.path));
      for (const [name, wrapper] of Object.entries(c.wrappers)) {
        wrapper.hidden = visible[name] === false;
      }
    }
  }

  /** The fields of one object level; `filter` says which properties this depth shows. */
  function renderObject(objectSchema, path, filter) {
    const wrappers = {};
    const out = [];
    for (const prop of propertiesOf(objectSchema, root)) {
      if (!filter(prop.schema)) {
        continue;
      }
      const el = renderProperty(prop.name, prop.schema, [...path, prop.name]);
      wrappers[prop.name] = el;
      out.push({el, group: prop.schema['x-group']});
    }
    conditionals.push({objectSchema, path, wrappers});
    return out;
  }

  function renderProperty(name, schema, path) {
    const type = typeOf(schema);
    const label = schema.title || humanize(name);
    if (type === 'object' && schema.properties && Object.keys(schema.properties).length && !schema['x-widget']) {
      const nested = schema.properties && Object.values(schema.properties).some((p) => resolve(p, root)['x-common'] === true);
      const children = renderObject(schema, path, depth === 'form' && nested ? isCommon : () => true);
      if (path.length === 1 && schema['x-group'] === label) {
        // The group's own legend already names it: no second box with the same title.
        return h('div', {class: 'nested-plain', dataset: {pointer: pointer(path)}},
          schema.description ? h('p', {class: 'help', text: schema.description}) : null,
          children.map((c) => c.el));
      }
      const legendId = uid('legend');
      return h('fieldset', {class: 'nested', 'aria-labelledby': legendId, dataset: {pointer: pointer(path)}},
        h('legend', {id: legendId, text: label}),
        schema.description ? h('p', {class: 'help', text: schema.description}) : null,
        children.map((c) => c.el));
    }
    const control = controlFor(schema, path, type);
    const f = field({
      label,
      control: control.input,
      help: schema.description,
      hint: schema['x-secret'] === true ? 'write-only' : null,
    });
    if (control.extra) {
      f.control.after(control.extra);
    }
    f.wrapper.dataset.pointer = pointer(path);
    fields.set(pointer(path), {f, path});
    control.error = (message) => setFieldError(f, message);
    return f.wrapper;
  }

  function controlFor(schema, path, type) {
    const widget = schema['x-widget'];
    const current = getAt(state.values, path);
    const shown = current !== undefined ? current : getAt(effective(), path);
    const ctl = {};
    const set = (value) => {
      if (value === undefined) {
        deleteAt(state.values, path);
      } else {
        setAt(state.values, path, value);
      }
      changed();
    };

    if (schema['x-secret'] === true) {
      const isSet = state.secretsSet.includes(pointer(path));
      ctl.input = h('input', {type: 'password', autocomplete: 'new-password', value: getAt(state.secrets, path) ?? '',
        placeholder: isSet ? 'Set. Leave empty to keep it' : 'Not set', dataset: {secret: 'true'}});
      ctl.input.addEventListener('input', () => {
        if (ctl.input.value === '') {
          deleteAt(state.secrets, path);
        } else {
          setAt(state.secrets, path, ctl.input.value);
        }
        onChange?.();
      });
      return ctl;
    }
    if (type === 'boolean' || widget === 'toggle') {
      ctl.input = h('input', {type: 'checkbox', role: 'switch', checked: shown === true});
      ctl.input.addEventListener('change', () => set(ctl.input.checked));
      return ctl;
    }
    if (Array.isArray(schema.enum) && schema.enum.every((v) => ['string', 'number', 'boolean'].includes(typeof v))) {
      ctl.input = h('select', {},
        shown === undefined ? h('option', {value: '', text: 'Choose…'}) : null,
        schema.enum.map((v) => h('option', {value: String(v), text: String(v), selected: String(v) === String(shown)})));
      ctl.input.addEventListener('change', () => {
        const chosen = schema.enum.find((v) => String(v) === ctl.input.value);
        set(chosen);
      });
      return ctl;
    }
    if (type === 'integer' || type === 'number') {
      const slider = widget === 'slider' && schema.minimum !== undefined && schema.maximum !== undefined;
      ctl.input = h('input', {
        type: slider ? 'range' : 'number', value: shown ?? '', inputmode: type === 'integer' ? 'numeric' : 'decimal',
        min: schema.minimum, max: schema.maximum, step: schema.multipleOf ?? (type === 'integer' ? 1 : 'any'),
      });
      if (slider) {
        const output = h('output', {class: 'slider-value', 'aria-hidden': 'true', text: String(shown ?? '')});
        ctl.extra = output;
        ctl.input.addEventListener('input', () => {
          output.textContent = ctl.input.value;
        });
      }
      ctl.input.addEventListener('input', () => {
        const raw = ctl.input.value.trim();
        if (raw === '') {
          set(undefined);
        } else {
          const n = Number(raw);
          set(Number.isFinite(n) ? n : raw);
        }
      });
      return ctl;
    }
    if (type === 'string' && widget !== 'yaml' && widget !== 'keyvalue') {
      const multiline = widget === 'textarea';
      ctl.input = multiline ? h('textarea', {rows: 4, value: shown ?? ''}) : h('input', {type: 'text', value: shown ?? '',
        spellcheck: 'false', placeholder: schema.examples?.[0] !== undefined ? String(schema.examples[0]) : null});
      ctl.input.addEventListener('input', () => set(ctl.input.value === '' ? undefined : ctl.input.value));
      return ctl;
    }
    // Objects without fields, arrays, key/value maps, mixed types: edited as YAML.
    ctl.input = h('textarea', {class: 'code', rows: 5, spellcheck: 'false',
      value: shown === undefined ? '' : toYaml(shown).trimEnd()});
    ctl.input.addEventListener('change', () => {
      const text = ctl.input.value;
      if (text.trim() === '') {
        ctl.error?.(null);
        set(undefined);
        return;
      }
      try {
        const parsed = parseYaml(text);
        ctl.error?.(null);
        set(parsed);
      } catch (e) {
        ctl.error?.(`Not valid YAML: ${yamlErrorMessage(e)}`);
      }
    });
    return ctl;
  }

  const isCommon = (s) => s['x-common'] === true;
  const top = renderObject(resolve(root, root), [], depth === 'form' ? isCommon : () => true);
  if (!top.length) {
    element.append(h('p', {class: 'empty-state', text: depth === 'form'
      ? 'This Blueprint marks no setting as common: its defaults work as they are. The Advanced tab has every field.'
      : 'This Blueprint has no settings.'}));
  }
  const groups = new Map();
  for (const item of top) {
    const name = item.group ?? 'General';
    if (!groups.has(name)) {
      groups.set(name, []);
    }
    groups.get(name).push(item.el);
  }
  for (const [name, els] of groups) {
    const legendId = uid('group');
    element.append(h('fieldset', {class: 'group', 'aria-labelledby': legendId},
      h('legend', {id: legendId, text: name}), els));
  }
  refreshVisibility();

  return {
    element,
    /** Places server errors ({pointer: "/a/b" within config, detail}) at their fields; returns those it could not. */
    showErrors(errors) {
      for (const {f} of fields.values()) {
        setFieldError(f, null);
      }
      const unplaced = [];
      const byField = new Map();
      for (const e of errors) {
        let p = e.pointer;
        while (p && !fields.has(p)) {
          p = p.slice(0, p.lastIndexOf('/'));
        }
        const target = p ? fields.get(p) : null;
        if (target && !target.f.wrapper.closest('[hidden]')) {
          byField.set(p, [...(byField.get(p) ?? []), e.detail]);
        } else {
          unplaced.push(e);
        }
      }
      for (const [p, messages] of byField) {
        setFieldError(fields.get(p).f, messages.join('; '));
      }
      return unplaced;
    },
    /** Focuses the field of a pointer (or its nearest ancestor field); false when this depth does not show it. */
    focus(p) {
      let current = p;
      while (current && !fields.has(current)) {
        current = current.slice(0, current.lastIndexOf('/'));
      }
      const target = current ? fields.get(current) : null;
      if (!target || target.f.wrapper.closest('[hidden]')) {
        return false;
      }
      target.f.control.focus();
      return true;
    },
    has(p) {
      let current = p;
      while (current && !fields.has(current)) {
        current = current.slice(0, current.lastIndexOf('/'));
      }
      return Boolean(current);
    },
  };
}
