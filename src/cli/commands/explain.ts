import type { Command } from 'commander';
import type { Io } from '../io.js';
import {
  evaluateOrFail,
  findScenario,
  getFormat,
  getModel,
  getSettings,
  renderOptions,
  withFormatOptions,
  withModelOption,
  withSettingsOptions,
} from '../context.js';
import type { CommonOptions } from '../context.js';
import { explainJson, explainMarkdown, explainText, showText } from '../../render/explain.js';
import { citationJson, SCHEMA_VERSION, toJsonText } from '../../render/json.js';
import { formatExpr } from '../../engine/expr.js';
import type { Scenario } from '../../engine/types.js';

export function registerExplain(program: Command, io: Io): void {
  const cmd = program
    .command('explain')
    .argument('<scenario>', 'a scenario id or numeral (I..V)')
    .description('why a scenario holds, is triggered or is ruled out under the settings, with sources and quotes')
    .addHelpText('after', '\nExamples:\n  $ iraq-scenarios explain I --set iran_regime_collapse=true\n  $ iraq-scenarios explain p3_sadrist_intervention -s sadrist_intervention=yes --json');
  withFormatOptions(withSettingsOptions(withModelOption(cmd))).action(async (name: string, opts: CommonOptions) => {
    const format = getFormat(opts);
    const { model } = await getModel(opts.model, io);
    const scenario = findScenario(model, name);
    const settings = await getSettings(model, opts, io);
    const ev = evaluateOrFail(model, settings);
    const r = ev.scenarios.find((s) => s.id === scenario.id)!;
    if (format === 'json') io.stdout.write(toJsonText(explainJson(ev, r)));
    else if (format === 'markdown') io.stdout.write(explainMarkdown(model, ev, r));
    else {
      const { chalk, width } = renderOptions(io, opts);
      io.stdout.write(explainText(model, ev, r, chalk, width));
    }
  });
}

function scenarioJson(s: Scenario): Record<string, unknown> {
  const clause = (c: { when: Scenario['requires'][number]['when']; text?: string | undefined; citations: Scenario['citations'] }) => ({
    when: formatExpr(c.when),
    ...(c.text ? { text: c.text } : {}),
    sources: c.citations.map(citationJson),
  });
  return {
    id: s.id,
    numeral: s.numeral,
    title: s.title,
    summary: s.summary ?? null,
    prior: s.prior,
    labels: s.labels.map((l) => ({ label: l.label, sources: l.citations.map(citationJson) })),
    requires: s.requires.map(clause),
    triggers: s.triggers.map(clause),
    rulesOut: s.rulesOut.map(clause),
    evidence: s.evidence.map((e) => ({ ...clause(e), effect: e.effect, strength: e.strength })),
    consequences: s.consequences.map((c) => ({ ...clause(c), likelihood: c.likelihood })),
    sources: s.citations.map(citationJson),
  };
}

export function registerShow(program: Command, io: Io): void {
  const cmd = program
    .command('show')
    .argument('<scenario>', 'a scenario id or numeral (I..V)')
    .description('a scenario as the model states it: requirements, triggers, rule-outs, evidence, stances, sources')
    .addHelpText('after', '\nExamples:\n  $ iraq-scenarios show IV\n  $ iraq-scenarios show p0_maliki_government --json');
  withFormatOptions(withModelOption(cmd)).action(async (name: string, opts: CommonOptions) => {
    const format = getFormat(opts);
    const { model } = await getModel(opts.model, io);
    const s = findScenario(model, name);
    if (format === 'json') io.stdout.write(toJsonText({ schemaVersion: SCHEMA_VERSION, scenario: scenarioJson(s) }));
    else if (format === 'markdown') {
      const text = showText(model, s, renderOptions(io, { ...opts, color: false }).chalk);
      const [title, ...rest] = text.split('\n');
      io.stdout.write(`## ${title}\n${rest.join('\n')}`);
    } else {
      const { chalk, width } = renderOptions(io, opts);
      io.stdout.write(showText(model, s, chalk, width));
    }
  });
}
