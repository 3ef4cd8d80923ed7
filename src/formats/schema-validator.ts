/**
 * The three file formats' JSON Schemas (schemas/*.schema.json, draft 2020-12), compiled once with ajv.
 *
 * The schema files are imported as JSON modules (`with { type: 'json' }`) rather than read from disk: esbuild
 * inlines them into dist/cli.js and dist/index.js, so the bundle works from any working directory and in the action
 * runner, and jest (native ESM) loads the same files through the same import. There is exactly one copy of each
 * schema: the published one under schemas/.
 */
import Ajv2020Module from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import biasReportSchema from '../../schemas/bias-report.schema.json' with { type: 'json' };
import manifestSchema from '../../schemas/manifest.schema.json' with { type: 'json' };
import policySchema from '../../schemas/policy.schema.json' with { type: 'json' };

/** The documents with a schema. */
export type SchemaKind = 'manifest' | 'biasReport' | 'policy';

/** The schemas by kind (as published under schemas/), for renderers and `preflight`. */
export const SCHEMAS: Readonly<Record<SchemaKind, { $id: string }>> = {
  manifest: manifestSchema,
  biasReport: biasReportSchema,
  policy: policySchema,
};

// ajv and ajv-formats are CommonJS; depending on the loader (Node, jest, esbuild) the default import is either the
// export itself or a namespace whose `default` is. Accept both rather than depend on one interop behaviour.
type Ajv2020Class = typeof Ajv2020Module.default;
const Ajv2020 = ((Ajv2020Module as unknown as { default?: Ajv2020Class }).default ?? Ajv2020Module) as Ajv2020Class;
type AddFormats = typeof addFormatsModule.default;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ??
  addFormatsModule) as AddFormats;

/**
 * The schema compiler and its settings: `allErrors` (a PR author sees every problem at once), `strict` (a schema
 * mistake is a bug, reported at once), `allowUnionTypes` (rates and metrics are `["number", "null"]`: null is an
 * undefined metric, never a pass), `verbose` (each error carries its schema's `description` and the offending data)
 * and the formats the schemas use.
 */
export function newSchemaCompiler(): InstanceType<Ajv2020Class> {
  const compiler = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true });
  addFormats(compiler, ['date-time', 'date', 'uri']);
  return compiler;
}

let ajv: InstanceType<Ajv2020Class> | undefined;
const compiled: Partial<Record<SchemaKind, ValidateFunction>> = {};

/**
 * Compiles a schema on its first use, with the one compiler of the process. One kind at a time: compiling is most
 * of a command's start-up CPU (about 0.1 s a schema), and `checksums`, say, never reads a bias report.
 */
function validatorOf(kind: SchemaKind): ValidateFunction {
  const done = compiled[kind];
  if (done) return done;
  ajv ??= newSchemaCompiler();
  const validate = ajv.compile(SCHEMAS_BY_KIND[kind]);
  compiled[kind] = validate;
  return validate;
}

const SCHEMAS_BY_KIND = { manifest: manifestSchema, biasReport: biasReportSchema, policy: policySchema } as const;

/**
 * Validates `value` against the schema of `kind`; returns every error (ajv `allErrors`), empty when valid. With
 * `verbose`, each error carries `parentSchema` (for its `description`) and the offending `data`.
 */
export function validateAgainstSchema(kind: SchemaKind, value: unknown): ErrorObject[] {
  const validate = validatorOf(kind);
  if (validate(value)) return [];
  return [...(validate.errors ?? [])];
}

/** True when `value` is valid against the schema of `kind`. */
export function isSchemaValid(kind: SchemaKind, value: unknown): boolean {
  return validatorOf(kind)(value) === true;
}
