import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLocalInputs } from '../../../src/scan/local.js';

describe('readLocalInputs', () => {
  it("reads the source tree of the folder it is given in CI, not the process's working folder", async () => {
    const root = await mkdtemp(join(tmpdir(), 'rightsize-local-'));
    await mkdir(join(root, 'infra'));
    await writeFile(join(root, 'infra', 'template.yaml'), 'Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n');

    const inputs = await readLocalInputs({ suggestPatch: false }, { env: { CI: 'true' }, cwd: root });

    expect(inputs.sources?.map((f) => f.path)).toEqual(['infra/template.yaml']);
    expect(inputs.baseline).toBeUndefined();
  });

  it('reads the baseline and refuses an unwritable --write-baseline before anything is scanned', async () => {
    const root = await mkdtemp(join(tmpdir(), 'rightsize-local-'));
    const baseline = join(root, 'baseline.json');
    await writeFile(baseline, JSON.stringify({ schemaVersion: 1, findings: [{ function: 'api', kind: 'no-data' }] }));

    const inputs = await readLocalInputs({ baseline, suggestPatch: false, source: false }, { env: {}, cwd: root });
    expect(inputs.baseline?.findings).toEqual([{ function: 'api', kind: 'no-data' }]);
    await expect(readLocalInputs({ writeBaseline: join(root, 'missing', 'b.json'), suggestPatch: false }, { env: {}, cwd: root })).rejects.toThrow(
      /^cannot write --write-baseline .*missing\/b\.json: ENOENT$/,
    );
    expect(JSON.parse(await readFile(baseline, 'utf8'))).toMatchObject({ schemaVersion: 1 });
  });
});
