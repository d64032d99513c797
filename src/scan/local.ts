/**
 * The scan's local files, around the AWS part: the baseline (`--baseline`, `--write-baseline`) and the
 * infrastructure code (`--source`). Everything that can fail for a typo is read or checked before the
 * scan, so a wrong path costs no minutes of querying.
 */
import { readFile, writeFile } from 'node:fs/promises';
import pLimit from 'p-limit';
import { UsageError } from '../errors.js';
import { assertWritable } from '../writable.js';
import { applyBaseline, baselineOf, parseBaseline, serializeBaseline, type Baseline } from './baseline.js';
import type { SourceFile } from './iac/locate.js';
import { withFunctions } from './report.js';
import { attachSources } from './sources.js';
import { pathBase, readSourceTree, sourceDir } from './source-tree.js';
import type { ScanReport } from './types.js';

export interface LocalOptions {
  baseline?: string;
  writeBaseline?: string;
  /** A folder, false for --no-source, undefined for the default (see sourceDir). */
  source?: string | boolean;
  suggestPatch: boolean;
}

/** What was read before the scan. */
export interface LocalInputs {
  baseline?: Baseline;
  sources?: SourceFile[];
}

/** Reads the baseline and the source tree, and checks --write-baseline can be written. */
export async function readLocalInputs(options: LocalOptions, where: { env: NodeJS.ProcessEnv; cwd: string }): Promise<LocalInputs> {
  const baseline = options.baseline === undefined ? undefined : parseBaseline(await readBaselineText(options.baseline), options.baseline);
  if (options.writeBaseline !== undefined) await assertWritable(options.writeBaseline, '--write-baseline');
  const dir = sourceDir(options.source, where.env, where.cwd, options.suggestPatch);
  const sources = dir === undefined ? undefined : await readSourceTree(dir, pathBase(where.env, where.cwd));
  return { ...(baseline ? { baseline } : {}), ...(sources ? { sources } : {}) };
}

/**
 * The scanned report with the infrastructure code's lines (and patches), the baseline's accepted
 * findings marked, and — with --write-baseline — every finding written and accepted.
 */
export async function applyLocalInputs(
  report: ScanReport,
  inputs: LocalInputs,
  options: LocalOptions & { concurrency: number; listTags?: (arn: string) => Promise<Record<string, string>>; onWrote?: (findings: number) => void },
): Promise<ScanReport> {
  let out = report;
  if (inputs.sources) {
    out = await attachSources(out, {
      files: inputs.sources,
      limit: pLimit(options.concurrency),
      suggestPatch: options.suggestPatch,
      ...(options.listTags ? { listTags: options.listTags } : {}),
    });
  }
  if (inputs.baseline) out = withFunctions(out, applyBaseline(out.functions, inputs.baseline));
  if (options.writeBaseline !== undefined) {
    const written = baselineOf(out.functions);
    await writeFile(options.writeBaseline, serializeBaseline(written)).catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(
        `cannot write --write-baseline ${options.writeBaseline}: ${error.code ?? error.message}`,
        'check the folder exists and is writable',
        error,
      );
    });
    out = withFunctions(out, applyBaseline(out.functions, written));
    options.onWrote?.(written.findings.length);
  }
  return out;
}

async function readBaselineText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      `cannot read the baseline ${path}${code === 'ENOENT' ? ': no such file' : ''}`,
      'create it with `lambda-rightsize scan … --write-baseline <file>` and commit it',
      error,
    );
  }
}
