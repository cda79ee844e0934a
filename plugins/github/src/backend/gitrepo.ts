/** Reading and writing one bare repository with git plumbing (no work tree, no locks held between calls). */
import {randomBytes} from 'node:crypto';
import {rm} from 'node:fs/promises';
import {join} from 'node:path';

import {git, type Identity, identityEnv, runGit} from './git.js';

export interface Person {
  name: string;
  email: string;
  date: string;
}

export interface CommitInfo {
  sha: string;
  tree: string;
  parents: string[];
  author: Person;
  committer: Person;
  message: string;
}

export interface TreeEntry {
  mode: string;
  type: 'blob' | 'tree' | 'commit';
  sha: string;
  size?: number;
  path: string;
}

export interface FileChange {
  filename: string;
  previous_filename?: string;
  status: 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';
  additions: number;
  deletions: number;
  changes: number;
  patch?: string;
  sha: string | null;
}

const LOG_FORMAT = '%H%x00%T%x00%P%x00%an%x00%ae%x00%aI%x00%cn%x00%ce%x00%cI%x00%B%x1e';
const SHA = /^[0-9a-f]{40}$/;

function parseLog(out: string): CommitInfo[] {
  return out
    .split('\x1e')
    .map((s) => s.replace(/^\n/, ''))
    .filter((s) => s.length > 0)
    .map((rec) => {
      const [sha, tree, parents, an, ae, ad, cn, ce, cd, ...msg] = rec.split('\x00');
      return {
        author: {date: iso(ad!), email: ae!, name: an!},
        committer: {date: iso(cd!), email: ce!, name: cn!},
        message: msg.join('\x00').replace(/\n$/, ''),
        parents: parents ? parents.split(' ') : [],
        sha: sha!,
        tree: tree!,
      };
    });
}

/** git's ISO dates (`2024-01-02T03:04:05+00:00`) as GitHub prints them (`2024-01-02T03:04:05Z`). */
const iso = (d: string) => new Date(d).toISOString().replace(/\.\d{3}Z$/, 'Z');

export class GitRepo {
  constructor(readonly dir: string) {}

  async resolve(ref: string | undefined): Promise<string | undefined> {
    if (!ref) return undefined;
    const candidates = SHA.test(ref) || ref.startsWith('refs/') ? [ref] : [`refs/heads/${ref}`, `refs/tags/${ref}`, ref];
    for (const c of candidates) {
      const r = await runGit(this.dir, ['rev-parse', '--verify', '--quiet', `${c}^{commit}`]);
      if (r.code === 0) return r.stdout.toString().trim();
    }
    return undefined;
  }

  async isEmpty(): Promise<boolean> {
    return (await this.refs('refs/heads/')).length === 0;
  }

  async refs(prefix = 'refs/'): Promise<Array<{ref: string; sha: string; type: string}>> {
    const out = await git(this.dir, ['for-each-ref', '--format=%(refname)%00%(objectname)%00%(objecttype)', prefix]);
    return out
      .split('\n')
      .filter(Boolean)
      .map((l) => {
        const [ref, sha, type] = l.split('\x00');
        return {ref: ref!, sha: sha!, type: type!};
      });
  }

  async branches(): Promise<Array<{name: string; sha: string}>> {
    return (await this.refs('refs/heads/')).map((r) => ({name: r.ref.slice('refs/heads/'.length), sha: r.sha}));
  }

  async objectType(sha: string): Promise<string | undefined> {
    const r = await runGit(this.dir, ['cat-file', '-t', sha]);
    return r.code === 0 ? r.stdout.toString().trim() : undefined;
  }

  async commit(sha: string): Promise<CommitInfo | undefined> {
    const r = await runGit(this.dir, ['log', '-1', '--no-walk', `--format=${LOG_FORMAT}`, `${sha}^{commit}`, '--']);
    if (r.code !== 0) return undefined;
    return parseLog(r.stdout.toString('utf8'))[0];
  }

  async log(from: string, opts: {path?: string; max?: number; skip?: number; since?: string; until?: string; author?: string; exclude?: string} = {}): Promise<CommitInfo[]> {
    const args = ['log', `--format=${LOG_FORMAT}`];
    if (opts.max !== undefined) args.push(`--max-count=${opts.max}`);
    if (opts.skip) args.push(`--skip=${opts.skip}`);
    if (opts.since) args.push(`--since=${opts.since}`);
    if (opts.until) args.push(`--until=${opts.until}`);
    if (opts.author) args.push(`--author=${opts.author}`);
    args.push(from);
    if (opts.exclude) args.push(`^${opts.exclude}`);
    args.push('--');
    if (opts.path) args.push(opts.path);
    return parseLog(await git(this.dir, args));
  }

  async lsTree(treeish: string, opts: {recursive?: boolean; path?: string} = {}): Promise<TreeEntry[]> {
    const args = ['ls-tree', '-l', '-z'];
    if (opts.recursive) args.push('-r', '-t');
    args.push(treeish);
    if (opts.path) args.push('--', opts.path);
    const r = await runGit(this.dir, args);
    if (r.code !== 0) return [];
    return r.stdout
      .toString('utf8')
      .split('\0')
      .filter(Boolean)
      .map((line) => {
        const tab = line.indexOf('\t');
        const [mode, type, sha, size] = line.slice(0, tab).split(/\s+/);
        return {mode: mode!, path: line.slice(tab + 1), sha: sha!, size: size === '-' ? undefined : Number(size), type: type as TreeEntry['type']};
      });
  }

  /** The entry at `path` in a commit ('' is the root tree). */
  async entryAt(commit: string, path: string): Promise<TreeEntry | undefined> {
    const clean = path.replace(/^\/+|\/+$/g, '');
    if (clean === '') {
      const tree = (await this.commit(commit))?.tree;
      return tree ? {mode: '040000', path: '', sha: tree, type: 'tree'} : undefined;
    }
    return (await this.lsTree(commit, {path: clean})).find((e) => e.path === clean);
  }

  async blob(sha: string): Promise<Buffer | undefined> {
    const r = await runGit(this.dir, ['cat-file', 'blob', sha]);
    return r.code === 0 ? r.stdout : undefined;
  }

  async hashObject(content: Buffer | string): Promise<string> {
    return (await git(this.dir, ['hash-object', '-w', '--stdin'], {input: content})).trim();
  }

  /**
   * A tree: `base` (a tree or commit, or none) with entries set or removed. An entry gives a blob
   * sha or content; `sha: null` removes the path.
   */
  async buildTree(base: string | undefined, entries: Array<{path: string; mode?: string; sha?: string | null; content?: Buffer | string}>): Promise<string> {
    const index = join(this.dir, `index-${randomBytes(6).toString('hex')}`);
    const env = {GIT_INDEX_FILE: index};
    try {
      if (base) await git(this.dir, ['read-tree', base], {env});
      else await git(this.dir, ['read-tree', '--empty'], {env});
      for (const e of entries) {
        const path = e.path.replace(/^\/+/, '');
        if (e.sha === null) {
          await git(this.dir, ['update-index', '--force-remove', '--', path], {env});
          continue;
        }
        const sha = e.sha ?? (await this.hashObject(e.content ?? ''));
        await git(this.dir, ['update-index', '--add', '--cacheinfo', `${e.mode ?? '100644'},${sha},${path}`], {env});
      }
      return (await git(this.dir, ['write-tree'], {env})).trim();
    } finally {
      await rm(index, {force: true});
    }
  }

  async commitTree(tree: string, parents: string[], message: string, author: Identity, committer: Identity = author): Promise<string> {
    const args = ['commit-tree', tree, ...parents.flatMap((p) => ['-p', p])];
    return (await git(this.dir, args, {env: identityEnv(author, committer), input: message})).trim();
  }

  /** Move a ref; with `old`, only when it still points there (compare-and-swap). */
  async updateRef(ref: string, sha: string, old?: string): Promise<boolean> {
    const args = ['update-ref', ref, sha];
    if (old !== undefined) args.push(old);
    return (await runGit(this.dir, args)).code === 0;
  }

  async deleteRef(ref: string): Promise<boolean> {
    return (await runGit(this.dir, ['update-ref', '-d', ref])).code === 0;
  }

  async setHead(branch: string): Promise<void> {
    await git(this.dir, ['symbolic-ref', 'HEAD', `refs/heads/${branch}`]);
  }

  async mergeBase(a: string, b: string): Promise<string | undefined> {
    const r = await runGit(this.dir, ['merge-base', a, b]);
    return r.code === 0 ? r.stdout.toString().trim() : undefined;
  }

  async isAncestor(a: string, b: string): Promise<boolean> {
    return (await runGit(this.dir, ['merge-base', '--is-ancestor', a, b])).code === 0;
  }

  async count(range: string): Promise<number> {
    const r = await runGit(this.dir, ['rev-list', '--count', range]);
    return r.code === 0 ? Number(r.stdout.toString().trim()) : 0;
  }

  /** Merge `theirs` into `ours` without a work tree: the merged tree, or conflicts. */
  async mergeTree(ours: string, theirs: string): Promise<{tree?: string; conflicts: boolean}> {
    const args = ['merge-tree', '--write-tree', '--no-messages', ours, theirs];
    const r = await runGit(this.dir, args);
    const tree = r.stdout.toString().split('\n')[0]?.trim();
    if (r.code === 0 && tree) return {conflicts: false, tree};
    return {conflicts: true};
  }

  /** `commit`'s change (against its first parent) applied onto `onto`'s tree: the new tree, or undefined on a conflict. */
  async cherryPickTree(onto: string, commit: string, parent: string): Promise<string | undefined> {
    const index = join(this.dir, `index-${randomBytes(6).toString('hex')}`);
    const env = {GIT_INDEX_FILE: index};
    try {
      await git(this.dir, ['read-tree', onto], {env});
      const patch = await git(this.dir, ['diff-tree', '-p', '--binary', '--full-index', parent, commit]);
      if (patch.trim() !== '') {
        const applied = await runGit(this.dir, ['apply', '--cached', '--3way', '-'], {env, input: patch});
        if (applied.code !== 0) return undefined;
      }
      return (await git(this.dir, ['write-tree'], {env})).trim();
    } finally {
      await rm(index, {force: true});
    }
  }

  /** The files changed between two commits, with GitHub's status names and unified patches. */
  async diff(base: string, head: string): Promise<FileChange[]> {
    const numstat = await git(this.dir, ['diff', '--numstat', '-z', '-M', base, head]);
    const status = await git(this.dir, ['diff', '--name-status', '-z', '-M', base, head]);
    const patchText = await git(this.dir, ['diff', '-M', '--no-color', base, head]);
    const patches = splitPatches(patchText);
    const stats: Array<{add: number; del: number}> = [];
    const nTok = numstat.split('\0');
    for (let i = 0; i < nTok.length; i++) {
      const t = nTok[i];
      if (!t) continue;
      const [a, d, path] = t.split('\t');
      if (path === '') i += 2; // rename: two more fields follow
      stats.push({add: a === '-' ? 0 : Number(a), del: d === '-' ? 0 : Number(d)});
    }
    const out: FileChange[] = [];
    const sTok = status.split('\0');
    let k = 0;
    for (let i = 0; i < sTok.length; i++) {
      const code = sTok[i];
      if (!code) continue;
      const renamed = code.startsWith('R') || code.startsWith('C');
      const from = sTok[++i]!;
      const to = renamed ? sTok[++i]! : from;
      const st = stats[k++] ?? {add: 0, del: 0};
      const name = {A: 'added', C: 'copied', D: 'removed', M: 'modified', R: 'renamed', T: 'changed'}[code[0] as 'A'] as FileChange['status'];
      const entry = code[0] === 'D' ? undefined : (await this.lsTree(head, {path: to}))[0];
      out.push({
        additions: st.add,
        changes: st.add + st.del,
        deletions: st.del,
        filename: to,
        ...(renamed ? {previous_filename: from} : {}),
        patch: patches.get(to),
        sha: entry?.sha ?? null,
        status: name ?? 'modified',
      });
    }
    return out;
  }

  async rawDiff(base: string, head: string): Promise<string> {
    return git(this.dir, ['diff', '-M', '--no-color', base, head]);
  }

  /** `git format-patch` style patches of the commits in base..head. */
  async formatPatch(base: string, head: string): Promise<string> {
    return git(this.dir, ['format-patch', '--stdout', '--no-color', `${base}..${head}`]);
  }
}

/** One patch per file (the hunks only, as GitHub's `patch` field holds them). */
function splitPatches(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const chunk of text.split(/^diff --git /m).slice(1)) {
    const lines = chunk.split('\n');
    const plus = lines.find((l) => l.startsWith('+++ '));
    const minus = lines.find((l) => l.startsWith('--- '));
    const file = plus && plus !== '+++ /dev/null' ? plus.slice(6) : minus?.slice(6);
    const first = lines.findIndex((l) => l.startsWith('@@'));
    if (file && first >= 0) out.set(file, lines.slice(first).join('\n').replace(/\n$/, ''));
  }
  return out;
}
