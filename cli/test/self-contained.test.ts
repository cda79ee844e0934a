import {expect} from 'chai';
import {execFileSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {dirname, isAbsolute, join, relative, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';

/**
 * The project stands on its own: a fresh clone has nothing beside it, so no code, test or script may
 * reach a path outside the repository — no sibling folder of third-party data next to the checkout, no relative
 * path that climbs above the root, no absolute path of the machine it was written on.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const CODE = /\.(ts|mts|cts|js|mjs|cjs|sh|json|ya?ml)$|(^|\/)\.ci\/run$/;

function projectFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {cwd: root, encoding: 'utf8'});
  const self = relative(root, fileURLToPath(import.meta.url));
  // This file names the forbidden forms to test the check; oracle data is third-party JSON.
  return out.split('\0').filter((f) => f && CODE.test(f) && f !== self && !f.endsWith('pnpm-lock.yaml') && !/(^|\/)test\/oracles\//.test(f));
}

/** Problems in one file's text: each names the line and what it reaches. */
export function outsideReferences(file: string, text: string, repoRoot = root): string[] {
  const out: string[] = [];
  const lines = text.split('\n');
  for (const [i, line] of lines.entries()) {
    const at = `${file}:${i + 1}`;
    if (/\bshared[/\\]oracles\b|['"]shared['"]\s*,\s*['"]oracles['"]|\.\.[/\\]shared\b|['"]\.\.['"]\s*,\s*['"]shared['"]/.test(line)) out.push(`${at}: reads the shared folder beside the checkout`);
    for (const m of line.matchAll(/['"`]((?:\.\.\/)+[^'"`$]*)['"`]/g)) {
      const target = resolve(dirname(join(repoRoot, file)), m[1]!);
      const rel = relative(repoRoot, target);
      if (rel.startsWith('..') || isAbsolute(rel)) out.push(`${at}: '${m[1]}' climbs out of the repository`);
    }
    for (const m of line.matchAll(/['"`](\/(?:work|home|Users|root)\/[^'"`]*)['"`]/g)) out.push(`${at}: '${m[1]}' is a path of one machine`);
  }
  return out;
}

describe('the repository is self-contained', () => {
  it('no code, test or script references a path outside the repository', () => {
    const files = projectFiles();
    expect(files.length).to.be.greaterThan(100);
    const problems = files.flatMap((f) => outsideReferences(f, readFileSync(join(root, f), 'utf8')));
    expect(problems).to.deep.equal([]);
  });

  it('the check catches the ways a file reaches outside', () => {
    // The forbidden folder's name is assembled here so this file does not itself name it.
    const sibling = ['sha', 'red'].join('');
    const bad = [
      `const dir = join(repoRoot, '..', '${sibling}', 'oracles', 'slack');`,
      `const dir = fileURLToPath(new URL('../../../../../${sibling}/oracles/stripe', import.meta.url));`,
      "readFileSync(new URL('../../../../../notes.txt', import.meta.url));",
      "const spec = '/home/someone/spec.yaml';",
    ];
    for (const line of bad) expect(outsideReferences('plugins/stripe/test/support/x.ts', line), line).to.not.deep.equal([]);
    expect(outsideReferences('plugins/stripe/test/support/x.ts', "import {a} from '../../src/backend/app.js';")).to.deep.equal([]);
    expect(outsideReferences('plugins/stripe/test/support/x.ts', "new URL('../oracles', import.meta.url)")).to.deep.equal([]);
  });
});
