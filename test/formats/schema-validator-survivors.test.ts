/**
 * The schema validator as a fresh process meets it (src/formats/schema-validator.ts): the first validation of a kind
 * builds the one compiler and compiles the schema, later ones reuse it, and every error carries its schema and the
 * offending data (`verbose`). A fresh copy of the module is imported so its cache starts empty, as in the CLI.
 */
import { describe, expect, it } from '@jest/globals';
import { newSchemaCompiler, validateAgainstSchema as loadedValidate } from '../../src/formats/schema-validator.js';
import { validManifest } from './fixtures.js';

type ValidatorModule = typeof import('../../src/formats/schema-validator.js');

let copies = 0;
/** A copy of the module with its own (empty) compiler cache: a distinct URL is a distinct module instance. */
async function freshValidatorModule(): Promise<ValidatorModule> {
  copies += 1;
  const specifier = `../../src/formats/schema-validator.ts?fresh=${copies}`;
  return (await import(specifier)) as ValidatorModule;
}

describe('a fresh process', () => {
  it('validates on first use: the compiler is built once and reused for the next kind', async () => {
    const { validateAgainstSchema, isSchemaValid } = await freshValidatorModule();
    expect(validateAgainstSchema).not.toBe(loadedValidate);
    expect(validateAgainstSchema('manifest', validManifest())).toStrictEqual([]);
    const { version: _v, ...rest } = validManifest();
    expect(validateAgainstSchema('manifest', rest).map((e) => [e.keyword, e.params])).toStrictEqual([
      ['required', { missingProperty: 'version' }],
    ]);
    expect(isSchemaValid('policy', 'not a policy')).toBe(false);
    expect(isSchemaValid('biasReport', [])).toBe(false);
  });

  it('the first use of a kind can be isSchemaValid', async () => {
    const { isSchemaValid } = await freshValidatorModule();
    expect(isSchemaValid('manifest', validManifest())).toBe(true);
  });

  it('names the three published schemas by kind', async () => {
    const { SCHEMAS } = await freshValidatorModule();
    expect(Object.fromEntries(Object.entries(SCHEMAS).map(([kind, s]) => [kind, s.$id]))).toStrictEqual({
      manifest: 'https://mlgov.dev/schemas/manifest.schema.json',
      biasReport: 'https://mlgov.dev/schemas/bias-report.schema.json',
      policy: 'https://mlgov.dev/schemas/policy.schema.json',
    });
  });
});

describe('newSchemaCompiler', () => {
  it('is verbose: each error carries its schema and the offending data', () => {
    const schema = {
      type: 'object',
      properties: { n: { type: 'integer', description: 'A count.' } },
    };
    const validate = newSchemaCompiler().compile(schema);
    expect(validate({ n: 'three' })).toBe(false);
    const [only, ...more] = validate.errors ?? [];
    expect(more).toStrictEqual([]);
    expect(only?.parentSchema).toStrictEqual({ type: 'integer', description: 'A count.' });
    expect(only?.data).toBe('three');
    expect(only?.schema).toBe('integer');
  });

  it('accepts a union of types, not only a type or null (allowUnionTypes)', () => {
    const validate = newSchemaCompiler().compile({ type: ['string', 'integer'] });
    expect([validate('a'), validate(3), validate(null), validate(1.5)]).toStrictEqual([true, true, false, false]);
  });
});
