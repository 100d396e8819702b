// YAML for the IaC editor and the yaml widget: js-yaml, from its Maven Central webjar (server/pom.xml), served by
// Catalyst from the jar. Keep the version in this path equal to js-yaml.version in server/pom.xml.
import jsyaml from '/webjars/js-yaml/4.1.0/dist/js-yaml.mjs';

/** YAML text → data (the JSON-compatible core schema: no custom tags). Throws YAMLException with `mark.line`. */
export function parseYaml(text) {
  return jsyaml.load(text, {schema: jsyaml.CORE_SCHEMA, json: false});
}

/** Data → YAML text, keys in the order given, 2-space indentation. */
export function toYaml(value) {
  return jsyaml.dump(value, {indent: 2, lineWidth: 120, noRefs: true, sortKeys: true});
}

/** "line N: reason" for a parse error. */
export function yamlErrorMessage(e) {
  const line = e?.mark ? e.mark.line + 1 : null;
  const reason = e?.reason ?? e?.message ?? String(e);
  return line ? `line ${line}: ${reason}` : reason;
}

/** The 1-based line where `path` (tokens) is written as a key in `text`, or null. Block style only. */
export function lineOf(text, path) {
  const lines = text.split('\n');
  let depthIndent = -1;
  let found = 0;
  for (let i = 0; i < lines.length && found < path.length; i += 1) {
    const line = lines[i];
    if (/^\s*(#|$)/.test(line)) {
      continue;
    }
    const indent = line.length - line.trimStart().length;
    if (found > 0 && indent <= depthIndent) {
      return null;
    }
    const key = line.trimStart().match(/^("?)([^":]+)\1:(\s|$)/);
    if (key && key[2] === String(path[found]) && indent > depthIndent) {
      depthIndent = indent;
      found += 1;
      if (found === path.length) {
        return i + 1;
      }
    }
  }
  return null;
}
