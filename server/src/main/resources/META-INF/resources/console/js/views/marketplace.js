// The marketplace: the catalog as a card grid, searched, filtered and paged by the catalog API.
import {api} from '../api.js';
import {emptyState, field, h, replace, route, routeWithQuery} from '../dom.js';
import {navigate} from '../app.js';

const PAGE_SIZE = 24;

/** Titles of the category ids (api/.../blueprint/Category.java); an unknown id shows as itself. */
export const CATEGORIES = {
  'catalyst': 'Catalyst control plane', 'networking': 'Networking and service mesh', 'gitops': 'GitOps and IaC',
  'security': 'Security', 'policy': 'Policy', 'scaling': 'Scaling', 'operations': 'Operations',
  'observability': 'Observability', 'registry': 'Registry', 'storage': 'Storage', 'resilience': 'Resilience',
  'messaging': 'Messaging and events', 'identity': 'Identity', 'data-services': 'Data services',
  'cdc': 'Change data capture', 'workflow': 'Workflow and processing', 'lakehouse': 'Data lakehouse',
  'communication': 'Communication', 'ai-ml': 'AI / ML', 'ai-safety': 'AI safety and observability',
  'identity-metering': 'Identity and metering', 'chaos': 'Chaos engineering',
};

export const PLACEMENTS = {
  'application': 'Application (in an Organization\'s Environment)',
  'host-cluster': 'Host cluster (every cluster)',
  'control-plane': 'Control plane (management cluster)',
};

export function categoryTitle(id) {
  return CATEGORIES[id] ?? id;
}

/** The Environment an install goes to, when the marketplace was opened from one: {org, env} or null. */
export function installTarget(query) {
  const org = query.get('org');
  const env = query.get('env');
  return org && env ? {org, env} : null;
}

export async function marketplaceView(ctx) {
  const {query, container} = ctx;
  ctx.setTitle('Marketplace');
  const q = query.get('q') ?? '';
  const category = query.get('category') ?? '';
  const placement = query.get('placement') ?? '';
  const page = Math.max(1, Number.parseInt(query.get('page') ?? '1', 10) || 1);
  const target = installTarget(query);

  const go = (changes) => {
    const next = {q, category, placement, page: 1, org: target?.org, env: target?.env, ...changes};
    if (next.page === 1) {
      delete next.page;
    }
    navigate(routeWithQuery('#/marketplace', next));
  };

  const result = await api.searchBlueprints({q: q || undefined, category: category || undefined,
    placement: placement || undefined, page, pageSize: PAGE_SIZE})
    .catch((e) => {
      if (e.status === 400 && page > 1) {
        return null; // a page past the last (the catalog changed): show the first instead
      }
      throw e;
    });
  if (result === null) {
    go({page: 1});
    return;
  }

  const search = field({label: 'Search Blueprints', control: h('input', {type: 'search', name: 'q', value: q,
    placeholder: 'postgres, kafka, llm…', autocomplete: 'off'}), errorSlot: false});
  const categorySelect = field({label: 'Category', errorSlot: false, control: h('select', {name: 'category'},
    h('option', {value: '', text: 'All categories'}),
    Object.entries(CATEGORIES).map(([id, title]) => {
      const count = result.facets?.category?.[id];
      return h('option', {value: id, selected: id === category, text: count !== undefined ? `${title} (${count})` : title});
    }))});
  const placementSelect = field({label: 'Placement', errorSlot: false, control: h('select', {name: 'placement'},
    h('option', {value: '', text: 'Anywhere'}),
    Object.entries(PLACEMENTS).map(([id, title]) => h('option', {value: id, selected: id === placement, text: title})))});

  const form = h('form', {class: 'filters', role: 'search', 'aria-label': 'Search the catalog'},
    search.wrapper, categorySelect.wrapper, placementSelect.wrapper,
    h('div', {class: 'filter-actions'},
      h('button', {type: 'submit', class: 'primary', text: 'Search'}),
      (q || category || placement) ? h('button', {type: 'button', class: 'secondary', text: 'Clear filters',
        onclick: () => go({q: '', category: '', placement: ''})}) : null));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    go({q: search.control.value.trim(), category: categorySelect.control.value, placement: placementSelect.control.value});
  });
  categorySelect.control.addEventListener('change', () => form.requestSubmit());
  placementSelect.control.addEventListener('change', () => form.requestSubmit());

  const summary = h('p', {class: 'result-count', role: 'status'},
    result.totalItems === 1 ? '1 Blueprint' : `${result.totalItems} Blueprints`,
    q ? ` matching “${q}”` : '',
    category ? ` in ${categoryTitle(category)}` : '',
    placement ? ` placed at ${placement}` : '');

  const grid = result.items.length
    ? h('ul', {class: 'card-grid', 'aria-label': 'Blueprints'}, result.items.map((b) => h('li', {}, card(b, target))))
    : emptyState('No Blueprint matches', 'Try other words or fewer filters.',
      h('button', {type: 'button', class: 'secondary', text: 'Clear filters', onclick: () => go({q: '', category: '', placement: ''})}));

  const pager = result.totalPages > 1 ? h('nav', {class: 'pager', 'aria-label': 'Pages'},
    h('button', {type: 'button', class: 'secondary', text: 'Previous page', disabled: page <= 1,
      onclick: () => go({page: page - 1})}),
    h('span', {class: 'page-of', text: `Page ${result.page} of ${result.totalPages}`}),
    h('button', {type: 'button', class: 'secondary', text: 'Next page', disabled: page >= result.totalPages,
      onclick: () => go({page: page + 1})})) : null;

  replace(container,
    h('div', {class: 'page-head'}, h('h1', {text: 'Marketplace'}),
      h('p', {class: 'lead', text: 'Every component of the platform is a Blueprint: pick one and install it into an Environment.'})),
    target ? h('p', {class: 'notice'}, 'Installing into ', h('strong', {text: `${target.org} / ${target.env}`}), '. ',
      h('a', {href: route('orgs', target.org, 'envs', target.env), text: 'Back to the Environment'})) : null,
    form, summary, grid, pager);
}

function card(b, target) {
  const detail = routeWithQuery(route('blueprints', b.name), target ?? {});
  const installable = b.placement.includes('application') && !b.bootstrapOnly;
  return h('article', {class: 'card', dataset: {blueprint: b.name}},
    h('h2', {class: 'card-title'}, h('a', {href: detail, text: b.displayName})),
    h('p', {class: 'card-name'}, h('code', {text: b.name}), ' ', h('span', {class: 'muted', text: `v${b.version}`})),
    // Element Timing: bench/MarketplacePageBenchmark takes the paint of the cards' text as the page's first render.
    h('p', {class: 'card-summary', text: b.summary, elementtiming: 'marketplace-card'}),
    h('ul', {class: 'tags', 'aria-label': 'Facts'},
      h('li', {class: 'tag tag-category', text: categoryTitle(b.category)}),
      b.placement.map((p) => h('li', {class: `tag tag-placement-${p}`, text: p})),
      h('li', {class: 'tag', text: b.license}),
      b.composite ? h('li', {class: 'tag tag-composite', text: 'composite'}) : null),
    h('p', {class: 'card-foot'},
      b.resources ? h('span', {class: 'muted', text: `${b.resources.replicas} × ${b.resources.memory}${b.resources.cpu ? `, ${b.resources.cpu} CPU` : ''}`}) : h('span'),
      target && installable ? h('a', {class: 'button primary small', href: route('orgs', target.org, 'envs', target.env, 'install', b.name),
        text: 'Install', 'aria-label': `Install ${b.displayName}`}) : null));
}
