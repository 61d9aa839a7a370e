import { edgeNegated, edgeTest } from '../engine/graph.js';
import type { EdgeRole, GraphEdge, GraphNode, ModelGraph } from '../engine/graph.js';
import type { Status } from '../engine/evaluate.js';
import { formatValue } from '../engine/expr.js';
import type { Model } from '../engine/types.js';
import { numberShort } from './kit/number.js';
import type { Renderers } from './kit/options.js';

export type GraphFormat = 'dot' | 'mermaid';

/** Fill and outline per scenario status (the same colours in DOT and Mermaid). */
export const STATUS_COLOURS: Readonly<Record<Status, { fill: string; stroke: string }>> = {
  triggered: { fill: '#b6d7a8', stroke: '#38761d' },
  certain: { fill: '#93c47d', stroke: '#274e13' },
  open: { fill: '#fff2cc', stroke: '#bf9000' },
  'ruled-out': { fill: '#f4cccc', stroke: '#990000' },
};
const SET = { fill: '#cfe2f3', stroke: '#0b5394' };
const DERIVED = { fill: '#e7eef7', stroke: '#3d85c6' };

const EDGE_STYLE: Readonly<Record<EdgeRole, string>> = {
  if: 'color="#444444"',
  then: 'color="#444444"',
  member: 'color="#999999", style=dashed, dir=none',
  requires: 'color="#1155cc"',
  'rules-out': 'color="#cc0000", arrowhead=tee',
  triggers: 'color="#38761d", penwidth=2',
  favours: 'color="#6aa84f", style=dotted',
  disfavours: 'color="#e06666", style=dotted',
};

/** A condition's label: its id, its named values (if any), and its value when set or derived. */
function conditionLabel(n: GraphNode & { kind: 'condition' }): string {
  const values = n.values ? `\n${n.values.map(formatValue).join(' | ')}` : '';
  if (n.state === 'unknown' || n.value === null) return `${n.label}${values}`;
  return `${n.label}${values}\n= ${formatValue(n.value)} (${n.state})`;
}

function scenarioLabel(n: GraphNode & { kind: 'scenario' }): string {
  const w = numberShort(n);
  return `${n.label}\n${n.status}${w ? ` ${w}` : ''}`;
}

/** A DOT string literal: quotes and backslashes escaped, newlines as \n. */
function q(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

export const GRAPH_LEGEND = [
  'Scenarios: green = triggered, yellow = open, red = ruled out.',
  'Conditions: bold blue = set (or observed, or assumed), dashed blue = derived, white = unknown; named values listed.',
  'Edges: grey = constraint (if -> rule -> then; dashed = member of an exclusion),',
  'blue = requires, red tee = rules out, bold green = triggers, dotted = evidence for/against.',
  'A circle at the condition\'s end and the label "not" = the condition negated; "= v" / "≠ v" = a named value tested.',
].join('\n');

/** DOT attributes an edge adds for how it tests its condition: a label, and a circle at its start when negated. */
function dotTest(e: GraphEdge): string {
  const test = edgeTest(e);
  const attrs = test ? [`label=${q(test)}`, 'fontsize=9', `fontcolor="${edgeNegated(e) ? '#990000' : '#333333'}"`] : [];
  // The circle (an inverter's bubble) sits at the condition's end: the head of a
  // constraint's `then` edge, the tail of every other.
  if (edgeNegated(e)) attrs.push(...(e.role === 'then' ? ['arrowhead=odotnormal'] : [e.directed ? 'dir=both' : 'dir=back', 'arrowtail=odot']));
  return attrs.length ? `, ${attrs.join(', ')}` : '';
}

/**
 * The model graph in Graphviz DOT: left to right, scenarios on the right,
 * coloured by status, set and derived conditions marked; a legend in the
 * graph label. Renders with `dot -Tsvg`.
 *
 * @example
 * graphDot(modelGraph(model, ev), 'harbour').startsWith('digraph "harbour" {'); // true
 */
export function graphDot(g: ModelGraph, name: string, title?: string): string {
  const out: string[] = [`digraph ${q(name)} {`];
  out.push(
    `  graph [rankdir=LR, fontname="Helvetica", fontsize=11, labelloc=t, labeljust=l, nodesep=0.25, ranksep=0.6, label=${q(`${title ? `${title}\n` : ''}${GRAPH_LEGEND}`)}];`,
  );
  out.push('  node [fontname="Helvetica", fontsize=10];');
  out.push('  edge [arrowsize=0.7, fontname="Helvetica"];');
  for (const n of g.nodes) {
    if (n.kind === 'condition') {
      const attrs =
        n.state === 'set' || n.state === 'observed' || n.state === 'assumed'
          ? `style="rounded,filled,bold", fillcolor="${SET.fill}", color="${SET.stroke}"`
          : n.state === 'derived'
            ? `style="rounded,filled,dashed", fillcolor="${DERIVED.fill}", color="${DERIVED.stroke}"`
            : 'style=rounded';
      out.push(`  ${q(n.id)} [shape=box, label=${q(conditionLabel(n))}, ${attrs}];`);
    } else if (n.kind === 'constraint') {
      out.push(`  ${q(n.id)} [shape=diamond, fontsize=8, style=filled, fillcolor="#eeeeee", color="#666666", label=${q(`${n.label}\n${n.constraintKind}`)}];`);
    }
  }
  out.push('  { rank=sink;');
  for (const n of g.nodes) {
    if (n.kind !== 'scenario') continue;
    const c = STATUS_COLOURS[n.status];
    out.push(`    ${q(n.id)} [shape=box, style="filled,bold", fillcolor="${c.fill}", color="${c.stroke}", fontsize=11, label=${q(scenarioLabel(n))}];`);
  }
  out.push('  }');
  for (const e of g.edges)
    out.push(`  ${q(e.from)} -> ${q(e.to)} [${EDGE_STYLE[e.role]}${dotTest(e)}, tooltip=${q(`${e.role}: ${e.label}`)}];`);
  out.push('}');
  return out.join('\n') + '\n';
}

/** Mermaid ids must be plain words: kind prefix plus the id's own characters. */
function mid(id: string): string {
  const [kind, rest] = [id.slice(0, id.indexOf(':')), id.slice(id.indexOf(':') + 1)];
  return `${kind === 'condition' ? 'c' : kind === 'constraint' ? 'k' : 's'}_${rest.replace(/[^A-Za-z0-9_]/g, '_')}`;
}

/** Mermaid label text: quotes as entities, line breaks as <br/>. */
function mq(s: string): string {
  return `"${s.replace(/"/g, '#quot;').replace(/\n/g, '<br/>')}"`;
}

/** Each role's link and its words (none for a constraint's own edges). */
const MERMAID_LINK: Readonly<Record<EdgeRole, [link: string, words: string]>> = {
  if: ['-->', ''],
  then: ['-->', ''],
  member: ['-.-', ''],
  requires: ['-->', 'requires'],
  'rules-out': ['--x', 'rules out'],
  triggers: ['==>', 'triggers'],
  favours: ['-.->', 'favours'],
  disfavours: ['-.->', 'disfavours'],
};

/** A Mermaid edge: the role's words and what it tests (`requires not`, `= storm`) as its label. */
function mermaidEdge(e: GraphEdge): string {
  const [link, words] = MERMAID_LINK[e.role];
  const text = [words, edgeTest(e)].filter(Boolean).join(' ');
  // Unquoted: the words are the tool's, the values ids (lower_snake_case).
  return `${mid(e.from)} ${link}${text ? `|${text}|` : ''} ${mid(e.to)}`;
}

/**
 * The model graph as a Mermaid flowchart (GitHub renders it in Markdown):
 * the same nodes, edges and colours as the DOT output.
 *
 * @example
 * graphMermaid(g).split('\n')[0]; // 'flowchart LR'
 */
export function graphMermaid(g: ModelGraph): string {
  const out: string[] = ['flowchart LR'];
  for (const n of g.nodes) {
    if (n.kind === 'condition') {
      const cls = n.state === 'set' || n.state === 'observed' || n.state === 'assumed' ? ':::set' : n.state === 'derived' ? ':::derived' : '';
      out.push(`  ${mid(n.id)}(${mq(conditionLabel(n))})${cls}`);
    } else if (n.kind === 'constraint') {
      out.push(`  ${mid(n.id)}{${mq(`${n.label}\n${n.constraintKind}`)}}:::constraint`);
    } else {
      out.push(`  ${mid(n.id)}[${mq(scenarioLabel(n))}]:::${n.status === 'ruled-out' ? 'ruledout' : n.status}`);
    }
  }
  for (const e of g.edges) out.push(`  ${mermaidEdge(e)}`);
  // Negated edges are drawn red and dashed as well as labelled.
  const negated = g.edges.flatMap((e, i) => (edgeNegated(e) ? [i] : []));
  if (negated.length) out.push(`  linkStyle ${negated.join(',')} stroke:#990000,stroke-dasharray:3 3`);
  const def = (name: string, c: { fill: string; stroke: string }, extra = '') =>
    `  classDef ${name} fill:${c.fill},stroke:${c.stroke}${extra}`;
  out.push(def('triggered', STATUS_COLOURS.triggered, ',stroke-width:2px'));
  out.push(def('certain', STATUS_COLOURS.certain, ',stroke-width:3px'));
  out.push(def('open', STATUS_COLOURS.open));
  out.push(def('ruledout', STATUS_COLOURS['ruled-out']));
  out.push(def('set', SET, ',stroke-width:2px'));
  out.push(def('derived', DERIVED, ',stroke-dasharray:4 3'));
  out.push(def('constraint', { fill: '#eeeeee', stroke: '#666666' }, ',font-size:10px'));
  return out.join('\n') + '\n';
}

/** What `graph` renders: the model's graph under the settings. */
export interface GraphData {
  model: Model;
  g: ModelGraph;
}

export const graphRenderers: Renderers<GraphData> = {
  dot: ({ model, g }) => graphDot(g, model.info.name, model.info.title),
  mermaid: ({ g }) => graphMermaid(g),
};
