// The project's root folder, found from this file so it holds for the sources and their compiled copy
// (dist/scripts/lib). A module of its own: the test tiers and `npm run test:unit` need the root without
// loading provisioning's dependencies (Redis, PostgreSQL, the Temporal client).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

/** The folder with package.json: two levels up from this file, three from its compiled copy. */
export const projectRoot = findProjectRoot(path.dirname(fileURLToPath(import.meta.url)));
