/**
 * Whether a named profile exists in the shared files, read as the SDK reads them: AWS_CONFIG_FILE
 * (else ~/.aws/config, sections `[profile NAME]` and `[default]`) and AWS_SHARED_CREDENTIALS_FILE
 * (else ~/.aws/credentials, sections `[NAME]`). Without this check the SDK's symptom of a typo is
 * "no region" or "no credentials", which sends the user to the wrong fix.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../errors.js';

interface ProfileFile {
  /** As the user would write it: `~/.aws/config` or the variable's value. */
  shown: string;
  path: string;
  kind: 'config' | 'credentials';
}

function homeOf(env: NodeJS.ProcessEnv): string {
  return env.HOME ?? env.USERPROFILE ?? homedir();
}

function profileFiles(env: NodeJS.ProcessEnv): ProfileFile[] {
  const home = homeOf(env);
  const file = (variable: string | undefined, fallback: string, kind: ProfileFile['kind']): ProfileFile => {
    const raw = variable ?? `~/.aws/${fallback}`;
    // The SDK expands a leading "~/" in the variables too.
    return { shown: raw, path: raw.startsWith('~/') ? join(home, raw.slice(2)) : raw, kind };
  };
  return [file(env.AWS_CONFIG_FILE, 'config', 'config'), file(env.AWS_SHARED_CREDENTIALS_FILE, 'credentials', 'credentials')];
}

/** Profile names a file defines; `[sso-session x]` and `[services x]` sections are not profiles. */
export function profilesIn(text: string, kind: ProfileFile['kind']): string[] {
  const names: string[] = [];
  for (const match of text.matchAll(/^\s*\[\s*([^\]]+?)\s*\]/gm)) {
    const section = match[1]!;
    if (kind === 'credentials') names.push(section);
    else if (section === 'default') names.push(section);
    else if (/^profile\s/.test(section)) names.push(section.replace(/^profile\s+/, ''));
  }
  return names;
}

function read(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/**
 * Throws when the profile named by `--profile` or AWS_PROFILE does not exist. Access keys in the
 * environment do not make up for it: with a profile named, the SDK skips them
 * (@aws-sdk/credential-provider-node: "AWS_PROFILE is set, skipping fromEnv provider").
 */
export function assertProfileExists(profile: string | undefined, env: NodeJS.ProcessEnv): void {
  const name = profile || env.AWS_PROFILE;
  if (!name) return;
  // --profile falls back to AWS_PROFILE (commander's .env()), so an equal value came from there.
  const fromEnv = name === env.AWS_PROFILE;
  const files = profileFiles(env);
  const known = new Set(files.flatMap((f) => profilesIn(read(f.path), f.kind)));
  if (known.has(name)) return;
  const where = files.map((f) => f.shown).join(' and ');
  const list = [...known].slice(0, 6);
  throw new UsageError(
    `profile "${name}" (${fromEnv ? 'AWS_PROFILE' : '--profile'}) does not exist: looked in ${where}`,
    `${list.length > 0 ? `profiles there: ${list.join(', ')}${known.size > list.length ? ', …' : ''}; ` : ''}` +
      'fix the name, or point AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE at the files that define it',
  );
}
