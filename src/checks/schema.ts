/**
 * The `schema` check (README, "What the gate checks"): the manifest, the bias report and the policy parse cleanly (no duplicate keys,
 * no BOM...) and validate against their JSON Schemas; every finding carries the file, pointer, line and column.
 *
 * The other checks only ever read documents this check would pass (the gate skips them otherwise), so this is the
 * one place that explains what is wrong with a document. Problems in the policy that judges the release are
 * `indeterminate`: without a valid policy the gate cannot judge at all. Problems in a pull request's own, changed
 * policy (not the one judging it) are plain errors: the gate could judge, and the PR must fix its file before it
 * becomes the policy that judges every later release.
 */
import type { ErrorObject } from 'ajv';
import { error, indeterminate, type Finding } from '../formats/finding.js';
import { escapePointerToken } from '../formats/json-pointer.js';
import { at, type ParsedDocument } from '../formats/parsed-document.js';
import { validateAgainstSchema, type SchemaKind } from '../formats/schema-validator.js';
import type { CheckResultOf, SchemaDocumentResult } from '../release/report.js';
import { statusOf } from '../release/report.js';
import type { ReleaseContext } from '../release/release-context.js';
import type { Policy } from '../policy/policy.js';
import type { Check } from './check.js';

export type { SchemaDocumentResult } from '../release/report.js';

/** One document the check looks at. */
interface DocumentToCheck {
  doc: ParsedDocument;
  kind: SchemaKind;
  /** Which of the documents this is, for the report. */
  role: SchemaDocumentResult['role'];
  /** Said after the file name when two documents share a path (base vs. PR policy). */
  qualifier?: string;
  /** True for the policy that judges the release: its problems mean "could not judge". */
  judging: boolean;
}

export const schemaCheck: Check<'schema'> = {
  id: 'schema',
  title: 'Manifest, bias report and policy parse and match their schemas',
  needs: [],
  run: runSchemaCheck,
};

/** Runs the `schema` check over the gathered documents. Pure. */
export function runSchemaCheck(ctx: ReleaseContext, policy: Policy): CheckResultOf<'schema'> {
  const findings: Finding[] = [];
  const documents: SchemaDocumentResult[] = [];

  const toCheck: DocumentToCheck[] = [{ doc: ctx.manifest, kind: 'manifest', role: 'manifest', judging: false }];
  if (ctx.biasReport) {
    toCheck.push({ doc: ctx.biasReport, kind: 'biasReport', role: 'biasReport', judging: false });
  } else {
    const path = policy.model.biasReport;
    findings.push(
      error('FILE_NOT_FOUND', `The bias report ${path} does not exist.`, {
        file: path,
        fix: `Commit the bias report of this release at ${path} (or set model.biasReport in the policy to where it is).`,
      }),
    );
    documents.push({ file: path, role: 'biasReport', valid: false, errors: 1 });
  }
  const judgingPolicy = ctx.policyDocument;
  if (judgingPolicy) {
    toCheck.push({
      doc: judgingPolicy,
      kind: 'policy',
      role: 'policy',
      judging: true,
      ...(ctx.policySource === 'base' ? { qualifier: 'base revision' } : {}),
    });
  }
  const head = ctx.headPolicy;
  if (head && head !== judgingPolicy && head.sha256 !== judgingPolicy?.sha256) {
    toCheck.push({
      doc: head,
      kind: 'policy',
      role: 'headPolicy',
      judging: !judgingPolicy,
      ...(judgingPolicy && judgingPolicy.file === head.file ? { qualifier: "this pull request's version" } : {}),
    });
  }

  for (const item of toCheck) {
    const own = findingsFor(item);
    // A loop, not push(...own): a hostile document with 200 000 unknown members would overflow the call stack.
    for (const f of own) findings.push(f);
    documents.push({
      file: item.doc.file,
      role: item.role,
      ...(item.qualifier ? { qualifier: item.qualifier } : {}),
      valid: own.length === 0,
      errors: own.length,
    });
  }

  return {
    id: 'schema',
    status: statusOf(findings),
    summary: summarize(documents),
    findings,
    details: { documents },
  };
}

/** Parse problems, then schema errors in document order; only schema-validates a value that parsed cleanly. */
function findingsFor(item: DocumentToCheck): Finding[] {
  const { doc } = item;
  const out: Finding[] = [];
  const mark = (f: Finding): Finding => {
    const withQualifier = item.qualifier ? { ...f, message: `${f.message} (${item.qualifier})` } : f;
    if (!item.judging) return withQualifier;
    const { severity: _s, code, message, ...where } = withQualifier;
    return indeterminate(code, message, {
      ...where,
      fix: `${where.fix ?? 'Fix the policy file.'} The gate cannot judge any release until the policy that judges it is valid.`,
    });
  };
  for (const p of doc.problems) out.push(mark(p));
  if (doc.problems.length > 0) return out;
  if (doc.value === undefined) {
    out.push(
      mark(
        error('DOCUMENT_UNREADABLE', `${doc.file} could not be read.`, {
          ...at(doc, ''),
          fix: `Check that ${doc.file} exists and is valid ${item.kind === 'policy' ? 'YAML' : 'JSON'}.`,
        }),
      ),
    );
    return out;
  }
  const errors = validateAgainstSchema(item.kind, doc.value);
  const schemaFindings = schemaErrorFindings(doc, errors);
  schemaFindings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  for (const f of schemaFindings) out.push(mark(f));
  return out;
}

/** `additionalProperties` → `ADDITIONAL_PROPERTIES`. */
function screamingSnake(keyword: string): string {
  return keyword
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toUpperCase();
}

/** A short, safe rendering of an offending value for a message. */
function shown(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function describedBy(schema: unknown): string | undefined {
  if (schema && typeof schema === 'object' && typeof (schema as { description?: unknown }).description === 'string') {
    return (schema as { description: string }).description;
  }
  return undefined;
}

const FORMAT_HINTS: Record<string, string> = {
  'date-time': 'an RFC 3339 date-time with a time zone, e.g. 2026-11-20T10:00:00Z',
  date: 'a date written YYYY-MM-DD, e.g. 2026-11-20',
  uri: 'an absolute URI, e.g. https://example.com/run/1',
};

/** Maps ajv errors onto findings with positions, messages a PR author understands, and a fix. */
export function schemaErrorFindings(doc: ParsedDocument, errors: ErrorObject[]): Finding[] {
  // `propertyNames` reports the rejected name twice: once from the inner keyword (carrying `propertyName`) and
  // once as `propertyNames`. Keep the outer one, told with the inner one's allowed values.
  const inner = errors.filter((e) => e.propertyName !== undefined);
  const outer = errors.filter((e) => e.propertyName === undefined);
  const findings: Finding[] = [];
  // Describing each error costs time (positions, closest-name suggestions): a hostile document with hundreds of
  // thousands of errors must not stall the gate, and nobody reads past the first hundred.
  for (const e of outer.slice(0, MAX_SCHEMA_FINDINGS)) findings.push(schemaErrorFinding(doc, e, inner));
  if (outer.length > MAX_SCHEMA_FINDINGS) {
    findings.push(
      error(
        'SCHEMA_TOO_MANY_ERRORS',
        `${doc.file} has ${outer.length} schema errors; the first ${MAX_SCHEMA_FINDINGS} are listed.`,
        { ...at(doc, ''), fix: 'Fix the errors listed, then run the gate again to see the rest.' },
      ),
    );
  }
  return findings;
}

/** Most schema errors described per document (see {@link schemaErrorFindings}). */
export const MAX_SCHEMA_FINDINGS = 100;

/** One ajv error, with what every description of it needs. */
interface SchemaError {
  doc: ParsedDocument;
  e: ErrorObject;
  code: string;
  params: Record<string, unknown>;
  /** The instance path (a JSON pointer). */
  path: string;
  /** The schema's own description of the member, as " <path>: <description>", or ''. */
  explain: string;
}

/** "the top level" for the root pointer, else the pointer. */
const located = (ptr: string) => (ptr === '' ? 'the top level' : ptr);

function schemaErrorFinding(doc: ParsedDocument, e: ErrorObject, inner: ErrorObject[]): Finding {
  const description = describedBy(e.parentSchema);
  const s: SchemaError = {
    doc,
    e,
    code: `SCHEMA_${screamingSnake(e.keyword)}`,
    params: e.params as Record<string, unknown>,
    path: e.instancePath,
    explain: description ? ` ${located(e.instancePath)}: ${description}` : '',
  };
  switch (e.keyword) {
    case 'required':
      return missingPropertyFinding(s);
    case 'additionalProperties':
      return unknownPropertyFinding(s);
    case 'propertyNames':
      return badPropertyNameFinding(s, inner);
    default:
      return badValueFinding(s);
  }
}

function missingPropertyFinding({ doc, e, code, params, path }: SchemaError): Finding {
  const name = String(params['missingProperty']);
  const ptr = `${path}/${escapePointerToken(name)}`;
  const props = (e.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties;
  const memberDescription = describedBy(props?.[name]);
  return error(code, `missing required property "${name}" ${path === '' ? 'at the top level' : `in ${path}`}.`, {
    ...at(doc, ptr),
    fix: `Add "${name}" ${path === '' ? 'at the top level' : `to ${path}`}${memberDescription ? `: ${memberDescription}` : '.'}`,
  });
}

function unknownPropertyFinding({ doc, e, code, params, path }: SchemaError): Finding {
  const name = String(params['additionalProperty']);
  const ptr = `${path}/${escapePointerToken(name)}`;
  const allowed = Object.keys(
    (e.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {},
  );
  const guess = closestName(name, allowed);
  return error(
    code,
    `unknown property "${name}" ${path === '' ? 'at the top level' : `in ${path}`}: it is not part of the format.`,
    {
      ...at(doc, ptr),
      fix:
        (guess ? `Did you mean "${guess}"? ` : '') +
        `Remove "${name}" or correct its spelling` +
        (allowed.length > 0 ? `; allowed here: ${allowed.join(', ')}.` : '.'),
    },
  );
}

/** A member name the schema does not accept, told with the accepted names the inner error carries. */
function badPropertyNameFinding({ doc, code, params, path }: SchemaError, inner: ErrorObject[]): Finding {
  const name = String(params['propertyName']);
  const ptr = `${path}/${escapePointerToken(name)}`;
  const match = inner.find((i) => i.instancePath === path && i.propertyName === name);
  const allowedValues = (match?.params as { allowedValues?: unknown[] } | undefined)?.allowedValues;
  const allowed = Array.isArray(allowedValues) ? allowedValues.map(String) : [];
  const guess = closestName(name, allowed);
  return error(code, `"${name}" is not an accepted name in ${located(path)}.`, {
    ...at(doc, ptr),
    fix:
      (guess ? `Did you mean "${guess}"? ` : '') +
      (allowed.length > 0 ? `Accepted names: ${allowed.join(', ')}.` : `Rename "${name}".`),
  });
}

/** A value of the wrong type, pattern, enum, const or format (or any other keyword), at its own position. */
function badValueFinding({ doc, e, code, params, path, explain }: SchemaError): Finding {
  const where = at(doc, path);
  const found = shown(e.data);
  switch (e.keyword) {
    case 'type':
      return error(code, `${located(path)} must be ${String(params['type'])}, found ${found}.`, {
        ...where,
        fix: `Write ${located(path)} as ${String(params['type'])}.${explain}`,
      });
    case 'pattern':
      return error(code, `${located(path)} must match pattern "${String(params['pattern'])}", found ${found}.`, {
        ...where,
        fix: `Correct the value of${explain || ` ${located(path)}.`}`,
      });
    case 'enum': {
      const allowed = ((params['allowedValues'] as unknown[] | undefined) ?? []).map(shown);
      return error(code, `${located(path)} must be one of ${allowed.join(', ')}, found ${found}.`, {
        ...where,
        fix: `Use one of ${allowed.join(', ')}.${explain}`,
      });
    }
    case 'const':
      return error(code, `${located(path)} must be ${shown(params['allowedValue'])}, found ${found}.`, {
        ...where,
        fix: `Set ${located(path)} to ${shown(params['allowedValue'])}.${explain}`,
      });
    case 'format': {
      const format = String(params['format']);
      const hint = FORMAT_HINTS[format] ?? `a valid ${format}`;
      return error(code, `${located(path)} must be ${hint}, found ${found}.`, {
        ...where,
        fix: `Write ${located(path)} as ${hint}.${explain}`,
      });
    }
    default:
      return error(
        code,
        `${located(path)} ${e.message ?? `fails the schema keyword "${e.keyword}"`}, found ${found}.`,
        {
          ...where,
          fix: `Correct ${located(path)}.${explain}`,
        },
      );
  }
}

/**
 * The allowed name closest to a misspelt one: a case-only difference, an abbreviation (a prefix of at least four
 * characters), or an edit distance of at most 2.
 */
function closestName(name: string, allowed: string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const candidate of allowed) {
    const lower = name.toLowerCase();
    const d =
      candidate.toLowerCase() === lower
        ? 0
        : lower.length >= 4 && candidate.toLowerCase().startsWith(lower)
          ? 1
          : editDistance(name, candidate);
    if (d <= 2 && (!best || d < best.distance)) best = { name: candidate, distance: d };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

function summarize(documents: SchemaDocumentResult[]): string {
  const bad = documents.filter((d) => !d.valid);
  if (bad.length === 0) return `${documents.length} document${documents.length === 1 ? '' : 's'} valid`;
  return bad
    .map((d, i) => {
      const noun = i === 0 ? (d.errors === 1 ? 'error' : 'errors') : '';
      const name = d.qualifier ? `${d.file} (${d.qualifier})` : d.file;
      return `${d.errors}${noun ? ` ${noun}` : ''} in ${name}`;
    })
    .join(', ');
}
