/** The search as tune's SearchFactory: the CLI and bench pass it to the engine. */
import type { SearchFactory } from '../tune/index.js';
import { SearchDriver } from './driver.js';

export const createSearch: SearchFactory = ({ analysis, price, concurrency, invocations }) =>
  new SearchDriver({
    strategy: analysis.strategy.name,
    weight: analysis.strategy.weight,
    ...(analysis.strategy.maxDurationMs !== undefined ? { maxDurationMs: analysis.strategy.maxDurationMs } : {}),
    discard: analysis.discard,
    price,
    concurrency,
    invocations,
  });
