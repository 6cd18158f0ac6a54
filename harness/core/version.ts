// The harness version from package.json (recorded in every run.json). Walks up from this
// file because it runs both from source (tests) and from dist/ (the CLI).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageJson(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'package.json');
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`package.json not found above ${start}`);
  }
}

/** The package root (where package.json, datasets/ and docker/ live). */
export const PACKAGE_ROOT = path.dirname(findPackageJson(path.dirname(fileURLToPath(import.meta.url))));

export const HARNESS_VERSION: string = (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string })
  .version;
