import type {CloneRecord} from '@asym/contract';

import {repairSwap, swapLeftovers} from '../data/postgres.js';
import {findOrphanServers, findStaleBases, removeStaleBases, stopOrphanServers} from '../infra/orphans.js';
import {interruptedReset, resetRunning} from '../data/reset-journal.js';
import type {LocalProvider} from '../providers/local.js';
import type {Check} from './doctor.js';

/** Owned Postgres/Redis servers whose home was deleted while they ran (any home of this user). */
export async function orphanCheck(fix: boolean): Promise<Check[]> {
  const checks: Check[] = [];
  const orphans = findOrphanServers();
  if (orphans.length > 0) {
    const list = orphans.map((o) => `${o.kind} pid ${o.pid} (${o.dir})`).join(', ');
    if (fix) {
      await stopOrphanServers(orphans);
      checks.push({detail: `stopped owned servers whose ASYM_HOME was deleted, and deleted their data: ${list}`, fixed: true, name: 'orphaned servers', ok: true});
    } else checks.push({detail: `owned servers whose ASYM_HOME was deleted: ${list}. Stop them and delete their data: asym doctor --fix`, name: 'orphaned servers', ok: false});
  }
  const stale = await findStaleBases();
  if (stale.length > 0) {
    if (fix) {
      removeStaleBases(stale);
      checks.push({detail: `deleted Postgres data kept outside ASYM_HOMEs that are gone: ${stale.join(', ')}`, fixed: true, name: 'orphaned data', ok: true});
    } else checks.push({detail: `Postgres data kept outside ASYM_HOMEs that are gone: ${stale.join(', ')}. Delete it: asym doctor --fix`, name: 'orphaned data', ok: false});
  }
  return checks;
}

export interface SwapCheckContext {
  home: string;
  /** Admin URL of the Postgres the process provider's clones live in (undefined when it is down). */
  postgresUrl?: string;
  provider(record: CloneRecord): Promise<LocalProvider>;
}

/**
 * Doctor's checks of the reset swap, per clone of this home: a reset killed mid-way (its journal's
 * pid is dead) is completed; swap leftovers (`_n…`/`_o…`/`_sb…` copies, a database left refusing
 * connections or missing) that belong to no running reset or spare builder are repaired. Only the
 * databases of this home's clones are looked at, so a shared (configured) Postgres is safe.
 */
export async function swapChecks(ctx: SwapCheckContext, clones: CloneRecord[], fix: boolean): Promise<Check[]> {
  const checks: Check[] = [];
  for (const r of clones) {
    if (r.state === 'creating' || r.state === 'destroying') continue;
    const name = `reset of ${r.id}`;
    if (interruptedReset(ctx.home, r.id)) {
      if (!fix) {
        checks.push({detail: 'a reset was killed before it finished; complete it: asym doctor --fix (or asym reset ' + r.id + ')', name, ok: false});
        continue;
      }
      try {
        await (await ctx.provider(r)).completeInterruptedReset(r.id);
        checks.push({detail: 'a reset killed mid-way was completed: the clone serves its seed again', fixed: true, name, ok: true});
      } catch (error) {
        checks.push({detail: `completing the interrupted reset failed: ${(error as Error).message}`, name, ok: false});
      }
      continue;
    }
    if (r.provider !== 'process' || !ctx.postgresUrl || resetRunning(ctx.home, r.id)) continue;
    const found = await swapLeftovers(ctx.postgresUrl, r.database).catch(() => undefined);
    if (!found || found.busy || (found.leftovers.length === 0 && !found.blocked && !found.missing)) continue;
    const what = [
      ...(found.missing ? [`database ${r.database} is missing`] : []),
      ...(found.blocked ? [`database ${r.database} refuses connections`] : []),
      ...(found.leftovers.length > 0 ? [`leaked swap copies ${found.leftovers.join(', ')}`] : []),
    ].join('; ');
    if (!fix) {
      checks.push({detail: `${what}. Repair: asym doctor --fix`, name: `databases of ${r.id}`, ok: false});
      continue;
    }
    const dropped = await repairSwap(ctx.postgresUrl, r.database);
    checks.push({detail: `${what}: repaired${dropped.length > 0 ? ` (dropped ${dropped.join(', ')})` : ''}`, fixed: true, name: `databases of ${r.id}`, ok: true});
  }
  return checks;
}
