import {cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync} from 'node:fs';
import {join} from 'node:path';

/** Number of files and their total size under a directory (0, 0 when it does not exist). */
export function treeSize(dir: string): {files: number; bytes: number} {
  let files = 0;
  let bytes = 0;
  if (!existsSync(dir)) return {bytes, files};
  for (const e of readdirSync(dir, {recursive: true, withFileTypes: true})) {
    if (!e.isFile()) continue;
    files++;
    bytes += statSync(join(e.parentPath, e.name)).size;
  }
  return {bytes, files};
}

/** Make `to` an exact copy of `from` (empty when `from` is missing). */
export function replaceTree(from: string, to: string): void {
  rmSync(to, {force: true, recursive: true});
  mkdirSync(to, {recursive: true});
  if (from && existsSync(from)) cpSync(from, to, {preserveTimestamps: true, recursive: true});
}
