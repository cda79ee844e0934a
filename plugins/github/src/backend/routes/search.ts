/** Search issues/pull requests, repositories and users with GitHub's query qualifiers. */
import type {Hono} from '@asym/template-kit';

import {invalid} from '../errors.js';
import {type Gh, REPO_SELECT} from '../gh.js';
import {type Ctx, type GhEnv, origin, pageOf, paged, viewer} from '../http.js';
import {presentIssues} from '../issueview.js';
import {simpleUser} from '../present.js';
import {presentRepo} from './repos.js';

/** `repo:acme/x is:open label:"good first issue" crash` → qualifiers and free text. */
export function parseQuery(q: string): {quals: Array<[string, string, boolean]>; text: string[]} {
  const quals: Array<[string, string, boolean]> = [];
  const text: string[] = [];
  for (const m of q.matchAll(/(-?)([a-z_]+):("([^"]*)"|\S+)|"([^"]*)"|(\S+)/gi)) {
    if (m[2]) quals.push([m[2].toLowerCase(), m[4] ?? m[3]!, m[1] === '-']);
    else text.push(m[5] ?? m[6]!);
  }
  return {quals, text};
}

const VISIBLE = (arg: string) => `(NOT r.private OR r.owner_id = ${arg} OR EXISTS (SELECT 1 FROM org_members m WHERE m.org_id = r.owner_id AND m.user_id = ${arg}) OR EXISTS (SELECT 1 FROM collaborators k WHERE k.repo_id = r.id AND k.user_id = ${arg}))`;

export function register(app: Hono<GhEnv>, gh: Gh): void {
  const need = (c: Ctx) => {
    const q = c.req.query('q');
    if (!q || !q.trim()) throw invalid('Search', 'q', 'missing');
    return parseQuery(q);
  };

  app.get('/search/issues', async (c) => {
    const {quals, text} = need(c);
    const args: unknown[] = [viewer(c)?.id ?? -1];
    const arg = (v: unknown) => {
      args.push(v);
      return `$${args.length}`;
    };
    const where = [VISIBLE('$1')];
    let inTitle = false;
    let inBody = false;
    for (const [k, v, neg] of quals) {
      const not = neg ? 'NOT ' : '';
      if (k === 'repo') where.push(`${not}(lower(u.login || '/' || r.name) = lower(${arg(v)}))`);
      else if (k === 'org' || k === 'user') where.push(`${not}(lower(u.login) = lower(${arg(v)}))`);
      else if ((k === 'is' || k === 'state') && (v === 'open' || v === 'closed')) where.push(`${not}(i.state = ${arg(v)})`);
      else if ((k === 'is' || k === 'type') && (v === 'issue' || v === 'pr')) where.push(`${not}(i.is_pull = ${v === 'pr'})`);
      else if (k === 'is' && v === 'merged') where.push(`${not}EXISTS (SELECT 1 FROM pulls p WHERE p.issue_id = i.id AND p.merged)`);
      else if (k === 'is' && v === 'unmerged') where.push(`${not}EXISTS (SELECT 1 FROM pulls p WHERE p.issue_id = i.id AND NOT p.merged)`);
      else if (k === 'is' && (v === 'locked' || v === 'unlocked')) where.push(`${not}(i.locked = ${v === 'locked'})`);
      else if (k === 'label') where.push(`${not}EXISTS (SELECT 1 FROM issue_labels il JOIN labels l ON l.id = il.label_id WHERE il.issue_id = i.id AND lower(l.name) = ANY(${arg(v.split(',').map((s) => s.toLowerCase()))}))`);
      else if (k === 'author') where.push(`${not}(i.user_id = (SELECT id FROM users WHERE lower(login) = lower(${arg(v)})))`);
      else if (k === 'assignee') where.push(`${not}EXISTS (SELECT 1 FROM issue_assignees a JOIN users au ON au.id = a.user_id WHERE a.issue_id = i.id AND lower(au.login) = lower(${arg(v)}))`);
      else if (k === 'milestone') where.push(`${not}EXISTS (SELECT 1 FROM milestones ms WHERE ms.id = i.milestone_id AND lower(ms.title) = lower(${arg(v)}))`);
      else if (k === 'no' && v === 'label') where.push('NOT EXISTS (SELECT 1 FROM issue_labels il WHERE il.issue_id = i.id)');
      else if (k === 'no' && v === 'assignee') where.push('NOT EXISTS (SELECT 1 FROM issue_assignees a WHERE a.issue_id = i.id)');
      else if (k === 'no' && v === 'milestone') where.push('i.milestone_id IS NULL');
      else if (k === 'in') for (const f of v.split(',')) {
        if (f === 'title') inTitle = true;
        if (f === 'body') inBody = true;
      }
      else if (k === 'created' || k === 'updated' || k === 'closed') {
        const m = /^(>=|<=|>|<)?(.+)$/.exec(v)!;
        where.push(`${not}(i.${k}_at ${m[1] ?? '>='} ${arg(m[2])}::timestamptz)`);
      }
    }
    if (!inTitle && !inBody) inTitle = inBody = true;
    for (const t of text) {
      const like = arg(`%${t.replaceAll(/[%_\\]/g, (x) => `\\${x}`)}%`);
      const fields = [inTitle ? `i.title ILIKE ${like}` : '', inBody ? `coalesce(i.body, '') ILIKE ${like}` : ''].filter(Boolean);
      where.push(`(${fields.join(' OR ')})`);
    }
    const p = pageOf(c);
    const sort = {comments: '(SELECT count(*) FROM comments k WHERE k.issue_id = i.id)', created: 'i.created_at', updated: 'i.updated_at'}[c.req.query('sort') ?? ''] ?? 'i.created_at';
    const dir = c.req.query('order') === 'asc' ? 'ASC' : 'DESC';
    const rows = (await gh.db.query(
      `SELECT i.*, r.owner_id, u.login AS owner_login, r.name AS repo_name, count(*) OVER () AS total FROM issues i JOIN repos r ON r.id = i.repo_id JOIN users u ON u.id = r.owner_id
       WHERE ${where.join(' AND ')} ORDER BY ${sort} ${dir}, i.id ${dir} LIMIT ${arg(p.perPage)} OFFSET ${arg(p.offset)}`,
      args,
    )).rows;
    const items = [];
    for (const row of rows) {
      const [issue] = await presentIssues(gh, origin(c), {id: row.repo_id, name: row.repo_name, owner_id: row.owner_id, owner_login: row.owner_login}, [row]);
      items.push({...issue, score: 1});
    }
    const total = Number(rows[0]?.total ?? 0);
    paged(c, p, total, []);
    return c.json({incomplete_results: false, items, search_type: 'lexical', total_count: total});
  });

  app.get('/search/repositories', async (c) => {
    const {quals, text} = need(c);
    const args: unknown[] = [viewer(c)?.id ?? -1];
    const arg = (v: unknown) => {
      args.push(v);
      return `$${args.length}`;
    };
    const where = [VISIBLE('$1')];
    let fields = ['r.name', "coalesce(r.description, '')"];
    for (const [k, v, neg] of quals) {
      const not = neg ? 'NOT ' : '';
      if (k === 'user' || k === 'org' || k === 'owner') where.push(`${not}(lower(u.login) = lower(${arg(v)}))`);
      else if (k === 'repo') where.push(`${not}(lower(u.login || '/' || r.name) = lower(${arg(v)}))`);
      else if (k === 'topic') where.push(`${not}(${arg(v.toLowerCase())} = ANY(r.topics))`);
      else if (k === 'is' && (v === 'public' || v === 'private')) where.push(`${not}(r.private = ${v === 'private'})`);
      else if (k === 'archived') where.push(`${not}(r.archived = ${v === 'true'})`);
      else if (k === 'in') fields = v.split(',').map((f) => (f === 'name' ? 'r.name' : f === 'description' ? "coalesce(r.description, '')" : f === 'topics' ? "array_to_string(r.topics, ' ')" : 'r.name'));
    }
    for (const t of text) {
      const like = arg(`%${t.replaceAll(/[%_\\]/g, (x) => `\\${x}`)}%`);
      where.push(`(${fields.map((f) => `${f} ILIKE ${like}`).join(' OR ')})`);
    }
    const p = pageOf(c);
    const sort = {stars: 'r.id', updated: 'r.updated_at'}[c.req.query('sort') ?? ''] ?? 'r.id';
    const dir = c.req.query('order') === 'asc' ? 'ASC' : 'DESC';
    const rows = (await gh.db.query(`${REPO_SELECT.replace('SELECT r.*', 'SELECT r.*, count(*) OVER () AS total')} WHERE ${where.join(' AND ')} ORDER BY ${sort} ${dir} LIMIT ${arg(p.perPage)} OFFSET ${arg(p.offset)}`, args)).rows;
    for (const row of rows) row.permission = await gh.permission(row, viewer(c)?.id);
    const total = Number(rows[0]?.total ?? 0);
    paged(c, p, total, []);
    return c.json({incomplete_results: false, items: rows.map((row) => ({...presentRepo(c, row), score: 1})), total_count: total});
  });

  app.get('/search/users', async (c) => {
    const {quals, text} = need(c);
    const args: unknown[] = [];
    const where = ['true'];
    for (const t of text) {
      args.push(`%${t}%`);
      where.push(`(login ILIKE $${args.length} OR coalesce(name, '') ILIKE $${args.length} OR coalesce(email, '') ILIKE $${args.length})`);
    }
    for (const [k, v] of quals) if (k === 'type') where.push(v.toLowerCase() === 'org' ? "type = 'Organization'" : "type = 'User'");
    const p = pageOf(c);
    const rows = (await gh.db.query(`SELECT *, count(*) OVER () AS total FROM users WHERE ${where.join(' AND ')} ORDER BY id LIMIT ${p.perPage} OFFSET ${p.offset}`, args)).rows;
    const total = Number(rows[0]?.total ?? 0);
    paged(c, p, total, []);
    return c.json({incomplete_results: false, items: rows.map((u) => ({...simpleUser(origin(c), u), score: 1})), total_count: total});
  });
}
