/**
 * GitHub Actions workflow commands (`::warning title=…::…`) for each new finding, so findings show
 * on the run's summary and the pull request. Known (baselined) findings are not annotated.
 * https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions
 */
import type { FindingKind, ScanReport } from '../types.js';

const LEVEL: Record<FindingKind, 'error' | 'warning' | 'notice'> = {
  'under-provisioned': 'error',
  'over-provisioned': 'warning',
  'memory-headroom': 'notice',
  'managed-instances': 'notice',
  'no-data': 'notice',
  'too-little-data': 'notice',
};

/** Message data: `%`, CR and LF are escaped so a message stays one command. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Property values additionally escape `:` and `,`, which separate properties. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function renderAnnotations(report: ScanReport): string {
  const lines: string[] = [];
  for (const fn of report.functions) {
    for (const f of fn.findings) {
      if (f.known) continue;
      const title = escapeProperty(`${fn.name}: ${f.kind}`);
      const advice = f.advice ? `\n${f.advice}` : '';
      // On the line that sets the memory, the annotation shows in the pull request's diff view.
      const where = fn.iac ? `file=${escapeProperty(fn.iac.file)},line=${fn.iac.line},` : '';
      lines.push(`::${LEVEL[f.kind]} ${where}title=${title}::${escapeData(`${f.message}${advice}`)}`);
    }
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}
