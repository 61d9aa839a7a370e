import { AppError, EXIT } from '../../app/errors.js';
import { didYouMean } from '../../model/diagnostics.js';
import { defineCommand } from '../pipeline.js';
import { LISTS, listRenderers } from '../../render/list.js';
import type { ListKind } from '../../render/list.js';

const kind = (arg: string): ListKind | undefined => LISTS.find((w) => w === arg || w === `${arg}s`);

export const list = defineCommand({
  name: 'list',
  arguments: [['[what]', `what to list: ${LISTS.join(', ')}`, 'scenarios']],
  description: "list the model's scenarios, conditions, actors, constraints, sources, contradictions or events",
  help: '\nExamples:\n  $ iraq-scenarios list conditions\n  $ iraq-scenarios list actors --json',
  needs: 'model',
  check: (_, [what]) => {
    if (!kind(what!)) throw new AppError(EXIT.usage, `list ${what}: expected one of ${LISTS.join(', ')}${didYouMean(what!, LISTS)}`);
  },
  run: ({ model, args }) => ({ model, what: kind(args[0]!)! }),
  render: () => listRenderers,
});
