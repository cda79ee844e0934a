import {readdirSync, readFileSync} from 'node:fs';

import {type CloneRecord, cloneRecordProblem} from '@asym/contract';

import type {Catalog} from '../templates/catalog.js';

interface Found {
  pid: number;
  env: Record<string, string>;
  entry: string;
}

/** Backends of this ASYM_HOME still running, found by the environment they were started with (Linux). */
function homeProcesses(home: string): Found[] {
  if (process.platform !== 'linux') return [];
  const out: Found[] = [];
  for (const p of readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    try {
      const env = Object.fromEntries(
        readFileSync(`/proc/${p}/environ`, 'utf8')
          .split('\0')
          .filter((kv) => kv.includes('='))
          .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
      );
      if (env.ASYM_HOME !== home || !env.ASYM_CLONE_ID) continue;
      const argv = readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0');
      out.push({entry: argv[1] ?? '', env, pid: Number(p)});
    } catch {}
  }
  return out;
}

/**
 * Rebuild registry records for running process-provider clones the registry does not know (it was
 * lost or rebuilt): id, template, ports, database, Redis prefix and secrets come from the running
 * backend itself. Tokens cannot be recovered; `asym tokens <id> --reprovision` mints new ones.
 */
export function recoverableClones(home: string, catalog: Catalog, known: Set<string>): CloneRecord[] {
  const byId = new Map<string, Found[]>();
  for (const f of homeProcesses(home)) if (!known.has(f.env.ASYM_CLONE_ID!)) byId.set(f.env.ASYM_CLONE_ID!, [...(byId.get(f.env.ASYM_CLONE_ID!) ?? []), f]);
  const now = new Date().toISOString();
  const out: CloneRecord[] = [];
  for (const [id, procs] of byId) {
    const t = catalog.templates.find((x) => procs.some((p) => p.entry.startsWith(x.root)));
    if (!t) continue;
    const services = procs.map((p) => p.env.ASYM_SERVICE ?? 'backend');
    const mode = Object.entries(t.manifest.modes).find(([, s]) => s.length === services.length && s.every((x) => services.includes(x)))?.[0] ?? Object.keys(t.manifest.modes)[0]!;
    const first = procs[0]!.env;
    out.push({
      composeProject: `asym-${id}`,
      createdAt: now,
      database: new URL(first.DATABASE_URL ?? 'postgres://x/unknown').pathname.slice(1),
      expose: first.HOST === '0.0.0.0',
      id,
      mode,
      pids: Object.fromEntries(procs.map((p) => [p.env.ASYM_SERVICE ?? 'backend', p.pid])),
      ports: Object.fromEntries(procs.map((p) => [p.env.ASYM_SERVICE ?? 'backend', Number(p.env.PORT)])),
      provider: 'process',
      redisPrefix: first.REDIS_PREFIX ?? `${id}:`,
      secrets: {control: first.ASYM_CONTROL_TOKEN ?? '', jwt: first.JWT_SECRET ?? ''},
      seed: null,
      state: 'running',
      template: t.name,
      updatedAt: now,
    });
  }
  return out.filter((r) => cloneRecordProblem(r) === undefined);
}
