/**
 * Properties of what the evidence rests on: RFC 8785 canonical JSON and the digests built on it, the binding of an
 * approval to exactly one manifest (any edit to a digest-bound member voids it), and the audit log's hash chain
 * (any change to a logged event breaks verification, in the library and through `mlgov log verify`).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { buildApprovalLedger } from '../../src/checks/approval-ledger.js';
import { canonicalJson, manifestDigest, sha256Hex } from '../../src/formats/canonical-digest.js';
import type { Manifest } from '../../src/formats/manifest.js';
import {
  AUDIT_ACTIONS,
  buildChainedEvent,
  formatAuditLine,
  UnloggableEventError,
  verifyAuditLog,
  type AuditEvent,
} from '../../src/evidence/hash-chain.js';
import { withDefaults } from '../../src/policy/defaults.js';
import type { Policy } from '../../src/policy/policy.js';
import { runMlgov } from '../support/cli-io.js';
import { createTempRepo, PROJECT_ROOT, type TempRepo } from '../support/git-repo.js';
import { contextWith, jsonDocument } from '../support/release-context.js';

const jsonValue = fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.parse(JSON.stringify(v)) as unknown);

/** Shuffles every object's members (the same value, another text). */
function reorder(v: unknown, seed: number): unknown {
  if (Array.isArray(v)) return v.map((x, i) => reorder(x, seed + i));
  if (v === null || typeof v !== 'object') return v;
  const entries = Object.entries(v).map(([k, x], i) => [k, reorder(x, seed + i)] as const);
  entries.sort((a, b) => (sha256Hex(a[0] + seed) < sha256Hex(b[0] + seed) ? -1 : 1));
  return Object.fromEntries(entries);
}

describe('canonical JSON and digests', () => {
  it('is independent of member order and whitespace, and a fixed point', () => {
    fc.assert(
      fc.property(jsonValue, fc.integer(), (value, seed) => {
        const c = canonicalJson(value);
        expect(canonicalJson(reorder(value, seed))).toBe(c);
        expect(canonicalJson(JSON.parse(JSON.stringify(value, null, 3)))).toBe(c);
        expect(canonicalJson(JSON.parse(c))).toBe(c);
      }),
      { numRuns: 300 },
    );
  });

  it('gives different canonical texts (so digests) to different values', () => {
    fc.assert(
      fc.property(jsonValue, jsonValue, (a, b) => {
        fc.pre(JSON.stringify(reorder(a, 1)) !== JSON.stringify(reorder(b, 1)));
        expect(canonicalJson(a)).not.toBe(canonicalJson(b));
      }),
      { numRuns: 300 },
    );
  });
});

// ------------------------------------------------------------------ approvals are bound to the exact manifest
const NOW = '2026-11-23T12:00:00.000Z';
const policy = withDefaults(
  parseYaml(readFileSync(join(PROJECT_ROOT, '.github/governance-policy.yml'), 'utf8')) as Partial<Policy>,
);
const example = JSON.parse(readFileSync(join(PROJECT_ROOT, 'model/manifest.json'), 'utf8')) as Manifest;

/** The example manifest with approvals by alice and bob bound to its current digest, a day before NOW. */
function approved(m: Manifest): Manifest {
  const { approvals: _a, ...rest } = m;
  const digest = manifestDigest(rest);
  return {
    ...rest,
    approvals: [
      {
        approver: 'alice',
        role: 'governance-board',
        decision: 'approved',
        at: '2026-11-22T12:00:00Z',
        manifestDigest: digest,
      },
      {
        approver: 'bob',
        role: 'regulatory-affairs',
        decision: 'approved',
        at: '2026-11-22T12:00:00Z',
        manifestDigest: digest,
      },
    ],
  } as Manifest;
}

/** Every (pointer, value) of the manifest outside `approvals`: the digest-bound members. */
function boundMembers(v: unknown, base = ''): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  if (Array.isArray(v)) v.forEach((x, i) => out.push([`${base}/${i}`, x], ...boundMembers(x, `${base}/${i}`)));
  else if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (base === '' && k === 'approvals') continue;
      out.push([`${base}/${k}`, x], ...boundMembers(x, `${base}/${k}`));
    }
  }
  return out;
}

function setAt(doc: unknown, ptr: string, value: unknown): unknown {
  const copy = structuredClone(doc) as Record<string, unknown>;
  const keys = ptr.slice(1).split('/');
  let parent: Record<string, unknown> = copy;
  for (const k of keys.slice(0, -1)) parent = parent[k] as Record<string, unknown>;
  parent[keys[keys.length - 1]!] = value;
  return copy;
}

/** A different value of the same JSON type (an edit a schema would still accept). */
function sameTypeEdit(old: unknown, n: number, s: string): unknown {
  if (typeof old === 'string') return old + (s || 'x');
  if (typeof old === 'number') return old + (n === 0 ? 1 : n);
  if (typeof old === 'boolean') return !old;
  if (Array.isArray(old)) return [...old, old[0] ?? s];
  if (old !== null && typeof old === 'object') return { ...old, [`x${s}`]: n };
  return n;
}

describe('approval binding', () => {
  const members = boundMembers(approved(example));

  it('counts both approvals of the unedited manifest (the control)', () => {
    const ledger = buildApprovalLedger(
      contextWith({ now: NOW, manifest: jsonDocument('model/manifest.json', approved(example)) }),
      policy,
    );
    expect(ledger.entries.map((e) => [e.approver, e.counted])).toEqual([
      ['alice', true],
      ['bob', true],
    ]);
  });

  it('voids every approval after any edit to any digest-bound member', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...members),
        fc.integer({ min: -1000, max: 1000 }),
        fc.string({ minLength: 1, maxLength: 8 }),
        ([ptr, old], n, s) => {
          const m = approved(example);
          const edited = setAt(m, ptr, sameTypeEdit(old, n, s)) as Manifest;
          const ledger = buildApprovalLedger(
            contextWith({ now: NOW, manifest: jsonDocument('model/manifest.json', edited) }),
            policy,
          );
          expect(ledger.entries.every((e) => !e.counted)).toBe(true);
          for (const e of ledger.entries) expect(e.findings.map((f) => f.code)).toContain('APPROVAL_DIGEST_MISMATCH');
          expect(ledger.missingRoles.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps the digest when only the approvals change (the board signs last)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (note) => {
        const m = approved(example);
        const withNote = { ...m, approvals: m.approvals!.map((a) => ({ ...a, note })) };
        expect(manifestDigest(withNote)).toBe(manifestDigest(m));
      }),
      { numRuns: 100 },
    );
  });
});

// ------------------------------------------------------------------ the audit log's hash chain
const eventArb = fc.record({
  at: fc
    .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-01-01T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString()),
  actor: fc.string({ minLength: 1, maxLength: 12 }),
  action: fc.constantFrom(...AUDIT_ACTIONS),
  model: fc.constantFrom('fraud-detection', 'churn'),
  version: fc.tuple(fc.nat(20), fc.nat(20), fc.nat(20)).map((t) => t.join('.')),
  reason: fc.option(fc.string({ maxLength: 30 }), { nil: null }),
  ticket: fc.option(fc.constantFrom('MLGOV-1', 'MLGOV-22'), { nil: null }),
  // Only events the tool can log: keys like __proto__ are refused before anything is written (tested below).
  details: fc.option(
    fc
      .dictionary(fc.string({ minLength: 1, maxLength: 6 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 })
      .filter((d) => !/"(?:__proto__|constructor|prototype)":/.test(JSON.stringify(d))),
    { nil: undefined },
  ),
});

type EventInput = typeof eventArb extends fc.Arbitrary<infer T> ? T : never;

function chain(inputs: Array<EventInput>): AuditEvent[] {
  const events: AuditEvent[] = [];
  for (const i of inputs) {
    const { details, ...rest } = i;
    events.push(
      buildChainedEvent(events[events.length - 1], {
        ...rest,
        ...(details !== undefined ? { details: JSON.parse(JSON.stringify(details)) } : {}),
      }),
    );
  }
  return events;
}
const text = (events: AuditEvent[]) => events.map((e) => formatAuditLine(e) + '\n').join('');

/** A changed copy of one member of an event (any member, `hash` included). */
function tamper(e: AuditEvent, member: string, s: string): Record<string, unknown> {
  const copy = { ...(e as unknown as Record<string, unknown>) };
  const old = copy[member];
  copy[member] =
    typeof old === 'number'
      ? old + 1
      : typeof old === 'string'
        ? old + (s || '!')
        : old === null
          ? s || 'x'
          : { tampered: s };
  return copy;
}

describe('audit log hash chain', () => {
  const logArb = fc.array(eventArb, { minLength: 1, maxLength: 8 });

  it('verifies any chain built by appending, and any extension of it', () => {
    fc.assert(
      fc.property(logArb, logArb, (a, b) => {
        const first = chain(a);
        const all = chain([...a, ...b]);
        expect(verifyAuditLog(text(first)).ok).toBe(true);
        expect(verifyAuditLog(text(all)).ok).toBe(true);
        expect(text(all).startsWith(text(first))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('breaks at exactly the changed line when any member of any event changes', () => {
    fc.assert(
      fc.property(
        logArb,
        fc.nat(),
        fc.constantFrom(
          'seq',
          'at',
          'actor',
          'action',
          'model',
          'version',
          'reason',
          'ticket',
          'details',
          'prevHash',
          'hash',
        ),
        fc.string({ maxLength: 5 }),
        (inputs, pick, member, s) => {
          const events = chain(inputs);
          const i = pick % events.length;
          const lines = events.map((e) => formatAuditLine(e));
          lines[i] = JSON.stringify(tamper(events[i]!, member, s));
          const v = verifyAuditLog(lines.join('\n') + '\n');
          expect(v.ok).toBe(false);
          if (!v.ok) expect(v.break.line).toBe(i + 1);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('breaks when a line other than the last is deleted, or two lines are swapped or one is repeated', () => {
    fc.assert(
      fc.property(
        fc.array(eventArb, { minLength: 2, maxLength: 8 }),
        fc.nat(),
        fc.constantFrom('delete', 'swap', 'repeat'),
        (inputs, pick, how) => {
          const lines = chain(inputs).map((e) => formatAuditLine(e));
          const i = pick % (lines.length - 1);
          if (how === 'delete') lines.splice(i, 1);
          else if (how === 'swap') [lines[i], lines[i + 1]] = [lines[i + 1]!, lines[i]!];
          else lines.splice(i + 1, 0, lines[i]!);
          expect(verifyAuditLog(lines.join('\n') + '\n').ok).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });

  describe('through mlgov log verify', () => {
    let repo: TempRepo;
    beforeAll(() => {
      repo = createTempRepo('mlgov-prop-log-');
      mkdirSync(join(repo.dir, 'artifacts'), { recursive: true });
      writeFileSync(join(repo.dir, 'README'), 'x\n');
      repo.commitAll('init');
    });
    afterAll(() => repo.remove());

    it('exits 0 for an intact log and 1, naming the line, after any change to a logged event', async () => {
      await fc.assert(
        fc.asyncProperty(
          logArb,
          fc.nat(),
          fc.constantFrom('at', 'actor', 'action', 'version', 'reason', 'prevHash'),
          fc.string({ maxLength: 4 }),
          async (inputs, pick, member, s) => {
            const events = chain(inputs);
            const path = join(repo.dir, 'artifacts', 'audit-log.jsonl');
            writeFileSync(path, text(events));
            const intact = await runMlgov(['log', 'verify', '--format', 'json'], { cwd: repo.dir });
            expect(intact.code).toBe(0);
            const i = pick % events.length;
            const lines = events.map((e) => formatAuditLine(e));
            lines[i] = JSON.stringify(tamper(events[i]!, member, s));
            writeFileSync(path, lines.join('\n') + '\n');
            const broken = await runMlgov(['log', 'verify', '--format', 'json'], { cwd: repo.dir });
            expect(broken.code).toBe(1);
            expect(JSON.parse(broken.stdout).break.line).toBe(i + 1);
          },
        ),
        { numRuns: 25 },
      );
    });
  });

  it('refuses to log an event whose line would not read back (a __proto__ key in details)', () => {
    const details = JSON.parse('{"note":{"__proto__":0}}') as Record<string, unknown>;
    const event = buildChainedEvent(undefined, {
      at: '2026-11-23T12:00:00.000Z',
      actor: 'carol',
      action: 'approve',
      model: 'fraud-detection',
      version: '2.4.0',
      reason: null,
      ticket: null,
      details,
    });
    expect(() => formatAuditLine(event)).toThrow(UnloggableEventError);
    expect(() => formatAuditLine(event)).toThrow(/__proto__/);
  });
});
