/** Versions and aliases: publish (with AWS's "nothing changed" rule and guards), delete, alias CRUD. */
import { fault } from './http.js';
import type { FunctionRecord, LambdaState } from './lambda-state.js';
import type { IdSource } from './ids.js';
import type { AliasConfig, FunctionConfig } from './types.js';

export interface PublishInput {
  CodeSha256?: string;
  RevisionId?: string;
  Description?: string;
}

/** The highest published version, if any. */
export function latestVersion(record: FunctionRecord): string | undefined {
  return record.nextVersion > 1 ? String(record.nextVersion - 1) : undefined;
}

/**
 * PublishVersion. Lambda returns the latest existing version instead of creating one when `$LATEST`
 * did not change since it was published; `forceExisting` (a fault knob) does so regardless.
 */
export function publishVersion(state: LambdaState, ids: IdSource, record: FunctionRecord, input: PublishInput, forceExisting: boolean): FunctionConfig {
  state.assertChangeable(record);
  const latest = record.config;
  if (input.CodeSha256 !== undefined && input.CodeSha256 !== latest.CodeSha256) {
    throw fault.invalid(
      `CodeSHA256 (${input.CodeSha256}) is different from current CodeSHA256 in $LATEST (${latest.CodeSha256}). Please try again with the CodeSHA256 in $LATEST.`,
    );
  }
  if (input.RevisionId !== undefined && input.RevisionId !== latest.RevisionId) {
    throw fault.precondition(revisionMismatch());
  }
  const existing = latestVersion(record);
  if (existing !== undefined && (forceExisting || record.publishedFrom.get(existing) === latest.RevisionId)) {
    return record.versions.get(existing) as FunctionConfig;
  }
  const version = String(record.nextVersion);
  const config: FunctionConfig = Object.freeze({
    ...structuredClone(latest),
    Version: version,
    FunctionArn: `${latest.FunctionArn}:${version}`,
    Description: input.Description ?? latest.Description,
    RevisionId: ids.uuid(),
    LastUpdateStatus: 'Successful' as const,
  });
  record.versions.set(version, config);
  record.publishedFrom.set(version, latest.RevisionId);
  record.nextVersion += 1;
  return config;
}

export function revisionMismatch(): string {
  return 'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id';
}

/** DeleteFunction with a Qualifier: one version, refused while an alias points at it. */
export function deleteVersion(record: FunctionRecord, version: string): void {
  if (version === '$LATEST') {
    throw fault.invalid('$LATEST version cannot be deleted without deleting the function.');
  }
  if (!record.versions.has(version)) {
    throw fault.notFound(`Function not found: ${record.config.FunctionArn}:${version}`);
  }
  const aliases = [...record.aliases.values()].filter((a) => a.FunctionVersion === version).map((a) => a.Name);
  if (aliases.length > 0) {
    throw fault.conflict(`Unable to delete version because the following aliases reference it: [${aliases.join(', ')}]`);
  }
  record.versions.delete(version);
  record.publishedFrom.delete(version);
}

export interface AliasInput {
  Name?: string;
  FunctionVersion?: string;
  Description?: string;
}

export function createAlias(ids: IdSource, record: FunctionRecord, input: AliasInput): AliasConfig {
  const name = input.Name ?? '';
  const version = input.FunctionVersion ?? '';
  if (!/^(?!^[0-9]+$)([a-zA-Z0-9-_]+)$/.test(name)) throw fault.invalid(`Invalid alias name: ${name}`);
  if (record.aliases.has(name)) throw fault.conflict(`Alias already exists: ${record.config.FunctionArn}:${name}`);
  if (version !== '$LATEST' && !record.versions.has(version)) {
    throw fault.notFound(`Function not found: ${record.config.FunctionArn}:${version}`);
  }
  const alias: AliasConfig = {
    AliasArn: `${record.config.FunctionArn}:${name}`,
    Name: name,
    FunctionVersion: version,
    Description: input.Description ?? '',
    RevisionId: ids.uuid(),
  };
  record.aliases.set(name, alias);
  return alias;
}

export function getAlias(record: FunctionRecord, name: string): AliasConfig {
  const alias = record.aliases.get(name);
  if (!alias) throw fault.notFound(`Alias not found: ${record.config.FunctionArn}:${name}`);
  return alias;
}

/** `$LATEST` as ListVersionsByFunction shows it, then versions in number order. */
export function allVersions(record: FunctionRecord): FunctionConfig[] {
  const numbered = [...record.versions.values()].toSorted((a, b) => Number(a.Version) - Number(b.Version));
  return [record.config, ...numbered];
}
