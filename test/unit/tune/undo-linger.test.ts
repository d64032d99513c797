/** The undo of a temporary function after an interrupt: its log group again, once invocations still running have logged. */
import { describe, expect, it } from 'vitest';
import { emptyPlan, executeUndo } from '../../../src/tune/undo.js';
import type { TemporaryFunctions } from '../../../src/tune/ports.js';

const GROUP = '/aws/lambda/copy';

/**
 * A copy with one invocation still running when it is deleted: `afterMs` later (on the test's clock)
 * it finishes and logs, and Lambda creates its log group anew.
 */
function inFlight(afterMs: number): { temporary: TemporaryFunctions; groups: Set<string>; tick: (ms: number) => Promise<void> } {
  const groups = new Set([GROUP]);
  let now = 0;
  let deletedAt: number | undefined;
  let logged = false;
  const tick = async (ms: number): Promise<void> => {
    now += ms;
    if (!logged && deletedAt !== undefined && now >= deletedAt + afterMs) {
      logged = true;
      groups.add(GROUP);
    }
  };
  const temporary: TemporaryFunctions = {
    deleteFunction: async () => {
      deletedAt = now;
      return 'deleted';
    },
    deleteLogGroup: async (name) => (groups.delete(name) ? 'deleted' : 'gone'),
  };
  return { temporary, groups, tick };
}

const plan = () => ({ ...emptyPlan('', 'this run'), functions: [{ name: 'copy', logGroup: GROUP, runId: 'r', made: 'tune --copy' as const }] });

describe('executeUndo of a temporary function', () => {
  it('deletes the log group again after lingering, when an invocation still running logged into it', async () => {
    const { temporary, groups, tick } = inFlight(200);

    const outcome = await executeUndo(plan(), { temporary, lingerMs: 1000, sleep: tick });
    await tick(1000);

    expect(groups.size).toBe(0);
    expect(outcome.done).toContainEqual(`${GROUP}: deleted again (an invocation still running when copy was deleted logged into it)`);
  });

  it('without lingering leaves the group such an invocation re-creates (why an interrupted copy lingers)', async () => {
    const { temporary, groups, tick } = inFlight(200);

    await executeUndo(plan(), { temporary, sleep: tick });
    await tick(1000);

    expect([...groups]).toEqual([GROUP]);
  });
});
