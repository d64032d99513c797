/** Headless Chromium for the tests that look at a page as a person sees it (HTML report, rendered Markdown). */
import { existsSync } from 'node:fs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** .ci/run sets this, so CI fails instead of skipping when the browser is missing. */
export const CHROMIUM_REQUIRED = process.env.LAMBDA_RIGHTSIZE_REQUIRE_BROWSER === '1';
/** Skip (locally) when the browser is missing and CI does not require it. */
export const NO_CHROMIUM = !existsSync(CHROMIUM) && !CHROMIUM_REQUIRED;
/** The flags the machine notes give for a closed network: no background fetches, no first-run UI. */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
