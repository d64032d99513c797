import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { applyBaseline, baselineOf, describeFailing, failingFindings, parseBaseline, serializeBaseline } from '../../../src/scan/baseline.js';
import type { Finding, FindingKind, FunctionScan } from '../../../src/scan/types.js';
import { scannedFunction } from './function-scan.js';

const finding = (kind: FindingKind): Finding => ({ kind, message: `${kind} evidence`, known: false });
const fn = (name: string, ...kinds: FindingKind[]): FunctionScan => scannedFunction(name, kinds.map(finding));

describe('baselines', () => {
  const scans = [fn('worker', 'over-provisioned'), fn('api', 'under-provisioned', 'too-little-data'), fn('idle')];

  it('writes every finding once, sorted by function and kind', () => {
    expect(baselineOf(scans).findings).toEqual([
      { function: 'api', kind: 'too-little-data' },
      { function: 'api', kind: 'under-provisioned' },
      { function: 'worker', kind: 'over-provisioned' },
    ]);
  });

  it('reads back what it writes', () => {
    const baseline = baselineOf(scans);

    expect(parseBaseline(serializeBaseline(baseline), 'b.json')).toEqual(baseline);
  });

  it('marks the findings the baseline lists as known, and only those', () => {
    const applied = applyBaseline(scans, { schemaVersion: 1, findings: [{ function: 'api', kind: 'under-provisioned' }] });

    expect(applied.flatMap((s) => s.findings.map((f) => `${s.name}:${f.kind}:${f.known}`))).toEqual([
      'worker:over-provisioned:false',
      'api:under-provisioned:true',
      'api:too-little-data:false',
    ]);
  });

  it('leaves the scans it is given unchanged', () => {
    const copy = structuredClone(scans);

    applyBaseline(scans, baselineOf(scans));

    expect(scans).toEqual(copy);
  });

  it.each([
    {
      case: 'kinds named by --fail-on',
      failOn: ['over-provisioned', 'under-provisioned'] as FindingKind[],
      known: [],
      failing: ['worker:over-provisioned', 'api:under-provisioned'],
    },
    {
      case: 'only new findings',
      failOn: ['over-provisioned', 'under-provisioned'] as FindingKind[],
      known: [{ function: 'worker', kind: 'over-provisioned' as const }],
      failing: ['api:under-provisioned'],
    },
    { case: 'nothing for an unmatched kind', failOn: ['no-data'] as FindingKind[], known: [], failing: [] },
  ])('fails on $case', ({ failOn, known, failing }) => {
    const applied = applyBaseline(scans, { schemaVersion: 1, findings: known });

    expect(failingFindings(applied, failOn).map((f) => `${f.function}:${f.kind}`)).toEqual(failing);
  });

  it('describes the failing findings in one line', () => {
    const text = describeFailing([
      { function: 'api', kind: 'over-provisioned' },
      { function: 'worker', kind: 'over-provisioned' },
      { function: 'db', kind: 'under-provisioned' },
    ]);

    expect(text).toBe('3 new findings: over-provisioned (api, worker); under-provisioned (db)');
  });

  it.each([
    { case: 'text that is not JSON', text: 'nope', message: /b\.json is not JSON/ },
    { case: 'another JSON document', text: '{"schemaVersion": 1, "results": []}', message: /not a scan baseline/ },
    {
      case: 'a finding without a kind',
      text: '{"schemaVersion": 1, "findings": [{"function": "api"}]}',
      message: /finding 1 needs a "function" name and a "kind"/,
    },
    { case: 'an unknown kind', text: '{"schemaVersion": 1, "findings": [{"function": "api", "kind": "slow"}]}', message: /finding 1/ },
  ])('refuses $case with a usage error', ({ text, message }) => {
    expect(() => parseBaseline(text, 'b.json')).toThrow(UsageError);
    expect(() => parseBaseline(text, 'b.json')).toThrow(message);
  });
});
