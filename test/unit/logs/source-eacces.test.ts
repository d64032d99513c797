// Root reads every file, so a chmod 000 test proves nothing in CI containers: here `open` is made
// to fail with EACCES for one path, to check the message a user without permission would get.
import { describe, expect, it, vi } from 'vitest';

const DENIED = 'test/fixtures/logs/console.log';

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...actual,
    open: (path: string, ...rest: unknown[]) =>
      path === DENIED
        ? Promise.reject(Object.assign(new Error(`EACCES: permission denied, open '${path}'`), { code: 'EACCES' }))
        : (actual.open as (...args: unknown[]) => unknown)(path, ...rest),
  };
});

const { openLogSource } = await import('../../../src/replay/source.js');

describe('openLogSource on an unreadable file', () => {
  it('names the file and the permission problem in one line', async () => {
    await expect(openLogSource(DENIED)).rejects.toThrow(new RegExp(`^cannot read ${DENIED}: permission denied$`));
  });
});
