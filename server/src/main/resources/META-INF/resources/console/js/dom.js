// Building the page with DOM APIs only. Every string becomes a text node or a property value, never markup:
// nothing here parses HTML, so a Blueprint or an Application whose texts contain markup shows that markup as text.

const BOOLEAN_PROPS = new Set(['checked', 'disabled', 'hidden', 'selected', 'required', 'open', 'readOnly', 'multiple']);

/**
 * Creates an element. Props: `class` (string or list), `text`, `dataset`, `on<event>` (functions only), `value`,
 * boolean properties, `href` (only http(s), same-site paths and in-page routes), and plain attributes. `style`,
 * `innerHTML` and string event handlers are refused: the console runs under a strict Content-Security-Policy.
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (key === 'style' || key === 'innerHTML' || key === 'outerHTML' || key === 'srcdoc') {
      throw new Error(`h(): '${key}' is not allowed`);
    }
    if (key.startsWith('on')) {
      if (typeof value !== 'function') {
        throw new Error(`h(): '${key}' must be a function`);
      }
      el.addEventListener(key.slice(2), value);
    } else if (key === 'class') {
      el.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
    } else if (key === 'text') {
      el.textContent = String(value);
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (key === 'value') {
      el.value = String(value);
    } else if (BOOLEAN_PROPS.has(key)) {
      el[key] = Boolean(value);
    } else if (key === 'href' || key === 'src' || key === 'action') {
      el.setAttribute(key, safeUrl(value));
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

/** Appends children: nodes as they are, anything else as text. Arrays are flattened; null and false skipped. */
export function append(el, children) {
  for (const child of [children].flat(Infinity)) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/** Replaces the children of `el`. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/** A URL that cannot run script: http(s), a path on this server, or an in-page route; anything else becomes `#`. */
export function safeUrl(url) {
  const text = String(url);
  if (/^#/.test(text) || /^\/(?!\/)/.test(text)) {
    return text;
  }
  try {
    const parsed = new URL(text);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : '#';
  } catch {
    return '#';
  }
}

/** A route link: `#/a/b` with every segment encoded. */
export function route(...segments) {
  return '#/' + segments.map((s) => encodeURIComponent(s)).join('/');
}

/** `route(...)` with a query string from an object (empty values left out). */
export function routeWithQuery(path, query) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    for (const item of [v].flat()) {
      if (item !== undefined && item !== null && item !== '') {
        params.append(k, String(item));
      }
    }
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

let ids = 0;

/** A fresh element id with a readable prefix. */
export function uid(prefix) {
  ids += 1;
  return `${prefix}-${ids}`;
}

/** A labelled field: label, control, help and an error slot wired with aria-describedby. */
export function field({label, control, help, hint, errorSlot = true, className}) {
  const id = control.id || uid('field');
  control.id = id;
  const described = [];
  const helpEl = help ? h('p', {class: 'help', id: `${id}-help`, text: help}) : null;
  if (helpEl) {
    described.push(helpEl.id);
  }
  const errorEl = errorSlot ? h('p', {class: 'field-error', id: `${id}-error`, hidden: true}) : null;
  if (errorEl) {
    described.push(errorEl.id);
  }
  if (described.length) {
    control.setAttribute('aria-describedby', described.join(' '));
  }
  const labelEl = h('label', {for: id}, label, hint ? h('span', {class: 'hint', text: hint}) : null);
  const wrapper = h('div', {class: ['field', className]}, labelEl, control, helpEl, errorEl);
  return {wrapper, control, error: errorEl, label: labelEl};
}

/** Shows (or clears, with null) an error at a field made by `field()`. */
export function setFieldError(f, message) {
  if (!f.error) {
    return;
  }
  if (message) {
    f.error.textContent = message;
    f.error.hidden = false;
    f.control.setAttribute('aria-invalid', 'true');
    f.wrapper.classList.add('has-error');
  } else {
    f.error.textContent = '';
    f.error.hidden = true;
    f.control.removeAttribute('aria-invalid');
    f.wrapper.classList.remove('has-error');
  }
}

/** A short relative or absolute time for an ISO instant. */
export function when(iso) {
  if (!iso) {
    return '';
  }
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return String(iso);
  }
  return date.toLocaleString(undefined, {dateStyle: 'medium', timeStyle: 'medium'});
}

/** A `<time>` element for an ISO instant. */
export function timeEl(iso) {
  return h('time', {datetime: iso ?? '', text: when(iso)});
}

/** The first 8 characters of a commit id. */
export function shortId(id) {
  return id ? String(id).slice(0, 8) : '';
}

/** A random id for Idempotency-Key headers; works outside secure contexts too. */
export function randomId() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** `camelCase` or `kebab-case` → "Camel case". */
export function humanize(name) {
  const words = String(name)
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[-_]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** An empty state: a title, a sentence and optional actions. */
export function emptyState(title, sentence, ...actions) {
  return h('div', {class: 'empty-state'}, h('p', {class: 'empty-title', text: title}), sentence ? h('p', {text: sentence}) : null,
    actions.length ? h('p', {class: 'actions'}, actions) : null);
}

/**
 * A modal confirmation: `body` (nodes), a confirm label; resolves true when confirmed. The confirm callback may return
 * a promise: the dialog shows progress and stays open on error (the callback shows it in `errorSlot`).
 */
export function confirmDialog({title, body, confirmLabel, danger = false, onConfirm}) {
  return new Promise((resolve) => {
    const errorSlot = h('p', {class: 'form-error', role: 'alert', hidden: true});
    const confirm = h('button', {type: 'submit', class: danger ? 'danger' : 'primary', text: confirmLabel});
    const cancel = h('button', {type: 'button', class: 'secondary', text: 'Cancel'});
    const titleId = uid('dialog-title');
    const dialog = h('dialog', {class: 'dialog', 'aria-labelledby': titleId},
      h('form', {method: 'dialog'},
        h('h2', {id: titleId, text: title}),
        h('div', {class: 'dialog-body'}, body),
        errorSlot,
        h('div', {class: 'actions'}, cancel, confirm)));
    let result = false;
    cancel.addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(result);
    });
    dialog.querySelector('form').addEventListener('submit', async (event) => {
      event.preventDefault();
      if (!onConfirm) {
        result = true;
        dialog.close();
        return;
      }
      confirm.disabled = true;
      cancel.disabled = true;
      confirm.textContent = `${confirmLabel}…`;
      errorSlot.hidden = true;
      try {
        await onConfirm();
        result = true;
        dialog.close();
      } catch (e) {
        errorSlot.textContent = e?.message ?? String(e);
        errorSlot.hidden = false;
        confirm.disabled = false;
        cancel.disabled = false;
        confirm.textContent = confirmLabel;
      }
    });
    document.body.append(dialog);
    dialog.showModal();
    cancel.focus();
  });
}
