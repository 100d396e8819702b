// The audit log panel, for the admin view (every Organization) and an Organization's view (its admins): filters,
// the newest entries first, and "Older entries" following the server's Link header.
import {ApiError, request} from '../api.js';
import {emptyState, field, h, replace, setFieldError, when} from '../dom.js';

const FILTERS = ['actor', 'action', 'result', 'environment', 'organization', 'since'];

/** The panel's content. `org` names the Organization whose log it shows; without it, the Sovereign's merged log. */
export function auditPanel({org, limit = 50} = {}) {
  const path = org ? `/api/v1/orgs/${encodeURIComponent(org)}/audit` : '/api/v1/audit';
  const fields = {
    actor: field({label: 'Who', control: h('input', {type: 'text', name: 'actor', autocomplete: 'off', spellcheck: 'false'})}),
    action: field({label: 'What', control: h('input', {type: 'text', name: 'action', autocomplete: 'off', spellcheck: 'false',
      placeholder: 'application.install'})}),
    result: field({label: 'Result', control: h('select', {name: 'result'},
      ['', 'success', 'refused', 'failed'].map((r) => h('option', {value: r, text: r || 'any'})))}),
    environment: org ? field({label: 'Environment', control: h('input', {type: 'text', name: 'environment', autocomplete: 'off', spellcheck: 'false'})}) : null,
    organization: org ? null : field({label: 'Organization', control: h('input', {type: 'text', name: 'organization', autocomplete: 'off', spellcheck: 'false'})}),
    since: field({label: 'Since', control: h('input', {type: 'datetime-local', name: 'since', step: '1'}),
      help: 'Your local time.'}),
  };
  const formError = h('p', {class: 'form-error', role: 'alert', hidden: true});
  const form = h('form', {class: 'inline-form audit-filters', novalidate: true, 'aria-label': 'Filter the audit log'},
    FILTERS.map((name) => fields[name]?.wrapper), h('button', {type: 'submit', class: 'secondary', text: 'Filter'}), formError);
  const results = h('div', {class: 'audit-results', 'aria-live': 'polite'});

  async function load(url, append) {
    formError.hidden = true;
    Object.values(fields).forEach((f) => f && setFieldError(f, null));
    let answer;
    try {
      answer = await request('GET', url);
    } catch (err) {
      const named = err instanceof ApiError ? err.errors.filter((e) => e.parameter && fields[e.parameter]) : [];
      named.forEach((e) => setFieldError(fields[e.parameter], e.detail));
      if (!named.length) {
        formError.textContent = `Audit entries are not available: ${err.message}`;
        formError.hidden = false;
      }
      return;
    }
    const entries = answer.body ?? [];
    const next = nextLink(answer.response.headers.get('Link'));
    const more = next ? h('button', {type: 'button', class: 'secondary', text: 'Older entries', dataset: {more: ''}}) : null;
    more?.addEventListener('click', () => {
      more.remove();
      load(next, true);
    });
    if (append) {
      results.querySelector('tbody').append(...entries.map(row));
      if (more) {
        results.append(more);
      }
      return;
    }
    if (!entries.length) {
      replace(results, emptyState('Nothing recorded', 'Every change anyone makes through the API is recorded here. No entry matches the filters.'));
      return;
    }
    replace(results, h('table', {class: 'table'},
      h('thead', {}, h('tr', {}, h('th', {scope: 'col', text: 'When'}), h('th', {scope: 'col', text: 'Who'}),
        h('th', {scope: 'col', text: 'Organization'}), h('th', {scope: 'col', text: 'What'}), h('th', {scope: 'col', text: 'Result'}))),
      h('tbody', {}, entries.map(row))), more);
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    load(withFilters(path, limit, fields), false);
  });
  load(withFilters(path, limit, fields), false);
  return [form, results];
}

function row(a) {
  return h('tr', {dataset: {action: a.action}},
    h('td', {text: when(a.time)}),
    h('td', {text: a.actor}),
    h('td', {text: a.organization}),
    h('td', {}, h('code', {text: a.action}), h('span', {class: 'muted', text: ` ${a.method} ${a.target}`})),
    h('td', {text: `${a.result} (${a.status})`}));
}

function withFilters(path, limit, fields) {
  const params = new URLSearchParams({limit: String(limit)});
  for (const name of FILTERS) {
    const control = fields[name]?.control;
    const value = control?.value.trim();
    if (!value) {
      continue;
    }
    params.append(name, name === 'since' ? new Date(value).toISOString() : value);
  }
  return `${path}?${params}`;
}

/** The same-origin path and query of `Link: <…>; rel="next"`, or null. */
function nextLink(header) {
  const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(header ?? '');
  if (!match) {
    return null;
  }
  const url = new URL(match[1], window.location.href);
  return url.pathname + url.search;
}
