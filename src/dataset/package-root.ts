/**
 * The folder holding infraplan's package.json, found from this module's own location so the
 * embedded models resolve the same way from src/ (tsx, vitest) and from dist/ (the built CLI),
 * whatever the current directory is.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the package root: the nearest ancestor of this module with a package.json. */
export function findPackageRoot(): string {
  let folder = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(folder, 'package.json'))) return folder;
    const parent = path.dirname(folder);
    if (parent === folder) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    folder = parent;
  }
}
