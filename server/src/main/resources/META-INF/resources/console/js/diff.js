// The exact diff a change will commit (the API's `diff`: one unified diff per file), shown before confirming.
import {h} from './dom.js';

const CHANGE_LABELS = {added: 'added', modified: 'changed', deleted: 'removed', removed: 'removed', renamed: 'renamed'};

/** One file's unified diff as lines, each a text node in a span with a class for its kind. */
function diffLines(text) {
  const lines = String(text ?? '').replace(/\n$/, '').split('\n');
  return h('pre', {class: 'diff-lines', tabindex: '0'}, lines.map((line) => {
    let kind = 'ctx';
    if (line.startsWith('+++') || line.startsWith('---')) {
      kind = 'meta';
    } else if (line.startsWith('@@')) {
      kind = 'hunk';
    } else if (line.startsWith('+')) {
      kind = 'add';
    } else if (line.startsWith('-')) {
      kind = 'del';
    }
    return h('span', {class: `diff-${kind}`, text: `${line}\n`});
  }));
}

/** Counts of added and removed lines of a file's diff. */
function counts(text) {
  let added = 0;
  let removed = 0;
  for (const line of String(text ?? '').split('\n')) {
    if (line.startsWith('+') && !line.startsWith('+++')) {
      added += 1;
    } else if (line.startsWith('-') && !line.startsWith('---')) {
      removed += 1;
    }
  }
  return {added, removed};
}

/** The files of an outcome's diff: a summary line and each file, open when the diff is small. */
export function diffView(files, {openLimit = 12} = {}) {
  if (!files?.length) {
    return h('p', {class: 'empty-state', text: 'Nothing changes: the Environment already is what this would make it.'});
  }
  const total = files.reduce((sum, f) => {
    const c = counts(f.diff);
    return {added: sum.added + c.added, removed: sum.removed + c.removed};
  }, {added: 0, removed: 0});
  return h('div', {class: 'diff'},
    h('p', {class: 'diff-summary'},
      `${files.length} ${files.length === 1 ? 'file changes' : 'files change'} in Git: `,
      h('span', {class: 'diff-add-count', text: `+${total.added}`}), ' ',
      h('span', {class: 'diff-del-count', text: `−${total.removed}`})),
    files.map((file, i) => {
      const c = counts(file.diff);
      return h('details', {class: 'diff-file', open: i < openLimit, dataset: {path: file.path}},
        h('summary', {},
          h('code', {class: 'diff-path', text: file.path}),
          h('span', {class: ['badge', `change-${file.change}`], text: CHANGE_LABELS[file.change] ?? file.change}),
          h('span', {class: 'diff-counts'}, h('span', {class: 'diff-add-count', text: `+${c.added}`}), ' ',
            h('span', {class: 'diff-del-count', text: `−${c.removed}`}))),
        diffLines(file.diff));
    }));
}

/** The full new content of an added file from its diff ('+' lines), or null for other changes. */
export function addedContent(file) {
  if (file.change !== 'added') {
    return null;
  }
  return String(file.diff ?? '').split('\n')
    .filter((l) => l.startsWith('+') && !l.startsWith('+++'))
    .map((l) => l.slice(1))
    .join('\n');
}
