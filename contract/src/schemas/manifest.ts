import {z} from 'zod';

import {DiffDeclaration} from './diff.js';
import {FidelityDeclaration} from './fidelity.js';

const relPath = z.string().min(1).describe('a path relative to the template root');

/** One service of a template (the backend, an optional frontend …). */
export const ManifestService = z
  .object({
    image: z.string().min(1).optional().describe('published image, pulled and pinned by digest'),
    build: relPath.optional().describe('local Docker build context, used when no image is published'),
    entry: relPath.optional().describe('bundled JavaScript file the process provider runs with node'),
    port: z.number().int().min(1).max(65_535).describe('the port the service listens on inside its container'),
    health: z.string().startsWith('/').describe('HTTP path polled until the service is healthy'),
    optional: z.boolean().optional().describe('may be left out of modes'),
    packages: z
      .array(z.string().regex(/^[a-z0-9][a-z0-9+.-]*$/, 'a Debian package name'))
      .optional()
      .describe('Debian packages the service runs besides Node (e.g. git): the docker provider installs them when it builds the image from `entry`; the process provider needs them on the machine'),
  })
  .strict()
  .refine((s) => s.image !== undefined || s.build !== undefined || s.entry !== undefined, {
    message: 'a service needs at least one of `image`, `build` or `entry`',
  });
export type ManifestService = z.infer<typeof ManifestService>;

/** `clone.manifest.json`: what a template declares to the CLI. */
export const TemplateManifest = z
  .object({
    $schema: z.string().optional(),
    name: z.string().regex(/^[a-z][a-z0-9-]{0,30}$/, 'a template name is lower-case letters, digits and hyphens'),
    displayName: z.string().min(1),
    realProduct: z.string().min(1),
    version: z.string().optional(),
    engine: z.string().min(1).describe('semver range of the asymmetric contract versions this template supports'),
    services: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/), ManifestService).refine((s) => Object.keys(s).length > 0, {
      message: 'declare at least one service',
    }),
    modes: z
      .record(z.string().regex(/^[a-z][a-z0-9-]*$/), z.array(z.string()).min(1))
      .refine((m) => Object.keys(m).length > 0, {message: 'declare at least one mode; the first is the default'}),
    apiService: z.string().optional().describe('the service whose URL is the API endpoint (default: backend)'),
    apiPath: z.string().default('').describe('path under the service URL where the API lives, e.g. /api'),
    webService: z.string().optional(),
    database: z
      .object({
        migrations: relPath,
        nameTemplate: z.string().default('clone_{id}'),
      })
      .strict(),
    redis: z.object({prefixTemplate: z.string().default('{id}:')}).strict().default({prefixTemplate: '{id}:'}),
    seed: z
      .object({
        fixtures: z.string().min(1).describe('glob of fixture SQL files; the fixture name is the file basename'),
        default: z.string().optional().describe('fixture applied when none is asked for'),
        ai: z.object({entities: z.array(z.string())}).strict().optional(),
      })
      .strict()
      .optional(),
    provision: z
      .object({path: z.string().startsWith('/')})
      .strict()
      .optional()
      .describe('the control route that mints the default app and its tokens'),
    events: z
      .object({requestUrl: z.string().startsWith('/').describe('control route that sets the URL events are delivered to (body {url, verify})')})
      .strict()
      .optional()
      .describe('event delivery to the app under test (Slack\'s Events API, webhooks)'),
    mcp: z
      .object({
        path: z.string().startsWith('/').describe('Streamable HTTP endpoint of the clone\'s MCP server'),
        token: z.enum(['botToken', 'userToken', 'apiKey']).default('botToken').describe('which minted credential authorises MCP calls'),
      })
      .strict()
      .optional(),
    dataDir: z.boolean().optional().describe('the backend keeps files under ASYM_DATA_DIR (e.g. git repositories): snapshots save and restore them'),
    fidelity: FidelityDeclaration.optional().describe('the real product\'s references `asym verify` scores the clone against (files shipped in the template package)'),
    diff: DiffDeclaration.optional().describe('how tables map to the product\'s objects, for `asym diff` (entity name → table, key, filter, ignored fields)'),
  })
  .strict()
  .superRefine((m, ctx) => {
    for (const [mode, services] of Object.entries(m.modes)) {
      for (const [i, svc] of services.entries()) {
        if (!(svc in m.services)) {
          ctx.addIssue({code: 'custom', path: ['modes', mode, i], message: `mode "${mode}" names service "${svc}", which is not in \`services\``});
        }
      }
    }
    const api = m.apiService ?? 'backend';
    if (!(api in m.services)) ctx.addIssue({code: 'custom', path: ['apiService'], message: `the API service "${api}" is not in \`services\``});
  });
export type TemplateManifest = z.infer<typeof TemplateManifest>;
