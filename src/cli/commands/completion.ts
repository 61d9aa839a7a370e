import type { Command, Option } from 'commander';
import { AppError, EXIT } from '../../app/errors.js';
import type { Io } from '../../app/io.js';
import { allScenarioNames, valueWords } from '../../app/names.js';
import type { Model } from '../../engine/types.js';
import { defineCommand, orList } from '../pipeline.js';
import type { AnyCommand } from '../pipeline.js';

/*
 * Shell completion. `completion bash|zsh|fish` prints a script; the script
 * asks the tool itself what fits where the cursor is (`__complete`, hidden),
 * so the candidates come from the program's own commands and options and
 * from the model in use: `--model DIR` on the line being completed is read.
 */

export const SHELLS = ['bash', 'zsh', 'fish'] as const;

const BASH = `# iraq-scenarios completion for bash. Load it in this shell:
#   source <(iraq-scenarios completion bash)
# or for every shell: iraq-scenarios completion bash > ~/.local/share/bash-completion/completions/iraq-scenarios
_iraq_scenarios() {
  local line="\${COMP_LINE:0:COMP_POINT}"
  local out
  out=$(command iraq-scenarios __complete --shell bash --line "$line" 2>/dev/null) || return 0
  local cur="\${COMP_WORDS[COMP_CWORD]}"
  case "$out" in
    :dirs) COMPREPLY=($(compgen -d -- "$cur")); compopt -o filenames 2>/dev/null; return 0 ;;
    :files) COMPREPLY=($(compgen -f -- "$cur")); compopt -o filenames 2>/dev/null; return 0 ;;
  esac
  # bash splits words at = and :, and replaces only what follows them: give it that part.
  local word="\${line##*[[:space:]]}"
  local head="\${word%"$cur"}"
  local IFS=$'\\n' c
  COMPREPLY=()
  for c in $out; do
    COMPREPLY+=("\${c#"$head"}")
    case "$c" in *= | */ | *,) compopt -o nospace 2>/dev/null ;; esac
  done
}
complete -F _iraq_scenarios iraq-scenarios
`;

const ZSH = `#compdef iraq-scenarios
# iraq-scenarios completion for zsh. Load it in this shell:
#   source <(iraq-scenarios completion zsh)
# or for every shell: iraq-scenarios completion zsh > "\${fpath[1]}/_iraq-scenarios"
_iraq_scenarios() {
  local -a out open spaced
  out=("\${(@f)$(command iraq-scenarios __complete --shell zsh --line "\${(j: :)words[1,CURRENT]}" 2>/dev/null)}")
  case "\${out[1]}" in
    :dirs) _files -/; return ;;
    :files) _files; return ;;
  esac
  local c
  for c in $out; do
    if [[ $c == *= || $c == */ || $c == *, ]]; then open+=("$c"); else spaced+=("$c"); fi
  done
  (( $#open )) && compadd -Q -S '' -- $open
  (( $#spaced )) && compadd -Q -- $spaced
}
if (( $+functions[compdef] )); then compdef _iraq_scenarios iraq-scenarios; fi
`;

const FISH = `# iraq-scenarios completion for fish. Load it in this shell:
#   iraq-scenarios completion fish | source
# or for every shell: iraq-scenarios completion fish > ~/.config/fish/completions/iraq-scenarios.fish
function __iraq_scenarios_complete
    set -l out (command iraq-scenarios __complete --shell fish --line (commandline -cp) 2>/dev/null)
    switch "$out[1]"
        case ':dirs'
            __fish_complete_directories (commandline -ct)
        case ':files'
            __fish_complete_path (commandline -ct)
        case '*'
            printf '%s\\n' $out
    end
end
complete -c iraq-scenarios -f -a '(__iraq_scenarios_complete)'
`;

const SCRIPTS: Record<(typeof SHELLS)[number], string> = { bash: BASH, zsh: ZSH, fish: FISH };

export const completion = defineCommand({
  name: 'completion',
  arguments: [['<shell>', `the shell: ${orList(SHELLS)}`]],
  description: 'print a shell completion script: commands, options, scenario names, condition ids and their values, from the model in use',
  help: `
The script asks iraq-scenarios itself what fits at the cursor, so it follows
the model named by --model on the line being completed, and this version's
commands and options.

Examples:
  $ source <(iraq-scenarios completion bash)
  $ iraq-scenarios completion bash > ~/.local/share/bash-completion/completions/iraq-scenarios
  $ iraq-scenarios completion zsh > "\${fpath[1]}/_iraq-scenarios"
  $ iraq-scenarios completion fish > ~/.config/fish/completions/iraq-scenarios.fish`,
  needs: 'nothing',
  // A script, not data: it has no other format.
  formats: [],
  check: (_opts, [shell]) => {
    if (!SHELLS.includes(shell as never)) throw new AppError(EXIT.usage, `completion ${shell}: expected ${orList(SHELLS)}`);
  },
  run: ({ io, args: [shell] }) => {
    io.stdout.write(SCRIPTS[shell as (typeof SHELLS)[number]]);
  },
});

/** Options whose value is a folder, a file, or something the model names. */
const DIRS = new Set(['--model', '--from-model', '--to-model', '--sources']);
const FILES = new Set(['--conditions', '--from-conditions', '--to-conditions', '--batch']);
const SETTINGS = new Set(['--set', '--from-set', '--to-set']);
const DATES = new Set(['--as-of', '--from-as-of', '--to-as-of', '--until']);

function optionNamed(cmd: Command, word: string): Option | undefined {
  return cmd.options.find((o) => o.long === word || o.short === word);
}

function takesValue(o: Option | undefined): boolean {
  return !!o && (o.required || o.optional);
}

/** `ID=` for each condition, or `ID=VALUE` for each value once the id is typed. */
function settingWords(model: Model | undefined, current: string, unknown: boolean): string[] {
  if (!model) return [];
  const eq = current.indexOf('=');
  if (eq < 0) return model.conditions.map((c) => `${c.id}=`);
  const c = model.conditions.find((x) => x.id === current.slice(0, eq));
  return c ? valueWords(c, unknown).map((v) => `${c.id}=${v}`) : [];
}

/** What fits the word at the end of `line`: candidates, or `:files` / `:dirs` for the shell to complete. */
export async function candidates(program: Command, line: string, io: Io, commands: readonly AnyCommand[]): Promise<string[]> {
  const words = line.split(/\s+/);
  const current = words.pop() ?? '';
  const before = words.slice(1);
  const visible = program.commands.filter((c) => !(c as Command & { _hidden?: boolean })._hidden);
  const at = before.findIndex((w) => !w.startsWith('-'));
  const cmd = at >= 0 ? visible.find((c) => c.name() === before[at]) : undefined;
  if (!cmd) {
    if (at >= 0) return [];
    if (current.startsWith('-')) return ['--help', '--version'];
    return [...visible.map((c) => c.name()), 'help'];
  }
  const rest = before.slice(at + 1);
  // The model on the line, else the shipped one; one that does not load completes nothing of its own.
  let model: Model | undefined;
  const m = rest.findIndex((w) => w === '--model');
  const dir = m >= 0 ? rest[m + 1] : rest.find((w) => w.startsWith('--model='))?.slice('--model='.length);
  try {
    const { getModel } = await import('../../app/model.js');
    model = (await getModel(dir, { ...io, stderr: { write: () => true } as never })).model;
  } catch {
    model = undefined;
  }
  const prev = rest[rest.length - 1];
  const prevOpt = prev !== undefined && prev.startsWith('-') ? optionNamed(cmd, prev) : undefined;
  if (prevOpt && takesValue(prevOpt)) {
    const long = prevOpt.long ?? '';
    if (DIRS.has(long)) return [':dirs'];
    if (FILES.has(long)) return [':files'];
    if (SETTINGS.has(long)) return settingWords(model, current, true);
    if (long === '--observe') return settingWords(model, current, false);
    if (long === '--assume' && model) {
      const eq = current.indexOf('=');
      const ids = model.contradictions.filter((x) => x.sides.length);
      if (eq < 0) return ids.map((x) => `${x.id}=`);
      const c = ids.find((x) => x.id === current.slice(0, eq));
      return c ? c.sides.map((s) => `${c.id}=${s.id}`) : [];
    }
    if (long === '--only' && model) {
      const head = current.slice(0, current.lastIndexOf(',') + 1);
      return model.conditions.map((c) => `${head}${c.id}`);
    }
    if (long === '--format') {
      const spec = commands.find((c) => c.spec.name === cmd.name())?.spec;
      return [...(spec?.formats ?? ['table', 'json', 'markdown'])];
    }
    if (DATES.has(long)) {
      const dates = model ? [...new Set(model.events.map((e) => e.date))].sort() : [];
      return [...(long === '--until' ? [] : ['today', 'latest', 'start']), ...dates];
    }
    return [];
  }
  if (current.startsWith('-')) return [...cmd.options.flatMap((o) => (o.long ? [o.long] : [])), '--help'];
  // Positional: which argument the word is, counting the words that are not options or their values.
  let n = 0;
  for (let i = 0; i < rest.length; i++) {
    const w = rest[i]!;
    if (w.startsWith('-')) {
      if (!w.includes('=') && takesValue(optionNamed(cmd, w))) i++;
      continue;
    }
    n++;
  }
  const arg = cmd.registeredArguments[n];
  if (!arg) return [];
  const name = arg.name();
  if (name === 'scenario') return model ? allScenarioNames(model) : [];
  if (name === 'shell') return [...SHELLS];
  if (name === 'dir') return [':dirs'];
  if (arg.argChoices) return [...arg.argChoices];
  if (cmd.name() === 'list') {
    const { LISTS } = await import('../../render/list.js');
    return [...LISTS];
  }
  return [];
}

/** The hidden `__complete` command the scripts call: candidates for the end of --line, one a line. */
export function registerComplete(program: Command, io: Io, commands: readonly AnyCommand[]): void {
  program
    .command('__complete', { hidden: true })
    .option('--shell <shell>', 'the shell asking', 'bash')
    .option('--line <text>', 'the command line up to the cursor', '')
    .action(async (opts: { shell: string; line: string }) => {
      const all = await candidates(program, opts.line, io, commands);
      const current = opts.line.split(/\s+/).pop() ?? '';
      const fit = all[0]?.startsWith(':') ? all.slice(0, 1) : all.filter((c) => c.startsWith(current));
      io.stdout.write(fit.length ? `${fit.join('\n')}\n` : '');
    });
}
