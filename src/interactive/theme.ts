import type { ChalkInstance } from 'chalk';

type Keys = [key: string, action: string][];

/**
 * Prompt styles drawn with the session's chalk, because inquirer colours with
 * node's styleText, which knows NO_COLOR but not --no-color. Every help line
 * also says that Esc backs out.
 */
export function promptTheme(chalk: ChalkInstance, extraKeys: Keys = [['esc', 'back']]) {
  return {
    prefix: { idle: chalk.blue('?'), done: chalk.green('✔') },
    spinner: { interval: 80, frames: ['-', '\\', '|', '/'].map((f) => chalk.yellow(f)) },
    style: {
      answer: (t: string) => chalk.cyan(t),
      message: (t: string) => chalk.bold(t),
      error: (t: string) => chalk.red(`> ${t}`),
      defaultAnswer: (t: string) => chalk.dim(`(${t})`),
      help: (t: string) => chalk.dim(t),
      highlight: (t: string) => chalk.cyan(t),
      key: (t: string) => chalk.cyan.bold(`<${t}>`),
      disabled: (t: string) => chalk.dim(t),
      description: (t: string) => chalk.cyan(t),
      searchTerm: (t: string) => chalk.cyan(t),
      keysHelpTip: (keys: Keys) =>
        [...keys, ...extraKeys].map(([k, a]) => `${chalk.bold(k)} ${chalk.dim(a)}`).join(chalk.dim(' • ')),
    },
  };
}
