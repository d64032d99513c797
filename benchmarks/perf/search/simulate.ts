/**
 * The search's benchmark in the no-HTTP simulator (test/support/search-sim.ts): the driver against
 * the endpoint's own performance model, every case × seed in seconds, the 7 × 20 grid on the same
 * seeds as the baseline, judged against the model's true optimum (evaluate.ts). What the search is
 * iterated on; bench.ts runs the same cases through the real CLI.
 *
 * Env: SEARCH_SIM_SEEDS (1,2,3,4,5), SEARCH_SIM_CONCURRENCY (5), SEARCH_SIM_CASE (only cases whose
 * name contains it), SEARCH_SIM_VERBOSE (a line per run).
 */
import { SearchDriver } from '../../../src/search/index.js';
import { GridDriver } from '../../../src/tune/driver.js';
import { PRICE, simulate, type SimGoal } from '../../../test/support/search-sim.js';
import { trueOptimum } from '../../../test/support/truth.js';
import { workOf } from '../../../test/support/search-sim.js';
import { CASES, GRID, GRID_INVOCATIONS } from './cases.js';
import { caseTable, overall, runLine, verdictOf, type CaseRuns } from './evaluate.js';

const SEEDS = (process.env.SEARCH_SIM_SEEDS ?? '1,2,3,4,5').split(',').map(Number);
const CONCURRENCY = Number(process.env.SEARCH_SIM_CONCURRENCY ?? 5);
const ONLY = process.env.SEARCH_SIM_CASE ?? '';
const VERBOSE = Boolean(process.env.SEARCH_SIM_VERBOSE);
/** Modelled time of one size's preparation (update + publish), as the endpoint's updateDelayMs in bench.ts. */
const PREPARE_MS = 300;

/** The search as tune builds it without --memory (src/tune's plan: the run's goal, discard and concurrency). */
function searchDriver(goal: SimGoal): SearchDriver {
  return new SearchDriver({ ...goal, discard: 0.2, price: PRICE, concurrency: CONCURRENCY, invocations: 10 });
}

const started = Date.now();
const rows: CaseRuns[] = [];
for (const c of CASES.filter((k) => k.name.includes(ONLY))) {
  const row: CaseRuns = { c, optimumMB: trueOptimum(workOf(c.fn), c.goal)?.memoryMB, search: [], grid: [] };
  for (const seed of SEEDS) {
    const opts = { seed, concurrency: CONCURRENCY, prepareMs: PREPARE_MS };
    const search = simulate(searchDriver(c.goal), c.fn, c.goal, opts);
    const grid = simulate(new GridDriver(GRID, GRID_INVOCATIONS), c.fn, c.goal, opts);
    const s = { ...verdictOf(c, seed, search.report, search.gbSeconds), wallRatio: search.wallMs / grid.wallMs };
    const g = verdictOf(c, seed, grid.report, grid.gbSeconds);
    row.search.push(s);
    row.grid.push(g);
    if (VERBOSE) console.log(`${runLine(c, 'search', s)}\n${runLine(c, 'grid', g)}`);
  }
  rows.push(row);
}

console.log(
  `simulator: seeds ${SEEDS.join(',')}, concurrency ${CONCURRENCY}, modelled preparation ${PREPARE_MS} ms; ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
console.log('');
for (const line of caseTable(rows)) console.log(line);
console.log('');
const bars = overall(rows);
for (const line of bars.lines) console.log(line);
process.exitCode = bars.met ? 0 : 1;
