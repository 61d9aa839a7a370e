import { z } from 'zod';
import { modelFileSchema } from './schema.js';

/** The JSON Schema (draft-07) of a model file, for editors (yaml-language-server). */
export function jsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(modelFileSchema, { target: 'draft-07', io: 'input' }) as Record<string, unknown>;
  return {
    ...schema,
    title: 'iraq-scenarios model file',
    description: 'One file of an iraq-scenarios model folder. The `kind` key says what the file holds.',
  };
}
