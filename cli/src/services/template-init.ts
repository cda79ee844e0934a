import {existsSync, mkdirSync, readdirSync, statSync, writeFileSync} from 'node:fs';
import {dirname, join, resolve} from 'node:path';

import {asymError} from '@asym/contract';

export interface TemplateInitOptions {
  /** Template name, as the manifest declares it and `spin <name>` takes it. */
  name: string;
  /** Target directory (default: ./asym-template-<name>); must be empty or absent. */
  dir?: string;
  /** Version range of @asym/template-kit and @asym/contract the package depends on (default ^<cli version>). */
  kitRange: string;
  cwd?: string;
  /** The repository root when the CLI runs from a checkout: the scaffold then depends on its packages (file:). */
  workspace?: string;
  /** The bin of the CLI making the scaffold: its conformance test runs that CLI (ASYM_CLI still wins). */
  cli?: string;
  /** Names of templates the catalog already has (a scaffold with one of them shadows it: warned). */
  existing?: string[];
}

export interface TemplateInitResult {
  name: string;
  package: string;
  dir: string;
  files: string[];
  next: string[];
  warnings: string[];
}

const NAME = /^[a-z][a-z0-9-]{0,30}$/;

/** Scaffold a template plugin that builds and spins as generated. */
export function templateInit(opts: TemplateInitOptions): TemplateInitResult {
  const {name} = opts;
  if (!NAME.test(name)) throw asymError('INVALID_INPUT', {detail: `"${name}" is not a template name: use lower-case letters, digits and hyphens, starting with a letter (at most 31 characters)`});
  const dir = resolve(opts.cwd ?? process.cwd(), opts.dir ?? `asym-template-${name}`);
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory() || readdirSync(dir).length > 0) throw asymError('TEMPLATE_DIR_NOT_EMPTY', {dir, name});
  }
  const pkg = `asym-template-${name}`;
  const ranges = opts.workspace
    ? {contract: `file:${join(opts.workspace, 'contract')}`, kit: `file:${join(opts.workspace, 'plugins', 'kit')}`}
    : {contract: opts.kitRange, kit: opts.kitRange};
  const files = scaffoldFiles(name, pkg, ranges.kit, {cli: opts.cli, contractRange: ranges.contract});
  const warnings = opts.existing?.includes(name)
    ? [`"${name}" is already a template of this CLI: once linked or installed, the scaffold replaces it in the catalog (asym ls --templates shows which one spins). Pick another name unless you mean to override it.`]
    : [];
  for (const [rel, text] of Object.entries(files)) {
    const file = join(dir, rel);
    mkdirSync(dirname(file), {recursive: true});
    writeFileSync(file, text);
  }
  return {
    dir,
    files: Object.keys(files).sort(),
    name,
    next: [`cd ${dir}`, 'npm install', 'npm run build', 'npm test', 'asymmetric plugins link .', `asymmetric spin ${name}`],
    package: pkg,
    warnings,
  };
}

const title = (name: string) =>
  name
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');

/** Every file of the scaffold, by path relative to the package root. */
export function scaffoldFiles(name: string, pkg: string, kitRange: string, opts: {cli?: string; contractRange?: string} = {}): Record<string, string> {
  const display = title(name);
  const tokenPrefix = `${name.replaceAll('-', '_')}_sk_`;
  const json = (v: unknown) => JSON.stringify(v, null, 2) + '\n';
  return {
    '.gitignore': 'node_modules/\ndist/\n*.tgz\n',
    '.mocharc.json': json({exit: true, 'node-option': ['import=tsx'], spec: ['test/**/*.test.ts'], timeout: 120_000}),
    'README.md': readme(name, pkg, display),
    'clone.manifest.json': json({
      $schema: './node_modules/@asym/contract/schema/manifest.schema.json',
      name,
      displayName: display,
      realProduct: name,
      engine: '^1.0.0',
      services: {backend: {entry: './dist/backend.js', port: 3000, health: '/_asym/health'}},
      modes: {api: ['backend']},
      apiPath: '/v1',
      database: {migrations: './migrations', nameTemplate: 'clone_{id}'},
      redis: {prefixTemplate: '{id}:'},
      seed: {fixtures: './seeds/*.sql', default: 'starter'},
      provision: {path: '/_asym/provision'},
      fidelity: {openapi: 'fidelity/openapi.json', auth: {token: 'apiKey', scheme: 'Bearer'}},
    }),
    'fidelity/openapi.json': json(referenceSkeleton(display)),
    'fidelity/SOURCE.md': `# Fidelity reference

\`asymmetric verify ${name}\` scores the clone against \`openapi.json\` (the manifest's \`fidelity\`). The
scaffold's file describes the scaffold's own API; replace it with the real product's OpenAPI description
(trimmed to what you need; or declare \`graphql\`, \`samples\` or \`recordings\` instead) and name here where
it comes from: repository or package, path, commit or version, and its licence.
`,
    'migrations/001_init.sql': `-- Migrations run in file-name order on a fresh clone database; fixtures load after them.
-- Credentials: only the sha256 hash (hex) of a token is stored, never the token.
CREATE TABLE api_keys (
  id         text PRIMARY KEY,
  token_hash text NOT NULL UNIQUE,
  label      text NOT NULL
);

CREATE TABLE notes (
  id         text PRIMARY KEY,
  text       text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notes_created ON notes (created_at, id);
`,
    'seeds/starter.sql': `-- The "starter" fixture (the manifest's seed.default): \`asymmetric reset\` returns a clone to exactly this.
INSERT INTO notes (id, text, created_at) VALUES
  ('note_0001', 'Welcome to your ${display} clone', '2026-01-01T09:00:00Z'),
  ('note_0002', 'Reset puts these rows back', '2026-01-01T09:01:00Z'),
  ('note_0003', 'Every clone has its own copy', '2026-01-01T09:02:00Z');
`,
    'package.json': json({
      name: pkg,
      version: '0.1.0',
      description: `asymmetric template: a local, stateful clone of ${display}`,
      type: 'module',
      keywords: ['oclif-plugin', 'asymmetric-template'],
      files: ['dist', 'migrations', 'seeds', 'fidelity', 'clone.manifest.json'],
      exports: {'./package.json': './package.json', './clone.manifest.json': './clone.manifest.json'},
      oclif: {hooks: {'asymmetric:templates': './dist/hooks/templates.js'}},
      scripts: {
        build: 'node scripts/build.mjs',
        prepack: 'node scripts/build.mjs',
        test: 'mocha',
        typecheck: 'tsc --noEmit',
      },
      devDependencies: {
        '@asym/contract': opts.contractRange ?? kitRange,
        '@asym/template-kit': kitRange,
        '@types/mocha': '^10.0.10',
        '@types/node': '^20.19.0',
        esbuild: '^0.28.2',
        mocha: '^12.0.3',
        tsx: '^4.23.15',
        typescript: '~5.9.3',
      },
      engines: {node: '>=20'},
      license: 'MIT',
    }),
    'scripts/build.mjs': `// Bundles the backend and the plugin hook into self-contained files: the installed package needs no
// dependencies, and the CLI runs dist/backend.js with plain \`node\` (or puts it in a node image).
import {build} from 'esbuild';

const common = {
  banner: {js: "import {createRequire as __asymCreateRequire} from 'node:module'; const require = __asymCreateRequire(import.meta.url);"},
  bundle: true,
  external: ['pg-native'],
  format: 'esm',
  legalComments: 'none',
  logLevel: 'warning',
  platform: 'node',
  target: 'node20',
};
const path = (p) => new URL(p, import.meta.url).pathname;
await build({...common, entryPoints: [path('../src/backend/main.ts')], outfile: path('../dist/backend.js')});
await build({...common, entryPoints: [path('../src/hooks/templates.ts')], outfile: path('../dist/hooks/templates.js')});
`,
    'src/backend/app.ts': appSource(name, display, tokenPrefix),
    'src/backend/main.ts': `// The backend's entry point: the CLI starts it with PORT, HOST, DATABASE_URL, REDIS_URL, REDIS_PREFIX … set.
import {runBackend} from '@asym/template-kit';

import {definition} from './app.js';

await runBackend(definition);
`,
    'src/hooks/templates.ts': `import {fileURLToPath} from 'node:url';

import {templateDescriptor} from '@asym/template-kit/plugin';

/** Answers the CLI's \`asymmetric:templates\` hook: this package's root holds clone.manifest.json. */
const hook = async () => templateDescriptor(fileURLToPath(new URL('../..', import.meta.url)));
export default hook;
`,
    'test/conformance.test.ts': `// The kit's conformance suite against real clones of this template, spun by the asymmetric CLI
// (\`asymmetric\` on PATH, or ASYM_CLI=<path to its bin>). Build first: npm run build.
import {describeConformance} from '@asym/template-kit/conformance';
import {fileURLToPath} from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

describeConformance({
  root,${opts.cli ? `
  // The CLI that made this scaffold (ASYM_CLI, when set, wins).
  cli: process.env.ASYM_CLI ?? ${JSON.stringify(opts.cli)},` : ''}
  // One authenticated read: true when the API accepts the credential.
  authenticate: async (clone, token) => {
    const res = await fetch(\`\${clone.api}/me\`, {headers: token ? {authorization: \`Bearer \${token}\`} : {}});
    return res.status === 200;
  },
  // One write through the API, so isolation and reset have something to undo.
  write: async (clone) => {
    const res = await fetch(\`\${clone.api}/notes\`, {
      body: JSON.stringify({text: 'written by the conformance suite'}),
      headers: {authorization: \`Bearer \${clone.token}\`, 'content-type': 'application/json'},
      method: 'POST',
    });
    if (res.status !== 201) throw new Error(\`POST /v1/notes answered HTTP \${res.status}\`);
  },
});
`,
    'tsconfig.json': json({
      compilerOptions: {
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        noEmit: true,
        skipLibCheck: true,
        strict: true,
        target: 'ES2022',
        types: ['node', 'mocha'],
      },
      include: ['src', 'test'],
    }),
  };
}

function appSource(name: string, display: string, tokenPrefix: string): string {
  return `import type {CloneTokens, ProvisionRequest} from '@asym/contract';
import {type BackendContext, type BackendDefinition, type Context, credentialFromHeader, hashToken, pageSize, randomString, readParams, underscoreId} from '@asym/template-kit';

/**
 * The ${display} clone. Serve the real product's paths where the real host serves them (here under
 * /v1), so its official SDK needs only a base-URL option. The kit serves /_asym/health,
 * /_asym/provision and /_asym/reset.
 */
const TOKEN_PREFIX = '${tokenPrefix}';

/** The api_keys row a request's credential belongs to (looked up by its sha256 hash), if any. */
async function apiKey(c: Context, ctx: BackendContext): Promise<string | undefined> {
  const token = credentialFromHeader(c.req.header('authorization'));
  if (!token) return undefined;
  const r = await ctx.db.query<{id: string}>('SELECT id FROM api_keys WHERE token_hash = $1', [hashToken(token)]);
  return r.rows[0]?.id;
}

const notFound = (c: Context) => c.json({error: {message: 'No such note', type: 'not_found'}}, 404);

export const definition: BackendDefinition = {
  template: '${name}',

  routes(app, ctx) {
    app.use('/v1/*', async (c, next) => {
      if (!(await apiKey(c, ctx))) return c.json({error: {message: 'Invalid or missing API key', type: 'invalid_token'}}, 401);
      await next();
    });
    app.get('/v1/me', async (c) => c.json({key: await apiKey(c, ctx), object: 'api_key'}));
    app.get('/v1/notes', async (c) => {
      const limit = pageSize(c.req.query('limit'), 20, 100);
      const r = await ctx.db.query('SELECT id, text, created_at FROM notes ORDER BY created_at, id LIMIT $1', [limit]);
      return c.json({data: r.rows, object: 'list'});
    });
    app.post('/v1/notes', async (c) => {
      const params = await readParams(c);
      if (typeof params.text !== 'string' || params.text === '') return c.json({error: {message: 'text is required', type: 'invalid_request'}}, 400);
      const r = await ctx.db.query('INSERT INTO notes (id, text) VALUES ($1, $2) RETURNING id, text, created_at', [underscoreId('note', 16), params.text]);
      return c.json(r.rows[0], 201);
    });
    app.get('/v1/notes/:id', async (c) => {
      const r = await ctx.db.query('SELECT id, text, created_at FROM notes WHERE id = $1', [c.req.param('id')]);
      return r.rows[0] ? c.json(r.rows[0]) : notFound(c);
    });
    app.delete('/v1/notes/:id', async (c) => {
      const r = await ctx.db.query('DELETE FROM notes WHERE id = $1', [c.req.param('id')]);
      return r.rowCount ? c.json({deleted: true, id: c.req.param('id')}) : notFound(c);
    });
  },

  /** Mint (new), rotate (reprovision) or put back after a reset (restore) the default API key. */
  async provision({db}, request: ProvisionRequest): Promise<CloneTokens> {
    if (request.kind === 'restore') {
      const {apiKey: key, appId} = request.previous;
      if (key) await db.query("INSERT INTO api_keys (id, token_hash, label) VALUES ($1, $2, 'default') ON CONFLICT DO NOTHING", [appId ?? underscoreId('key', 16), hashToken(key)]);
      return request.previous;
    }
    if (request.kind === 'reprovision') await db.query("DELETE FROM api_keys WHERE label = 'default'");
    const key = TOKEN_PREFIX + randomString(32);
    const id = underscoreId('key', 16);
    await db.query("INSERT INTO api_keys (id, token_hash, label) VALUES ($1, $2, 'default')", [id, hashToken(key)]);
    return {apiKey: key, appId: id};
  },
};
`;
}

/** The scaffold's reference: an OpenAPI description of its own API, for authors to replace with the real product's. */
function referenceSkeleton(display: string): unknown {
  const note = {properties: {created_at: {type: 'string'}, id: {type: 'string'}, text: {type: 'string'}}, required: ['id', 'text', 'created_at'], type: 'object'};
  const error = {properties: {error: {properties: {message: {type: 'string'}, type: {type: 'string'}}, required: ['message', 'type'], type: 'object'}}, required: ['error'], type: 'object'};
  const res = (schema: unknown) => ({content: {'application/json': {schema}}});
  const ref = (n: string) => ({$ref: `#/components/schemas/${n}`});
  return {
    components: {schemas: {error, note}},
    info: {title: `${display} API`, version: '0.1.0'},
    openapi: '3.0.3',
    paths: {
      '/me': {get: {responses: {200: res({properties: {key: {type: 'string'}, object: {enum: ['api_key']}}, required: ['key', 'object'], type: 'object'}), default: res(ref('error'))}}},
      '/notes': {
        get: {responses: {200: res({properties: {data: {items: ref('note'), type: 'array'}, object: {enum: ['list']}}, required: ['data', 'object'], type: 'object'}), default: res(ref('error'))}},
        post: {responses: {201: res(ref('note')), default: res(ref('error'))}},
      },
      '/notes/{id}': {
        delete: {responses: {200: res({properties: {deleted: {type: 'boolean'}, id: {type: 'string'}}, required: ['deleted', 'id'], type: 'object'}), default: res(ref('error'))}},
        get: {responses: {200: res(ref('note')), default: res(ref('error'))}},
        patch: {responses: {200: res(ref('note')), default: res(ref('error'))}},
      },
    },
  };
}

function readme(name: string, pkg: string, display: string): string {
  return `# ${pkg}

An asymmetric template (\`@asym/cli\`): a local, stateful clone of ${display}.

\`\`\`sh
npm install          # dev tools: esbuild, the template kit, mocha
npm run build        # dist/backend.js (the bundled backend) and dist/hooks/templates.js (the plugin hook)
npm test             # the kit's conformance suite against two real clones
asymmetric plugins link .
asymmetric spin ${name}
\`\`\`

| path | what |
|---|---|
| \`clone.manifest.json\` | what the CLI reads: services, modes, migrations, fixtures, the provision route, the engine range |
| \`migrations/\` | SQL run in file-name order on each new clone database |
| \`seeds/\` | fixtures (\`--seed <name>\`); \`reset\` returns a clone to exactly its fixture |
| \`fidelity/\` | the reference \`asymmetric verify ${name}\` scores the clone against (replace it with the real product's) |
| \`src/backend/\` | the API, on \`@asym/template-kit\` |
| \`src/hooks/templates.ts\` | the oclif hook that hands the manifest to the CLI |
| \`test/conformance.test.ts\` | health, token hashing, bad tokens, isolation, reset |

Publish with \`npm publish\` (\`prepack\` builds); users install it with \`asymmetric plugins install ${pkg}\`.
`;
}
