/** The GitHub clone's services: database, git repositories, rate limits, webhooks, and repository access. */
import {type BackendContext, hashToken} from '@asym/template-kit';

import {GhError, notFound} from './errors.js';
import {GitRepo} from './gitrepo.js';
import {GitStore} from './gitstore.js';
import {type Ctx, origin, type Viewer, viewer} from './http.js';
import {RateLimits} from './ratelimit.js';
import {Webhooks} from './webhooks.js';

export type Permission = 'admin' | 'write' | 'read' | 'none';

export interface RepoRow {
  id: number;
  owner_id: number;
  owner_login: string;
  owner_type: string;
  name: string;
  description: string | null;
  homepage: string | null;
  private: boolean;
  default_branch: string;
  topics: string[];
  has_issues: boolean;
  has_projects: boolean;
  has_wiki: boolean;
  archived: boolean;
  allow_merge_commit: boolean;
  allow_squash_merge: boolean;
  allow_rebase_merge: boolean;
  delete_branch_on_merge: boolean;
  created_at: Date;
  updated_at: Date;
  pushed_at: Date | null;
  open_issues?: number | string;
  /** the viewer's permission */
  permission: Permission;
}

const RANK: Record<Permission, number> = {admin: 3, none: 0, read: 1, write: 2};

export const REPO_SELECT = `SELECT r.*, u.login AS owner_login, u.type AS owner_type, (SELECT count(*) FROM issues i WHERE i.repo_id = r.id AND i.state = 'open') AS open_issues FROM repos r JOIN users u ON u.id = r.owner_id`;

export class Gh {
  readonly store: GitStore;
  readonly limits = new RateLimits();
  readonly hooks: Webhooks;

  constructor(readonly ctx: BackendContext) {
    this.store = new GitStore(ctx.env.dataDir, ctx.env.cloneId);
    this.hooks = new Webhooks(this);
  }

  get db() {
    return this.ctx.db;
  }

  git(repo: {id: number}): GitRepo {
    return new GitRepo(this.store.path(repo.id));
  }

  async viewerFor(token: string | undefined): Promise<Viewer | undefined> {
    if (!token) return undefined;
    const r = await this.db.query('SELECT t.id AS token_id, t.scopes, u.id, u.login FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.hash = $1', [hashToken(token)]);
    const row = r.rows[0];
    return row ? {id: Number(row.id), login: row.login, scopes: row.scopes, tokenId: Number(row.token_id)} : undefined;
  }

  async user(login: string): Promise<Record<string, any> | undefined> {
    return (await this.db.query('SELECT * FROM users WHERE lower(login) = lower($1)', [login])).rows[0];
  }

  async userById(id: number): Promise<Record<string, any> | undefined> {
    return (await this.db.query('SELECT * FROM users WHERE id = $1', [id])).rows[0];
  }

  async permission(repo: {id: number; owner_id: number; owner_type: string; private: boolean}, viewerId: number | undefined): Promise<Permission> {
    const base: Permission = repo.private ? 'none' : 'read';
    if (viewerId === undefined) return base;
    if (Number(repo.owner_id) === viewerId) return 'admin';
    const r = await this.db.query(
      `SELECT (SELECT role FROM org_members WHERE org_id = $1 AND user_id = $3) AS role,
              (SELECT permission FROM collaborators WHERE repo_id = $2 AND user_id = $3) AS collab`,
      [repo.owner_id, repo.id, viewerId],
    );
    const {collab, role} = r.rows[0] ?? {};
    let p: Permission = base;
    const lift = (q: Permission) => {
      if (RANK[q] > RANK[p]) p = q;
    };
    if (role === 'admin') lift('admin');
    else if (role) lift('write');
    if (collab === 'admin') lift('admin');
    else if (collab === 'push' || collab === 'maintain') lift('write');
    else if (collab) lift('read');
    return p;
  }

  /**
   * A repository the viewer may see (404 otherwise, never 403), checked for `need`. A renamed
   * repository answers 301 (GET) or 307 to where it lives now.
   */
  async repo(c: Ctx, owner: string, name: string, need: Permission = 'read'): Promise<RepoRow> {
    const clean = name.replace(/\.git$/, '');
    const r = await this.db.query(`${REPO_SELECT} WHERE lower(u.login) = lower($1) AND lower(r.name) = lower($2)`, [owner, clean]);
    let row = r.rows[0] as RepoRow | undefined;
    if (!row) {
      const moved = await this.db.query(`${REPO_SELECT} JOIN repo_redirects m ON m.repo_id = r.id WHERE lower(m.owner_login) = lower($1) AND lower(m.name) = lower($2)`, [owner, clean]);
      const to = moved.rows[0] as RepoRow | undefined;
      if (to && (await this.permission(to, viewer(c)?.id)) !== 'none') {
        const url = new URL(c.req.url);
        const location = `${origin(c)}/repositories/${to.id}${url.pathname.replace(/^\/repos\/[^/]+\/[^/]+/, '')}${url.search}`;
        throw new GhError(c.req.method === 'GET' ? 301 : 307, 'Moved Permanently', {headers: {location}});
      }
      throw notFound();
    }
    row.permission = await this.permission(row, viewer(c)?.id);
    if (row.permission === 'none') throw notFound();
    if (RANK[row.permission] < RANK[need]) {
      if (!viewer(c)) throw new GhError(401, 'Requires authentication');
      throw new GhError(need === 'admin' ? 403 : 404, need === 'admin' ? 'Must have admin rights to Repository.' : 'Not Found');
    }
    return row;
  }

  async repoById(id: number): Promise<Omit<RepoRow, 'permission'> | undefined> {
    return (await this.db.query(`${REPO_SELECT} WHERE r.id = $1`, [id])).rows[0];
  }

  /** A new issue/pull number for a repository. */
  async nextNumber(repoId: number): Promise<number> {
    const r = await this.db.query('UPDATE repos SET next_number = next_number + 1 WHERE id = $1 RETURNING next_number - 1 AS n', [repoId]);
    return Number(r.rows[0].n);
  }

  async identity(userId: number, at = Math.floor(Date.now() / 1000)): Promise<{name: string; email: string; at: number}> {
    const u = await this.userById(userId);
    return {at, email: u?.email ?? `${u?.login ?? 'ghost'}@users.noreply.github.local`, name: u?.name ?? u?.login ?? 'ghost'};
  }
}
