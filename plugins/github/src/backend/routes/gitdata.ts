/** Git data backed by the real repository: refs, commits, trees, blobs, contents, branches, compare, commit lists. */
import type {Hono} from '@asym/template-kit';

import {fileEntry, gitCommit, mediaFormat, restCommit, usersByEmail} from '../commits.js';
import {GhError, invalid, missing, notFound, unprocessable} from '../errors.js';
import type {Gh, RepoRow} from '../gh.js';
import type {GitRepo, TreeEntry} from '../gitrepo.js';
import {body, type Ctx, type GhEnv, mustViewer, origin, pageOf, paged} from '../http.js';
import {nodeId, type Row} from '../present.js';
import {afterRefUpdates, ZERO} from '../pushes.js';

const b64 = (buf: Buffer) => buf.toString('base64').replace(/(.{60})/g, '$1\n') + (buf.length > 0 ? '\n' : '');
const enc = (path: string) => path.split('/').map(encodeURIComponent).join('/');

/** The part of the path after `/repos/:owner/:repo/<prefix>/`. */
const rest = (c: Ctx, prefix: string) => {
  const m = new RegExp(`^/repos/[^/]+/[^/]+/${prefix}/?(.*)$`).exec(c.req.path);
  return decodeURIComponent(m?.[1] ?? '');
};

export function register(app: Hono<GhEnv>, gh: Gh): void {
  const open = async (c: Ctx, need: 'read' | 'write' = 'read') => {
    const r = await gh.repo(c, c.req.param('owner')!, c.req.param('repo')!, need);
    return {full: `${r.owner_login}/${r.name}`, g: gh.git(r), r};
  };
  const emptyRepo = () => new GhError(409, 'Git Repository is empty.');

  // ---- refs
  const refJson = async (c: Ctx, full: string, g: GitRepo, ref: {ref: string; sha: string; type: string}) => ({
    node_id: nodeId('Ref', ref.ref),
    object: {sha: ref.sha, type: ref.type, url: `${origin(c)}/repos/${full}/git/${ref.type === 'tag' ? 'tags' : 'commits'}/${ref.sha}`},
    ref: ref.ref,
    url: `${origin(c)}/repos/${full}/git/${enc(ref.ref)}`,
  });
  app.get('/repos/:owner/:repo/git/ref/*', async (c) => {
    const {full, g} = await open(c);
    const name = `refs/${rest(c, 'git/ref')}`;
    const ref = (await g.refs(name)).find((x) => x.ref === name);
    if (!ref) throw notFound();
    return c.json(await refJson(c, full, g, ref));
  });
  app.get('/repos/:owner/:repo/git/matching-refs/*', async (c) => {
    const {full, g} = await open(c);
    const prefix = `refs/${rest(c, 'git/matching-refs')}`;
    const refs = (await g.refs('refs/')).filter((x) => x.ref.startsWith(prefix));
    return c.json(await Promise.all(refs.map((x) => refJson(c, full, g, x))));
  });
  app.get('/repos/:owner/:repo/git/refs/*', async (c) => {
    const {full, g} = await open(c);
    const prefix = `refs/${rest(c, 'git/refs')}`;
    const refs = (await g.refs('refs/')).filter((x) => x.ref === prefix || x.ref.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`));
    if (refs.length === 0) throw notFound();
    const exact = refs.find((x) => x.ref === prefix);
    return c.json(exact ? await refJson(c, full, g, exact) : await Promise.all(refs.map((x) => refJson(c, full, g, x))));
  });
  app.get('/repos/:owner/:repo/git/refs', async (c) => {
    const {full, g} = await open(c);
    const refs = await g.refs('refs/');
    if (refs.length === 0) throw emptyRepo();
    return c.json(await Promise.all(refs.map((x) => refJson(c, full, g, x))));
  });
  app.post('/repos/:owner/:repo/git/refs', async (c) => {
    const {full, g, r} = await open(c, 'write');
    const b = await body(c);
    if (!b.ref) throw missing('Reference', 'ref');
    if (!b.sha) throw missing('Reference', 'sha');
    const ref = String(b.ref);
    if (!/^refs\/[^/]+\/.+/.test(ref) || ref.includes('..')) throw unprocessable('Reference name is not valid');
    if (!(await g.objectType(String(b.sha)))) throw unprocessable('Object does not exist');
    if (!(await g.updateRef(ref, String(b.sha), ZERO))) throw unprocessable('Reference already exists');
    await afterRefUpdates(gh, origin(c), r, [{after: String(b.sha), before: ZERO, ref}], mustViewer(c).id);
    return c.json(await refJson(c, full, g, {ref, sha: String(b.sha), type: (await g.objectType(String(b.sha)))!}), 201);
  });
  app.patch('/repos/:owner/:repo/git/refs/*', async (c) => {
    const {full, g, r} = await open(c, 'write');
    const ref = `refs/${rest(c, 'git/refs')}`;
    const b = await body(c);
    if (!b.sha) throw missing('Reference', 'sha');
    const old = (await g.refs(ref)).find((x) => x.ref === ref);
    if (!old) throw unprocessable('Reference does not exist');
    if (!(await g.objectType(String(b.sha)))) throw unprocessable('Object does not exist');
    const ff = await g.isAncestor(old.sha, String(b.sha));
    if (!ff && !b.force) throw unprocessable('Update is not a fast forward');
    await g.updateRef(ref, String(b.sha), old.sha);
    await afterRefUpdates(gh, origin(c), r, [{after: String(b.sha), before: old.sha, forced: !ff, ref}], mustViewer(c).id);
    return c.json(await refJson(c, full, g, {ref, sha: String(b.sha), type: 'commit'}));
  });
  app.delete('/repos/:owner/:repo/git/refs/*', async (c) => {
    const {g, r} = await open(c, 'write');
    const ref = `refs/${rest(c, 'git/refs')}`;
    const old = (await g.refs(ref)).find((x) => x.ref === ref);
    if (!old) throw unprocessable('Reference does not exist');
    if (ref === `refs/heads/${r.default_branch}`) throw unprocessable('Cannot delete the default branch');
    await g.deleteRef(ref);
    await afterRefUpdates(gh, origin(c), r, [{after: ZERO, before: old.sha, ref}], mustViewer(c).id);
    return c.body(null, 204);
  });

  // ---- commits, trees, blobs
  app.get('/repos/:owner/:repo/git/commits/:sha', async (c) => {
    const {full, g} = await open(c);
    const commit = (await g.objectType(c.req.param('sha'))) === 'commit' ? await g.commit(c.req.param('sha')) : undefined;
    if (!commit) throw notFound();
    return c.json(gitCommit(origin(c), full, commit));
  });
  app.post('/repos/:owner/:repo/git/commits', async (c) => {
    const {full, g} = await open(c, 'write');
    const b = await body(c);
    if (!b.message) throw missing('Commit', 'message');
    if (!b.tree) throw missing('Commit', 'tree');
    if ((await g.objectType(String(b.tree))) !== 'tree') throw unprocessable('Tree SHA does not exist');
    const parents = (b.parents ?? []) as string[];
    for (const p of parents) if ((await g.objectType(p)) !== 'commit') throw unprocessable('Parent SHA does not exist or is not a commit object');
    const me = await gh.identity(mustViewer(c).id);
    const who = (x: Row | undefined) => (x?.name && x?.email ? {at: x.date ? Math.floor(Date.parse(x.date) / 1000) : me.at, email: x.email, name: x.name} : me);
    const author = who(b.author);
    const sha = await g.commitTree(String(b.tree), parents, String(b.message), author, b.committer ? who(b.committer) : author);
    return c.json(gitCommit(origin(c), full, (await g.commit(sha))!), 201);
  });
  const treeJson = (c: Ctx, full: string, sha: string, entries: TreeEntry[]) => ({
    sha,
    tree: entries.map((e) => ({mode: e.mode, path: e.path, sha: e.sha, type: e.type, ...(e.type === 'blob' ? {size: e.size} : {}), url: `${origin(c)}/repos/${full}/git/${e.type === 'blob' ? 'blobs' : 'trees'}/${e.sha}`})),
    truncated: false,
    url: `${origin(c)}/repos/${full}/git/trees/${sha}`,
  });
  app.get('/repos/:owner/:repo/git/trees/:sha', async (c) => {
    const {full, g} = await open(c);
    const ref = c.req.param('sha');
    const sha = (await g.objectType(ref)) === 'tree' ? ref : (await g.commit((await g.resolve(ref)) ?? ref))?.tree;
    if (!sha) throw notFound();
    const recursive = Boolean(c.req.query('recursive')) && c.req.query('recursive') !== '0' && c.req.query('recursive') !== 'false';
    return c.json(treeJson(c, full, sha, await g.lsTree(sha, {recursive})));
  });
  app.post('/repos/:owner/:repo/git/trees', async (c) => {
    const {full, g} = await open(c, 'write');
    const b = await body(c);
    if (!Array.isArray(b.tree)) throw missing('Tree', 'tree');
    if (b.base_tree && !(await g.objectType(String(b.base_tree)))) throw unprocessable('base_tree is not a valid tree oid');
    const entries = (b.tree as Row[]).map((e) => ({content: e.content, mode: e.mode ?? '100644', path: String(e.path), sha: e.sha === null ? null : e.sha}));
    for (const e of entries) if (e.sha && !(await g.objectType(e.sha))) throw invalid('Tree', 'tree.sha', 'invalid', `${e.sha} is not a valid blob`);
    const sha = await g.buildTree(b.base_tree, entries);
    return c.json(treeJson(c, full, sha, await g.lsTree(sha)), 201);
  });
  app.get('/repos/:owner/:repo/git/blobs/:sha', async (c) => {
    const {full, g} = await open(c);
    const sha = c.req.param('sha');
    if ((await g.objectType(sha)) !== 'blob') throw notFound();
    const buf = (await g.blob(sha))!;
    if (mediaFormat(c.req.header('accept')) === 'raw') return c.body(new Uint8Array(buf), 200, {'content-type': 'application/vnd.github.raw; charset=utf-8'});
    return c.json({content: b64(buf), encoding: 'base64', node_id: nodeId('Blob', sha), sha, size: buf.length, url: `${origin(c)}/repos/${full}/git/blobs/${sha}`});
  });
  app.post('/repos/:owner/:repo/git/blobs', async (c) => {
    const {full, g} = await open(c, 'write');
    const b = await body(c);
    if (b.content === undefined) throw missing('Blob', 'content');
    const buf = b.encoding === 'base64' ? Buffer.from(String(b.content), 'base64') : Buffer.from(String(b.content), 'utf8');
    const sha = await g.hashObject(buf);
    return c.json({sha, url: `${origin(c)}/repos/${full}/git/blobs/${sha}`}, 201);
  });

  // ---- commits (REST)
  app.get('/repos/:owner/:repo/commits', async (c) => {
    const {full, g, r} = await open(c);
    const from = await g.resolve(c.req.query('sha') ?? r.default_branch);
    if (await g.isEmpty()) throw emptyRepo();
    if (!from) throw notFound();
    const p = pageOf(c);
    let author = c.req.query('author');
    if (author && !author.includes('@')) author = (await gh.user(author))?.email ?? `${author}@users.noreply.github.local`;
    const all = await g.log(from, {author, path: c.req.query('path'), since: c.req.query('since'), until: c.req.query('until')});
    const page = all.slice(p.offset, p.offset + p.perPage);
    const users = await usersByEmail(gh, page);
    return paged(c, p, all.length, page.map((x) => restCommit(origin(c), full, x, users)));
  });
  app.get('/repos/:owner/:repo/commits/:ref{.+}', async (c) => {
    const {full, g} = await open(c);
    const sha = await g.resolve(c.req.param('ref'));
    const commit = sha ? await g.commit(sha) : undefined;
    if (!commit) throw new GhError(422, `No commit found for SHA: ${c.req.param('ref')}`);
    const parent = commit.parents[0] ?? '4b825dc642cb6eb9a060e54bf8d69288fbee4904';
    const format = mediaFormat(c.req.header('accept'));
    if (format === 'diff') return c.text(await g.rawDiff(parent, commit.sha), 200, {'content-type': 'application/vnd.github.diff; charset=utf-8'});
    if (format === 'patch') return c.text(commit.parents[0] ? await g.formatPatch(parent, commit.sha) : await g.rawDiff(parent, commit.sha), 200, {'content-type': 'application/vnd.github.patch; charset=utf-8'});
    if (format === 'sha') return c.text(commit.sha, 200, {'content-type': 'application/vnd.github.sha; charset=utf-8'});
    c.header('last-modified', new Date(commit.committer.date).toUTCString());
    return c.json(restCommit(origin(c), full, commit, await usersByEmail(gh, [commit]), {files: await g.diff(parent, commit.sha)}));
  });

  // ---- branches
  const branchJson = async (c: Ctx, full: string, g: GitRepo, name: string, sha: string) => {
    const commit = (await g.commit(sha))!;
    return {
      _links: {html: `${origin(c)}/${full}/tree/${enc(name)}`, self: `${origin(c)}/repos/${full}/branches/${enc(name)}`},
      commit: restCommit(origin(c), full, commit, await usersByEmail(gh, [commit])),
      name,
      protected: false,
      protection: {enabled: false, required_status_checks: {checks: [], contexts: [], enforcement_level: 'off'}},
      protection_url: `${origin(c)}/repos/${full}/branches/${enc(name)}/protection`,
    };
  };
  app.get('/repos/:owner/:repo/branches', async (c) => {
    const {full, g} = await open(c);
    const p = pageOf(c);
    const all = await g.branches();
    return paged(c, p, all.length, all.slice(p.offset, p.offset + p.perPage).map((b) => ({commit: {sha: b.sha, url: `${origin(c)}/repos/${full}/commits/${b.sha}`}, name: b.name, protected: false})));
  });
  app.get('/repos/:owner/:repo/branches/*', async (c) => {
    const {full, g} = await open(c);
    const name = rest(c, 'branches');
    const sha = await g.resolve(`refs/heads/${name}`);
    if (!sha) throw new GhError(404, 'Branch not found');
    return c.json(await branchJson(c, full, g, name, sha));
  });

  // ---- compare
  app.get('/repos/:owner/:repo/compare/*', async (c) => {
    const {full, g} = await open(c);
    const spec = rest(c, 'compare');
    const [baseRef, headRef] = spec.includes('...') ? spec.split('...') : spec.split('..');
    const base = await g.resolve(baseRef);
    const head = await g.resolve(headRef);
    if (!base || !head) throw notFound();
    const mb = (await g.mergeBase(base, head)) ?? base;
    const format = mediaFormat(c.req.header('accept'));
    if (format === 'diff') return c.text(await g.rawDiff(mb, head), 200, {'content-type': 'application/vnd.github.diff; charset=utf-8'});
    if (format === 'patch') return c.text(await g.formatPatch(mb, head), 200, {'content-type': 'application/vnd.github.patch; charset=utf-8'});
    const ahead = await g.log(head, {exclude: mb});
    const behind = await g.count(`${head}..${base}`);
    const commits = ahead.reverse();
    const users = await usersByEmail(gh, [...commits, (await g.commit(base))!, (await g.commit(mb))!]);
    const status = ahead.length === 0 && behind === 0 ? 'identical' : behind === 0 ? 'ahead' : ahead.length === 0 ? 'behind' : 'diverged';
    return c.json({
      ahead_by: ahead.length,
      base_commit: restCommit(origin(c), full, (await g.commit(base))!, users),
      behind_by: behind,
      commits: commits.map((x) => restCommit(origin(c), full, x, users)),
      diff_url: `${origin(c)}/${full}/compare/${spec}.diff`,
      files: (await g.diff(mb, head)).map((f) => fileEntry(origin(c), full, head, f)),
      html_url: `${origin(c)}/${full}/compare/${spec}`,
      merge_base_commit: restCommit(origin(c), full, (await g.commit(mb))!, users),
      patch_url: `${origin(c)}/${full}/compare/${spec}.patch`,
      permalink_url: `${origin(c)}/${full}/compare/${full.split('/')[0]}:${base.slice(0, 7)}...${full.split('/')[0]}:${head.slice(0, 7)}`,
      status,
      total_commits: ahead.length,
      url: `${origin(c)}/repos/${full}/compare/${spec}`,
    });
  });

  // ---- contents
  const contentJson = (c: Ctx, full: string, ref: string, e: TreeEntry, buf?: Buffer): Row => {
    const path = e.path;
    const api = `${origin(c)}/repos/${full}`;
    const type = e.type === 'tree' ? 'dir' : e.type === 'commit' ? 'submodule' : e.mode === '120000' ? 'symlink' : 'file';
    const self = `${api}/contents/${enc(path)}?ref=${encodeURIComponent(ref)}`;
    const git = `${api}/git/${e.type === 'tree' ? 'trees' : 'blobs'}/${e.sha}`;
    const html = `${origin(c)}/${full}/${e.type === 'tree' ? 'tree' : 'blob'}/${enc(ref)}/${enc(path)}`;
    return {
      _links: {git, html, self},
      ...(buf ? {content: b64(buf), encoding: 'base64'} : {}),
      download_url: type === 'file' ? `${origin(c)}/${full}/raw/${enc(ref)}/${enc(path)}` : null,
      git_url: git,
      html_url: html,
      name: path.split('/').pop() ?? path,
      path,
      sha: e.sha,
      size: e.size ?? 0,
      type,
      url: self,
    };
  };
  app.get('/repos/:owner/:repo/readme', async (c) => {
    const {full, g, r} = await open(c);
    const ref = c.req.query('ref') ?? r.default_branch;
    const sha = await g.resolve(ref);
    const e = sha ? (await g.lsTree(sha)).find((x) => /^readme(\.|$)/i.test(x.path) && x.type === 'blob') : undefined;
    if (!e) throw notFound();
    const buf = (await g.blob(e.sha))!;
    if (mediaFormat(c.req.header('accept')) === 'raw') return c.body(new Uint8Array(buf), 200, {'content-type': 'application/vnd.github.raw; charset=utf-8'});
    return c.json(contentJson(c, full, ref, e, buf));
  });
  app.get('/repos/:owner/:repo/contents/*', async (c) => contents(c));
  app.get('/repos/:owner/:repo/contents', async (c) => contents(c));
  const contents = async (c: Ctx) => {
    const {full, g, r} = await open(c);
    if (await g.isEmpty()) throw new GhError(404, 'This repository is empty.');
    const ref = c.req.query('ref') ?? r.default_branch;
    const sha = await g.resolve(ref);
    if (!sha) throw new GhError(404, `No commit found for the ref ${ref}`);
    const path = rest(c, 'contents').replace(/\/+$/, '');
    const e = await g.entryAt(sha, path);
    if (!e) throw notFound();
    if (e.type === 'tree') {
      const entries = await g.lsTree(sha, {path: path ? `${path}/` : undefined});
      return c.json(entries.map((x) => contentJson(c, full, ref, x)));
    }
    const buf = (await g.blob(e.sha))!;
    if (mediaFormat(c.req.header('accept')) === 'raw') return c.body(new Uint8Array(buf), 200, {'content-type': 'application/vnd.github.raw; charset=utf-8'});
    return c.json(contentJson(c, full, ref, {...e, size: buf.length}, buf));
  };

  app.put('/repos/:owner/:repo/contents/*', async (c) => {
    const {full, g, r} = await open(c, 'write');
    const path = rest(c, 'contents').replace(/^\/+|\/+$/g, '');
    const b = await body(c);
    if (!b.message) throw missing('', 'message');
    if (b.content === undefined) throw missing('', 'content');
    const result = await writeFile(c, r, g, path, Buffer.from(String(b.content), 'base64'), b);
    const e = (await g.entryAt(result.commit.sha, path))!;
    return c.json({commit: gitCommit(origin(c), full, result.commit), content: contentJson(c, full, result.branch, {...e, size: e.size ?? 0})}, result.created ? 201 : 200);
  });
  app.delete('/repos/:owner/:repo/contents/*', async (c) => {
    const {full, g, r} = await open(c, 'write');
    const path = rest(c, 'contents').replace(/^\/+|\/+$/g, '');
    const b = await body(c);
    if (!b.message) throw missing('', 'message');
    if (!b.sha) throw missing('', 'sha');
    const result = await writeFile(c, r, g, path, null, b);
    return c.json({commit: gitCommit(origin(c), full, result.commit), content: null});
  });

  /** Create, update or delete one file as a commit on a branch (the contents API's rules for `sha`). */
  const writeFile = async (c: Ctx, r: RepoRow, g: GitRepo, path: string, content: Buffer | null, b: Row) => {
    const v = mustViewer(c);
    const branch = String(b.branch ?? r.default_branch);
    const head = await g.resolve(`refs/heads/${branch}`);
    const empty = await g.isEmpty();
    if (!head && !empty) throw new GhError(404, `Branch ${branch} not found`);
    const existing = head ? await g.entryAt(head, path) : undefined;
    if (existing?.type === 'tree') throw unprocessable('path cannot be a directory');
    if (content === null && !existing) throw notFound();
    if (existing && !b.sha) throw new GhError(422, `Invalid request.\n\n"sha" wasn't supplied.`);
    if (existing && b.sha !== existing.sha) throw new GhError(409, `${path} does not match ${b.sha}`);
    const me = await gh.identity(v.id);
    const who = (x: Row | undefined) => (x?.name && x?.email ? {at: x.date ? Math.floor(Date.parse(x.date) / 1000) : me.at, email: x.email, name: x.name} : undefined);
    const committer = who(b.committer) ?? me;
    const author = who(b.author) ?? committer;
    const tree = await g.buildTree(head, [content === null ? {path, sha: null} : {content, path}]);
    const sha = await g.commitTree(tree, head ? [head] : [], String(b.message), author, committer);
    if (!(await g.updateRef(`refs/heads/${branch}`, sha, head ?? ZERO))) throw new GhError(409, `Branch ${branch} moved meanwhile; try again`);
    await afterRefUpdates(gh, origin(c), r, [{after: sha, before: head ?? ZERO, ref: `refs/heads/${branch}`}], v.id);
    return {branch, commit: (await g.commit(sha))!, created: !existing};
  };
}
