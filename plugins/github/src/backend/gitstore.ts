/**
 * Where the clone's git repositories live: `<data>/repos/<repo id>.git`, bare. The seed's
 * repositories are built once per seed (hash of the git_seed table) under `<data>/seeds/<hash>` with
 * `git fast-import`; a spare copy is prepared ahead so a reset only renames directories.
 */
import {createHash, randomBytes} from 'node:crypto';
import {existsSync} from 'node:fs';
import {appendFile, cp, mkdir, readdir, readFile, rename, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

import type pg from 'pg';

import {git} from './git.js';

interface SeedOp {
  type: 'commit' | 'branch';
  branch: string;
  from?: string;
  merge?: string;
  message?: string;
  author?: string;
  at?: number;
  files?: Record<string, string | null>;
}

export class GitStore {
  readonly root: string;
  private spareJob: Promise<void> = Promise.resolve();

  constructor(dataDir: string | undefined, cloneId: string) {
    this.root = dataDir ?? join(tmpdir(), `asym-github-${cloneId}`);
  }

  get reposDir(): string {
    return join(this.root, 'repos');
  }

  path(repoId: number | string): string {
    return join(this.reposDir, `${repoId}.git`);
  }

  /** At start: keep the repositories of a clone that was stopped; build them from the seed the first time. */
  async open(db: pg.Pool): Promise<void> {
    await mkdir(this.root, {recursive: true});
    if (existsSync(join(this.reposDir, '.seed'))) return;
    const hash = await this.seedHash(db);
    await this.buildSeed(db, hash);
    await rm(this.reposDir, {force: true, recursive: true});
    await cp(this.seedDir(hash), this.reposDir, {recursive: true});
    this.prepareSpare(hash);
  }

  /** After the database went back to its seed: the repositories go back to exactly the seed's. */
  async reset(db: pg.Pool): Promise<void> {
    await this.spareJob;
    const hash = await this.seedHash(db);
    const trash = join(this.root, `trash-${randomBytes(4).toString('hex')}`);
    if (existsSync(this.reposDir)) await rename(this.reposDir, trash);
    const spare = this.spareDir(hash);
    if (existsSync(join(spare, '.seed'))) await rename(spare, this.reposDir);
    else {
      await this.buildSeed(db, hash);
      await cp(this.seedDir(hash), this.reposDir, {recursive: true});
    }
    void rm(trash, {force: true, recursive: true}).catch(() => {});
    this.prepareSpare(hash);
  }

  /** Resolves when the spare copy being prepared is ready (tests, shutdown). */
  idle(): Promise<void> {
    return this.spareJob;
  }

  /** A new empty bare repository for a repository row. */
  async init(repoId: number | string, defaultBranch: string): Promise<string> {
    const dir = this.path(repoId);
    await mkdir(dir, {recursive: true});
    await git(dir, ['init', '--bare', '--quiet', `--initial-branch=${defaultBranch}`]);
    await configure(dir);
    return dir;
  }

  async remove(repoId: number | string): Promise<void> {
    await rm(this.path(repoId), {force: true, recursive: true});
  }

  private seedDir(hash: string): string {
    return join(this.root, 'seeds', hash);
  }

  private spareDir(hash: string): string {
    return join(this.root, `spare-${hash}`);
  }

  private prepareSpare(hash: string): void {
    this.spareJob = this.spareJob.then(async () => {
      const spare = this.spareDir(hash);
      if (existsSync(join(spare, '.seed'))) return;
      const tmp = `${spare}.tmp`;
      await rm(tmp, {force: true, recursive: true});
      await cp(this.seedDir(hash), tmp, {recursive: true});
      await rename(tmp, spare);
    }).catch(() => {});
  }

  private async seedHash(db: pg.Pool): Promise<string> {
    const r = await db.query(`SELECT r.id, r.default_branch, coalesce(json_agg(s.op ORDER BY s.seq) FILTER (WHERE s.op IS NOT NULL), '[]') AS ops
      FROM repos r LEFT JOIN git_seed s ON s.repo_id = r.id GROUP BY r.id ORDER BY r.id`);
    return createHash('sha256').update(JSON.stringify(r.rows)).digest('hex').slice(0, 16);
  }

  /** Build every repository of the seed (once per seed hash). */
  private async buildSeed(db: pg.Pool, hash: string): Promise<void> {
    const dir = this.seedDir(hash);
    if (existsSync(join(dir, '.seed'))) return;
    const tmp = `${dir}.tmp-${randomBytes(3).toString('hex')}`;
    await mkdir(tmp, {recursive: true});
    const users = new Map<string, {name: string; email: string}>();
    for (const u of (await db.query('SELECT login, name, email FROM users')).rows) users.set(u.login, {email: u.email ?? `${u.login}@users.noreply.github.local`, name: u.name ?? u.login});
    const repos = (await db.query('SELECT id, default_branch FROM repos ORDER BY id')).rows;
    for (const repo of repos) {
      const ops = (await db.query('SELECT op FROM git_seed WHERE repo_id = $1 ORDER BY seq', [repo.id])).rows.map((r) => r.op as SeedOp);
      const repoDir = join(tmp, `${repo.id}.git`);
      await mkdir(repoDir, {recursive: true});
      await git(repoDir, ['init', '--bare', '--quiet', `--initial-branch=${repo.default_branch}`]);
      await configure(repoDir);
      if (ops.length > 0) await git(repoDir, ['fast-import', '--quiet', '--done'], {input: fastImportStream(ops, users)});
    }
    await writeFile(join(tmp, '.seed'), hash);
    await mkdir(join(this.root, 'seeds'), {recursive: true});
    await rm(dir, {force: true, recursive: true});
    await rename(tmp, dir);
  }

  async seedOf(): Promise<string | undefined> {
    return readFile(join(this.reposDir, '.seed'), 'utf8').catch(() => undefined);
  }

  async list(): Promise<string[]> {
    return readdir(this.reposDir).catch(() => []);
  }
}

/** The repository's settings, appended to the config `git init` wrote (one file write, no git calls). */
async function configure(dir: string): Promise<void> {
  await appendFile(join(dir, 'config'), '[receive]\n\tdenyDeleteCurrent = true\n[uploadpack]\n\tallowFilter = true\n[core]\n\tlogAllRefUpdates = false\n');
}

/** The fast-import stream for a repository's seed operations. */
export function fastImportStream(ops: SeedOp[], users: Map<string, {name: string; email: string}>): Buffer {
  const parts: Buffer[] = [];
  const text = (s: string) => parts.push(Buffer.from(s, 'utf8'));
  const data = (s: string) => {
    const b = Buffer.from(s, 'utf8');
    text(`data ${b.length}\n`);
    parts.push(b);
    text('\n');
  };
  const started = new Set<string>();
  for (const op of ops) {
    const ref = `refs/heads/${op.branch}`;
    if (op.type === 'branch') {
      text(`reset ${ref}\nfrom refs/heads/${op.from}\n\n`);
      started.add(op.branch);
      continue;
    }
    const who = users.get(op.author ?? '') ?? {email: `${op.author}@users.noreply.github.local`, name: op.author ?? 'ghost'};
    const ident = `${who.name} <${who.email}> ${op.at ?? 0} +0000`;
    text(`commit ${ref}\nauthor ${ident}\ncommitter ${ident}\n`);
    data(op.message ?? 'Update');
    if (op.from && !started.has(op.branch)) text(`from refs/heads/${op.from}\n`);
    if (op.merge) text(`merge refs/heads/${op.merge}\n`);
    started.add(op.branch);
    for (const [path, content] of Object.entries(op.files ?? {})) {
      if (content === null) text(`D ${path}\n`);
      else {
        text(`M 100644 inline ${path}\n`);
        data(content);
      }
    }
    text('\n');
  }
  text('done\n');
  return Buffer.concat(parts);
}
