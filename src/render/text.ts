/** The sentences around the table (header, notes, summary), as plain text every format can style. */
import type { Report, SizeResult } from '../types.js';
import { compareNames, formatCount, formatMB, formatMs, formatPercent, formatRaw } from '../format.js';

/** "prime-sieve · x86_64 · us-east-1 · $0.0000166667 per GB-s + $0.0000002 per request (prices as of 2025-06-01)" */
export function headerLine(report: Report): string {
  const { pricing } = report;
  const region = report.function.region ?? pricing.region;
  const parts = report.architectures ?? [];
  if (parts.length > 1) {
    const each = parts.map((p) => `${p.architecture} $${formatRaw(p.pricing.gbSecondUSD)}`).join(', ');
    const asOf = pricing.asOf === 'override' ? 'prices overridden' : `prices as of ${pricing.asOf}`;
    return `${report.function.name} · ${report.function.architecture} today, measured on ${parts.map((p) => p.architecture).join(' and ')} · ${region} · ${each} per GB-s + $${formatRaw(pricing.requestUSD)} per request (${asOf})`;
  }
  const prices = `$${formatRaw(pricing.gbSecondUSD)} per GB-s + $${formatRaw(pricing.requestUSD)} per request`;
  const asOf = pricing.asOf === 'override' ? 'prices overridden' : `prices as of ${pricing.asOf}`;
  // Prices from another region than the function's would silently mislead: name both.
  const priceRegion = pricing.region === region ? '' : ` for ${pricing.region}`;
  return `${report.function.name} · ${report.function.architecture} · ${region} · ${prices}${priceRegion} (${asOf})`;
}

/** "Runtime.OutOfMemory ×3, timeout ×1", most frequent first. */
export function errorTypesText(result: SizeResult): string {
  const entries = Object.entries(result.errorsByType).toSorted(([a, x], [b, y]) => y - x || compareNames(a, b));
  if (entries.length === 0) return 'type unknown';
  return entries.map(([type, count]) => `${type} ×${formatCount(count)}`).join(', ');
}

/** "1024 MB", or "arm64 1024 MB" in a report of two architectures. */
export function sizeLabel(r: SizeResult, report: Report): string {
  const size = formatMB(r.memoryMB, { unit: true });
  return (report.architectures?.length ?? 0) > 1 && r.architecture ? `${r.architecture} ${size}` : size;
}

function coldNote(report: Report): string | undefined {
  const parts = report.results.flatMap((r) => (r.cold?.initDurationMs ? [`${sizeLabel(r, report)} ${formatMs(r.cold.initDurationMs.mean)} ms`] : []));
  return parts.length ? `cold start init (mean, not in the durations above): ${parts.join(' · ')}` : undefined;
}

function methodNote(report: Report): string {
  const ci = report.results.some((r) => r.ci95) ? '; 95 % CI = half-width of the 95 % confidence interval of that mean and of the cost, relative' : '';
  if (report.discard === 0) return `Mean of successful warm invocations; cost uses the mean billed duration${ci}`;
  return `Trimmed mean = mean of successful warm invocations with ${formatPercent(report.discard * 100)} cut at each end; cost uses the (untrimmed) mean billed duration${ci}`;
}

/** How the sizes were chosen, for a search: the model, how well it fits, why it stopped. */
function searchNote(report: Report): string[] {
  const parts = report.architectures ?? [];
  if (parts.length > 1) return parts.flatMap((p) => searchText(p.search).map((line) => `${p.architecture}: ${line}`));
  return searchText(report.search);
}

function searchText(search: Report['search']): string[] {
  if (!search) return [];
  const model = search.model
    ? `fitted duration = ${formatMs(search.model.ioMs)} ms + ${formatMs(search.model.cpuMs)} ms ÷ min(memory / 1769 MB, ${search.model.threads})`
    : 'no model fitted';
  const fit = search.fit
    ? ` (R² ${search.fit.r2.toFixed(3)}, rms residual ${formatPercent(search.fit.rmsePercent)}${search.fit.good ? '' : ', does not fit'})`
    : '';
  const how = search.method === 'fallback' ? 'measured more sizes instead of trusting the model' : 'sizes chosen from the model';
  return [
    `search of ${formatMB(search.range.minMB)}–${formatMB(search.range.maxMB, { unit: true })}: ${model}${fit}; ${how}; ${search.rounds} round(s); ${search.stoppedBecause}`,
  ];
}

/** Lines under the table: what failed, where durations include cold starts, how figures were made. */
export function noteLines(report: Report): string[] {
  // Failing sizes are not noted here: the analysis already warns about each, with its rate and types.
  const notes: string[] = [];
  for (const r of report.results) {
    if (r.sample === 'all' && r.durationMs) {
      notes.push(`${sizeLabel(r, report)}: no warm invocation, so its durations include cold starts`);
    }
  }
  for (const r of report.results) {
    if (r.firstError) notes.push(`${sizeLabel(r, report)}: first error: ${r.firstError.type}${r.firstError.message ? `: ${r.firstError.message}` : ''}`);
  }
  const cold = coldNote(report);
  if (cold) notes.push(cold);
  if (report.results.length > 0) notes.push(methodNote(report));
  if (report.run) notes.push(latestNote(report));
  notes.push(...searchNote(report));
  return notes;
}

/** How long unqualified traffic ran at a size other than the function's own (tune and bench). */
function latestNote(report: Report): string {
  const run = report.run!;
  const original = report.function.originalMemoryMB;
  const own = original === undefined ? 'its memory' : `its ${formatMB(original, { unit: true })}`;
  if (run.memoryUpdates === 0) return `$LATEST never left ${own}: only that size was measured`;
  return `$LATEST was away from ${own} for ${(run.latestAwayMs / 1000).toFixed(1)} s in all (${formatCount(run.memoryUpdates)} memory updates, restores included); the invocations ran against published versions`;
}

function strategyText(report: Report): string {
  const { name, weight, maxDurationMs } = report.strategy;
  const details = [
    ...(name === 'balanced' && weight !== undefined ? [`weight ${weight}`] : []),
    ...(maxDurationMs !== undefined ? [`p95 ≤ ${formatMs(maxDurationMs)} ms`] : []),
  ];
  return details.length ? `${name}, ${details.join(', ')}` : name;
}

function change(percent: number, better: string, worse: string): string {
  if (percent === 0) return `same ${better === 'cheaper' ? 'cost' : 'speed'}`;
  return `${formatPercent(Math.abs(percent))} ${percent > 0 ? better : worse}`;
}

function currentText(report: Report): string {
  const rec = report.recommendation;
  const current = report.function.originalMemoryMB;
  // Across architectures the reason itself compares with today (size and architecture).
  if (!rec || current === undefined || report.architectures !== undefined) return '';
  if (current === rec.memoryMB) return ` (already the current size)`;
  const saving = rec.savingVsCurrent;
  if (!saving) return ` (current size ${formatMB(current, { unit: true })} was not measured)`;
  const cost = change(saving.costPercent, 'cheaper', 'more expensive');
  const speed = change(saving.durationPercent, 'faster', 'slower');
  return `; vs current ${formatMB(saving.currentMemoryMB, { unit: true })}: ${cost}, ${speed}`;
}

function whyNone(report: Report): string {
  if (report.results.length === 0) return 'nothing was measured';
  const clean = report.results.filter((r) => r.errors === 0 && r.durationMs !== null);
  if (clean.length === 0) return 'every measured size had errors';
  if (report.strategy.maxDurationMs !== undefined) {
    return `no error-free size meets p95 ≤ ${formatMs(report.strategy.maxDurationMs)} ms`;
  }
  return 'see the warnings';
}

/** One line: the recommendation with its reason and saving, or why there is none. */
export function summaryLine(report: Report): { label: string; text: string } {
  const rec = report.recommendation;
  if (!rec) return { label: 'no recommendation', text: `: ${whyNone(report)}` };
  return {
    label: `recommended: ${formatMB(rec.memoryMB, { unit: true })}${rec.architecture && report.architectures ? ` on ${rec.architecture}` : ''}`,
    text: ` (${strategyText(report)}) — ${rec.reason}${currentText(report)}`,
  };
}
