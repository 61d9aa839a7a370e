import { spawnSync } from 'node:child_process';
import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, runIn, TODAY } from './helpers.js';

// Shell completion: the script printed by `completion bash`, sourced in a real
// bash, completing what a user types; the script calls the tool back through
// `__complete`, so it follows --model on the line.

/** A folder with `iraq-scenarios` on it, as an installed package puts it on PATH. */
const binDir = mkdtempSync(join(tmpdir(), 'iraq-completion-'));
symlinkSync(BIN, join(binDir, 'iraq-scenarios'));

const HAS_BASH = spawnSync('bash', ['--version']).status === 0;
const HAS_ZSH = spawnSync('zsh', ['--version']).status === 0;
const HAS_FISH = spawnSync('fish', ['--version']).status === 0;

/**
 * Completes each of `lines` (the cursor at its end) in one bash with the
 * script sourced once: COMP_WORDS split the way bash splits them (at spaces,
 * and at = and :, which are in COMP_WORDBREAKS), then the completion
 * function, then the reply, for each line in turn.
 */
function bashComplete(...lines: string[]): string[][] {
  const one = (line: string) => `
COMP_LINE=${JSON.stringify(line)}
COMP_POINT=\${#COMP_LINE}
# bash's own word splitting for completion, COMP_WORDBREAKS included.
read -r -a COMP_WORDS <<< "$(printf '%s' "$COMP_LINE" | sed -e 's/=/ = /g' -e 's/:/ : /g')"
case "$COMP_LINE" in *" "|*=|*:) COMP_WORDS+=("") ;; esac
COMP_CWORD=$(( \${#COMP_WORDS[@]} - 1 ))
COMPREPLY=()
_iraq_scenarios
printf '%s\\n' "\${COMPREPLY[@]}"
echo '${END}'`;
  const script = `source <(iraq-scenarios completion bash)\n${lines.map(one).join('\n')}`;
  // --norc: the script alone, not this machine's ~/.bashrc (which bash reads even with -c when stdin is a socket, as spawnSync's is).
  const r = spawnSync('bash', ['--norc', '-c', script], {
    encoding: 'utf8',
    cwd: ROOT,
    env: { ...process.env, PATH: `${binDir}:${process.env.PATH}`, IRAQ_SCENARIOS_TODAY: TODAY, IRAQ_SCENARIOS_NO_CACHE: '1' },
  });
  if (r.status !== 0) throw new Error(`bash: ${r.stderr}`);
  const replies = r.stdout.split(`${END}\n`).map((reply) => reply.split('\n').filter(Boolean));
  expect(replies.pop(), 'nothing after the last reply').toEqual([]);
  expect(replies).toHaveLength(lines.length);
  return replies;
}
/** Ends each reply in bashComplete's output. */
const END = '--- end of reply ---';

describe.skipIf(!HAS_BASH)('completion bash, sourced in bash', () => {
  it('completes a condition id after --set, then its values', () => {
    const [id, values, value] = bashComplete(
      'iraq-scenarios query --set sadrist_i',
      // After the =, bash replaces only what follows it: the values alone.
      'iraq-scenarios query --set sadrist_intervention=',
      'iraq-scenarios query --set iran_regime_state=co',
    );
    expect(id).toEqual(['sadrist_intervention=']);
    expect(values).toEqual(['true', 'false', 'unknown']);
    expect(value).toEqual(['collapsed']);
  });

  it('completes commands, options, scenario names and lists', () => {
    const [command, option, scenario, list, format] = bashComplete(
      'iraq-scenarios wh',
      'iraq-scenarios query --as',
      'iraq-scenarios explain ',
      'iraq-scenarios list con',
      'iraq-scenarios graph --format m',
    );
    expect(command).toEqual(['whatif']);
    expect(option).toEqual(['--as-of', '--assume']);
    expect(scenario).toEqual(['deadlock', 'base', 'I', 'II', 'III', 'IV', 'V', 'deadlock_caretaker_sudani', 'p0_maliki_government', 'p1_compromise_iran_approved', 'p2_washington_aligned', 'p3_sadrist_intervention', 'p4_early_elections', 'p5_calibrated_resignation']);
    expect(list).toEqual(['conditions', 'constraints', 'contradictions']);
    expect(format).toEqual(['mermaid']);
  });

  it('follows --model on the line: the conditions of that model', () => {
    const [id, values, folder] = bashComplete(
      'iraq-scenarios query --model tests/fixtures/harbour --set wea',
      'iraq-scenarios query --model tests/fixtures/harbour --set weather=',
      // A folder for --model: the shell lists folders.
      'iraq-scenarios query --model tests/fixtures/har',
    );
    expect(id).toEqual(['weather=']);
    expect(values).toEqual(['calm', 'storm', 'hurricane', 'unknown']);
    expect(folder).toEqual(expect.arrayContaining(['tests/fixtures/harbour', 'tests/fixtures/harbour-story']));
  });
});

describe('completion scripts', () => {
  it('prints a script for bash, zsh and fish; anything else is a usage error', async () => {
    for (const shell of ['bash', 'zsh', 'fish']) {
      const r = await runIn(['completion', shell]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('__complete');
      expect(r.stderr).toBe('');
    }
    const bad = await runIn(['completion', 'tcsh']);
    expect(bad.code).toBe(64);
    expect(bad.stderr).toContain('completion tcsh: expected bash, zsh or fish');
  });

  it.skipIf(!HAS_ZSH)('the zsh script loads in zsh', () => {
    const r = spawnSync('zsh', ['-c', 'autoload -U compinit && compinit -u && source <(iraq-scenarios completion zsh) && whence -w _iraq_scenarios'], {
      encoding: 'utf8',
      env: { ...process.env, PATH: `${binDir}:${process.env.PATH}` },
    });
    expect(r.stdout).toContain('function');
  });

  it.skipIf(!HAS_FISH)('the fish script completes a condition id in fish', () => {
    const r = spawnSync('fish', ['-c', 'iraq-scenarios completion fish | source; complete -C "iraq-scenarios query --set sadrist_i"'], {
      encoding: 'utf8',
      env: { ...process.env, PATH: `${binDir}:${process.env.PATH}` },
    });
    expect(r.stdout).toContain('sadrist_intervention=');
  });
});

for (const [has, shell] of [
  [HAS_BASH, 'bash'],
  [HAS_ZSH, 'zsh'],
  [HAS_FISH, 'fish'],
] as const)
  if (!has) process.stderr.write(`completion: the ${shell} tests skipped, ${shell} is not installed\n`);
