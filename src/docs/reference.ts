import type { AnyLoop, Trigger } from '../kernel/index.js';
import { workspaceJsonSchema } from '../workspace/index.js';
import type { JsonSchemaNode } from '../workspace/schema-compat.js';
import { code, fieldSections, GENERATED, table } from './markdown.js';
import { fieldRows, Shapes } from './schema-fields.js';

/** The generated reference: file path (relative to docs/reference/) to its Markdown. */
export type ReferenceFiles = Map<string, string>;

function trigger(t: Trigger): string {
  switch (t.kind) {
    case 'event':
      return `event ${code(t.on)}`;
    case 'handoff':
      return `handoff ${code(t.on)} from ${code(t.from)}`;
    case 'schedule':
      return `schedule (the ${code(t.config)} block of its config)`;
    case 'materialize':
      return `plan/apply of ${t.kinds.map(code).join(', ')}`;
    case 'model':
      return 'model run (on demand, per scenario)';
    case 'operator':
      return `operator action ${code(t.action)}`;
  }
}

function loopPage(loop: AnyLoop, schema: JsonSchemaNode, defs: Record<string, JsonSchemaNode>): string {
  const shapes = new Shapes(defs, loop.name);
  const facts = [
    `- File: ${code(`loops/${loop.name}.yaml`)}, starting with ${code(`loop: ${loop.name}`)}.`,
    `- Loop version: ${loop.version}. Archetypes: ${loop.archetypes.join(', ')}.`,
    `- Runs on: ${loop.triggers.map(trigger).join('; ')}.`,
    `- Outputs: ${loop.outputs.map((o) => o.replace('_', ' ')).join(', ')}.`,
    ...(loop.emits.length > 0
      ? [`- Hands off: ${loop.emits.map((e) => `${code(e.type)} (${e.description})`).join('; ')}`]
      : []),
  ];
  const metrics = table(
    ['Metric', 'Kind', 'What it measures'],
    loop.metrics.map((m) => [code(m.name), m.kind === 'value' ? `value (${m.unit})` : m.kind, m.description]),
  );
  const levels = { 1: '1 (tunes itself)', 2: '2 (alerts)', 3: '3 (proposes)' } as const;
  const feedback = table(
    ['Feedback', 'Level', 'Reads', 'What it does'],
    loop.feedback.map((f) => [code(f.name), levels[f.level], f.reads.map(code).join(', '), f.description]),
  );
  return [
    `# Loop \`${loop.name}\`: configuration reference`,
    GENERATED,
    loop.description,
    facts.join('\n'),
    '## Metrics',
    metrics,
    '## Feedback',
    feedback,
    fieldSections(schema, shapes),
  ].join('\n\n');
}

function workspacePage(schema: JsonSchemaNode, defs: Record<string, JsonSchemaNode>): string {
  return [
    '# `revloops.yaml`: configuration reference',
    GENERATED,
    typeof schema.description === 'string' ? schema.description : '',
    'Every workspace has one `revloops.yaml` at its root. `revloops validate` checks it; ' +
      '`revloops schema --out revloops.schema.json` writes the JSON Schema editors use for completion.',
    fieldSections(schema, new Shapes(defs, 'workspace')),
  ].join('\n\n');
}

function indexPage(loops: readonly AnyLoop[]): string {
  return [
    '# Configuration reference',
    GENERATED,
    'Every field of every workspace file, with its type, default, allowed values and meaning. ' +
      'Run `npm run docs` after changing a schema; CI fails while these pages are stale.',
    [
      `- [\`revloops.yaml\`](revloops-yaml.md): the workspace file.`,
      ...loops.map((l) => `- [\`loops/${l.name}.yaml\`](loops/${l.name}.md): ${l.description}`),
    ].join('\n'),
  ].join('\n\n');
}

/** Renders the reference pages of the workspace file and of every loop given, sorted by name. */
export function renderReference(loops: readonly AnyLoop[]): ReferenceFiles {
  const sorted = [...loops].sort((a, b) => a.name.localeCompare(b.name));
  const bundle = workspaceJsonSchema(sorted);
  const defs = (bundle.$defs ?? {}) as Record<string, JsonSchemaNode>;
  const files: ReferenceFiles = new Map();
  files.set('README.md', `${indexPage(sorted)}\n`);
  files.set('revloops-yaml.md', `${workspacePage(defs.workspace ?? {}, defs)}\n`);
  for (const loop of sorted) {
    files.set(`loops/${loop.name}.md`, `${loopPage(loop, defs[`loop-${loop.name}`] ?? {}, defs)}\n`);
  }
  return files;
}

/** Fields whose schema has no `.describe()`, as `file: path`: the reference has nothing to say about them. */
export function undescribedFields(loops: readonly AnyLoop[]): string[] {
  const defs = (workspaceJsonSchema(loops).$defs ?? {}) as Record<string, JsonSchemaNode>;
  const files: [string, string][] = [
    ['revloops.yaml', 'workspace'],
    ...loops.map((l): [string, string] => [`loops/${l.name}.yaml`, `loop-${l.name}`]),
  ];
  return files.flatMap(([file, key]) =>
    fieldRows(defs[key] ?? {}, new Shapes(defs, key))
      .filter((r) => r.description === '')
      .map((r) => `${file}: ${r.path}`),
  );
}
