/**
 * `--source`: puts on each flagged function the line of infrastructure code that sets its memory
 * (and, with `--suggest-patch`, the one-line change). Reads tags only for flagged functions.
 */
import type { LimitFunction } from 'p-limit';
import { isAccessDenied } from '../errors.js';
import { indexSources, locateFunction, memoryPatch, type SourceFile } from './iac/locate.js';
import { withFunctions } from './report.js';
import type { FindingKind, FunctionScan, ScanReport } from './types.js';

/** Findings whose fix is a different memory size, written where the memory is set. */
const FIXED_IN_CODE: readonly FindingKind[] = ['over-provisioned', 'memory-headroom', 'under-provisioned'];

export interface SourceOptions {
  files: readonly SourceFile[];
  listTags?: (arn: string) => Promise<Record<string, string>>;
  limit: LimitFunction;
  suggestPatch: boolean;
}

export async function attachSources(report: ScanReport, options: SourceOptions): Promise<ScanReport> {
  const resources = indexSources(options.files);
  const texts = new Map(options.files.map((f) => [f.path, f.text]));
  const warnings: string[] = [];
  let tagsDenied = false;
  const tagsOf = async (fn: FunctionScan): Promise<Record<string, string>> => {
    if (!options.listTags || fn.arn === undefined || tagsDenied) return {};
    try {
      return await options.listTags(fn.arn);
    } catch (error) {
      if (!isAccessDenied(error)) throw error;
      tagsDenied = true;
      warnings.push(
        'lambda:ListTags is not allowed: CloudFormation, SAM and CDK functions are matched by name only (allow lambda:ListTags to match them by their stack tags)',
      );
      return {};
    }
  };
  const functions = await Promise.all(
    report.functions.map((fn) =>
      options.limit(async (): Promise<FunctionScan> => {
        if (!fn.findings.some((f) => FIXED_IN_CODE.includes(f.kind))) return fn;
        const at = locateFunction(resources, fn.name, await tagsOf(fn));
        if (!at) return fn;
        const suggested = fn.findings.find((f) => FIXED_IN_CODE.includes(f.kind) && f.suggestedMemoryMB !== undefined)?.suggestedMemoryMB;
        // A shared line (SAM Globals, Serverless provider) sizes other functions too: no patch for it.
        const patch =
          options.suggestPatch && suggested !== undefined && at.scope === 'function' ? memoryPatch(texts.get(at.file) ?? '', at, suggested) : undefined;
        return { ...fn, iac: { ...at, ...(patch !== undefined ? { patch } : {}) } };
      }),
    ),
  );
  return { ...withFunctions(report, functions), warnings: [...report.warnings, ...warnings] };
}
