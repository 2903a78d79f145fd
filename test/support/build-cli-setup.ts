/**
 * Vitest global setup (unit and integration tiers): rebuilds the CLI bundle `dist/cli.mjs` when it
 * is missing or older than its sources, so tests that spawn `npm run -s cli` (which runs the
 * bundle) exercise the code under test, never a stale build.
 */
import { buildCli, cliBundleStale } from '../../scripts/build-cli';

export default async function setup(): Promise<void> {
  if (cliBundleStale()) await buildCli();
}
