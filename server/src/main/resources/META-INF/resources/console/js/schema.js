// Reading a Blueprint's configSchema (JSON Schema 2020-12 with x- UI hints, docs/blueprints.md §4) for the forms.
// Pure functions over plain objects: no DOM here.

const MAX_DEPTH = 32;

/** A JSON pointer as its unescaped tokens: "/a~1b/c" → ["a/b", "c"]. */
export function tokens(pointer) {
  if (!pointer) {
    return [];
  }
  return pointer.split('/').slice(1).map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Tokens → a JSON pointer. */
export function pointer(path) {
  return path.map((t) => '/' + String(t).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/** The value at `path` (tokens) in `value`, or undefined. */
export function getAt(value, path) {
  let current = value;
  for (const token of path) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, token)) {
      return undefined;
    }
    current = current[token];
  }
  return current;
}

/** Sets `path` in `root` (an object), creating objects on the way. */
export function setAt(root, path, value) {
  let current = root;
  path.slice(0, -1).forEach((token) => {
    if (current[token] === null || typeof current[token] !== 'object' || Array.isArray(current[token])) {
      current[token] = {};
    }
    current = current[token];
  });
  current[path[path.length - 1]] = value;
}

/** Removes `path` from `root`, and parents left empty by it. */
export function deleteAt(root, path) {
  if (!path.length) {
    return;
  }
  const parents = [root];
  let current = root;
  for (const token of path.slice(0, -1)) {
    current = current?.[token];
    if (current === null || typeof current !== 'object') {
      return;
    }
    parents.push(current);
  }
  delete current[path[path.length - 1]];
  for (let i = parents.length - 1; i > 0; i -= 1) {
    if (Object.keys(parents[i]).length === 0) {
      delete parents[i - 1][path[i - 1]];
    } else {
      break;
    }
  }
}

/** A deep copy of JSON data. */
export function clone(value) {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

/**
 * A subschema with its local `$ref` followed (keywords next to the `$ref` win over the target's, as the server's
 * Defaults do). Booleans and missing schemas become {}.
 */
export function resolve(schema, root, depth = 0) {
  if (!schema || typeof schema !== 'object') {
    return {};
  }
  if (typeof schema.$ref === 'string' && schema.$ref.startsWith('#') && depth < MAX_DEPTH) {
    const target = resolve(getAt(root, tokens(schema.$ref.slice(1))), root, depth + 1);
    const siblings = {...schema};
    delete siblings.$ref;
    return {...target, ...siblings};
  }
  return schema;
}

/** The one type a field edits: object, array, boolean, integer, number, string, or mixed (anything else). */
export function typeOf(schema) {
  let type = schema.type;
  if (Array.isArray(type)) {
    const nonNull = type.filter((t) => t !== 'null');
    type = nonNull.length === 1 ? nonNull[0] : undefined;
  }
  if (type) {
    return type;
  }
  if (schema.properties) {
    return 'object';
  }
  if (Array.isArray(schema.enum)) {
    const kinds = new Set(schema.enum.map((v) => typeof v));
    if (kinds.size === 1 && kinds.has('string')) {
      return 'string';
    }
  }
  return 'mixed';
}

/** The properties of an object schema as [{name, schema (resolved), order}], in x-order, then as written. */
export function propertiesOf(objectSchema, root) {
  const props = Object.entries(objectSchema.properties ?? {}).map(([name, raw], index) => {
    const schema = resolve(raw, root);
    return {name, schema, order: Number.isInteger(schema['x-order']) ? schema['x-order'] : Number.MAX_SAFE_INTEGER, index};
  });
  props.sort((a, b) => a.order - b.order || a.index - b.index);
  return props;
}

/** True when an object schema has properties the form can show one by one. */
export function hasFields(schema) {
  return typeOf(schema) === 'object' && schema.properties && Object.keys(schema.properties).length > 0;
}

/**
 * The config with defaults filled in, as the server's Defaults.apply does: only `properties` are walked; a missing
 * object with defaults further down is created; `$ref`s are followed.
 */
export function withDefaults(schema, root, value, depth = 0) {
  const resolved = resolve(schema, root);
  let current = value;
  if (current === undefined && resolved.default !== undefined) {
    current = clone(resolved.default);
  }
  if (depth >= MAX_DEPTH || typeOf(resolved) !== 'object' || !resolved.properties) {
    return current;
  }
  if (current !== undefined && (current === null || typeof current !== 'object' || Array.isArray(current))) {
    return current;
  }
  const out = current === undefined ? {} : {...current};
  for (const {name, schema: child} of propertiesOf(resolved, root)) {
    const filled = withDefaults(child, root, out[name], depth + 1);
    if (filled !== undefined) {
      out[name] = filled;
    }
  }
  if (current === undefined && Object.keys(out).length === 0) {
    return undefined;
  }
  return out;
}

/**
 * Which properties of an object schema show, given the object's effective value. Conditional visibility comes from
 * the schema itself: a boolean `enabled` property hides its siblings while false; `if`/`then`/`else` (also inside
 * `allOf`) shows the properties of the branch that applies; `dependentSchemas` and `dependentRequired` show the
 * properties that depend on a field once it is set. Returns name → boolean.
 */
export function visibility(objectSchema, root, value) {
  const props = propertiesOf(objectSchema, root);
  const visible = Object.fromEntries(props.map((p) => [p.name, true]));
  const object = value && typeof value === 'object' ? value : {};
  const enabled = props.find((p) => p.name === 'enabled' && typeOf(p.schema) === 'boolean');
  if (enabled && object.enabled !== true) {
    props.filter((p) => p.name !== 'enabled').forEach((p) => {
      visible[p.name] = false;
    });
  }
  const conditionals = [objectSchema, ...(objectSchema.allOf ?? []).map((s) => resolve(s, root))];
  for (const s of conditionals) {
    if (!s.if || typeof s.if !== 'object') {
      continue;
    }
    const holds = matches(resolve(s.if, root), object);
    const thenNames = Object.keys(resolve(s.then, root).properties ?? {});
    const elseNames = Object.keys(resolve(s.else, root).properties ?? {});
    for (const name of thenNames.filter((n) => !elseNames.includes(n))) {
      visible[name] = visible[name] !== false && holds;
    }
    for (const name of elseNames.filter((n) => !thenNames.includes(n))) {
      visible[name] = visible[name] !== false && !holds;
    }
  }
  const isSet = (v) => v !== undefined && v !== null && v !== '' && v !== false;
  for (const [trigger, dependent] of Object.entries(objectSchema.dependentSchemas ?? {})) {
    for (const name of Object.keys(resolve(dependent, root).properties ?? {})) {
      if (name !== trigger) {
        visible[name] = visible[name] !== false && isSet(object[trigger]);
      }
    }
  }
  for (const [trigger, names] of Object.entries(objectSchema.dependentRequired ?? {})) {
    for (const name of names ?? []) {
      visible[name] = visible[name] !== false && isSet(object[trigger]);
    }
  }
  return visible;
}

/** Whether `object` meets an `if` schema of the simple kind forms use: properties with `const` or `enum`. */
function matches(condition, object) {
  for (const [name, raw] of Object.entries(condition.properties ?? {})) {
    const value = object[name];
    if (raw && typeof raw === 'object') {
      if (Object.hasOwn(raw, 'const') && JSON.stringify(raw.const) !== JSON.stringify(value)) {
        return false;
      }
      if (Array.isArray(raw.enum) && !raw.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
        return false;
      }
    }
  }
  for (const name of condition.required ?? []) {
    if (object[name] === undefined) {
      return false;
    }
  }
  return true;
}

/** Pointers (as "/a/b") of every secret field (x-secret: true) reachable through properties. */
export function secretPointers(schema, root, path = [], depth = 0) {
  const resolved = resolve(schema, root);
  if (resolved['x-secret'] === true) {
    return [pointer(path)];
  }
  if (depth >= MAX_DEPTH || !resolved.properties) {
    return [];
  }
  return propertiesOf(resolved, root).flatMap((p) => secretPointers(p.schema, root, [...path, p.name], depth + 1));
}

/** `values` without the secret fields. */
export function withoutSecrets(values, secrets) {
  const out = clone(values ?? {});
  for (const p of secrets) {
    deleteAt(out, tokens(p));
  }
  return out;
}

/** Every leaf path (tokens) of plain data, objects walked, arrays and scalars as leaves. */
export function leaves(value, path = []) {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length) {
    return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]));
  }
  return path.length ? [path] : [];
}
