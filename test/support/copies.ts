/** What `tune --copy` leaves on the local endpoint: its copies and their log groups, by name. */
import type { FakeAws } from './fake-aws/index.js';

export const COPY_PREFIX = 'lambda-rightsize-copy-';

export const copiesIn = (fake: FakeAws): string[] => [...fake.functions.keys()].filter((name) => name.startsWith(COPY_PREFIX));

export const copyGroupsIn = (fake: FakeAws): string[] =>
  fake
    .logGroups()
    .map((g) => g.name)
    .filter((name) => name.startsWith(`/aws/lambda/${COPY_PREFIX}`));
