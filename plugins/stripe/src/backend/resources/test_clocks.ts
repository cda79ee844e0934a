/** Test clocks: customers created on a clock live in its time; advancing it bills their subscriptions. */
import {runClock} from '../engines/clock.js';
import {invalid, missingParam} from '../errors.js';
import {int, str} from '../forms.js';
import {listOf} from '../lists.js';
import type {Router} from '../router.js';
import {blank, newId} from '../shapes.js';

const TYPE = 'test_helpers.test_clock';

export function register(r: Router): void {
  r.post('/v1/test_helpers/test_clocks', async (req, api) => {
    const frozen = int(req.params.frozen_time);
    if (frozen === undefined) throw missingParam('frozen_time');
    const now = Math.floor(Date.now() / 1000);
    const clock = blank(TYPE, {created: now, deletes_after: now + 30 * 86_400, frozen_time: frozen, id: newId('clock'), name: str(req.params.name) ?? null, status: 'ready', status_details: {}});
    await api.store.insert(req.account, clock);
    await api.emit(req, 'test_helpers.test_clock.created', clock);
    return clock;
  });
  r.get('/v1/test_helpers/test_clocks/{test_clock}', async (req, api) => api.store.must(req.account, TYPE, req.path.test_clock, 'test_clock'));
  r.get('/v1/test_helpers/test_clocks', async (req, api) => listOf(api, req, TYPE));
  r.del('/v1/test_helpers/test_clocks/{test_clock}', async (req, api) => {
    const clock = await api.store.must(req.account, TYPE, req.path.test_clock, 'test_clock');
    clock._deleted = true;
    await api.store.save(req.account, clock);
    await api.emit(req, 'test_helpers.test_clock.deleted', clock);
    return {deleted: true, id: clock.id, object: TYPE};
  });
  r.post('/v1/test_helpers/test_clocks/{test_clock}/advance', async (req, api) => {
    const clock = await api.store.must(req.account, TYPE, req.path.test_clock, 'test_clock');
    const target = int(req.params.frozen_time);
    if (target === undefined) throw missingParam('frozen_time');
    if (clock.status === 'advancing') throw invalid('The test clock is already advancing; wait until its status is ready.', undefined, 'invalid_state');
    if (target <= clock.frozen_time) throw invalid('The frozen time must be after the current frozen time of the test clock.', 'frozen_time');
    clock.status = 'advancing';
    clock.status_details = {advancing: {target_frozen_time: target}};
    await api.store.save(req.account, clock);
    await api.emit(req, 'test_helpers.test_clock.advancing', clock);
    const response = structuredClone(clock);
    // Like Stripe, the work happens after the answer; clients poll until `status` is `ready`.
    api.track(
      (async () => {
        await new Promise((resolve) => setImmediate(resolve));
        const bg = {account: req.account, origin: {}};
        try {
          await api.exclusive(req.account, () => runClock(api, req.account, clock.id, target));
          const done = (await api.store.get(req.account, clock.id))!;
          Object.assign(done, {frozen_time: target, status: 'ready', status_details: {}});
          await api.store.save(req.account, done);
          await api.emit(bg, 'test_helpers.test_clock.ready', done);
        } catch (error) {
          api.log('error', 'test clock advance failed', {clock: clock.id, error: (error as Error).message, stack: (error as Error).stack});
          const failed = await api.store.get(req.account, clock.id).catch(() => undefined);
          if (failed) {
            await api.store.save(req.account, {...failed, status: 'internal_failure'}).catch(() => undefined);
            await api.emit(bg, 'test_helpers.test_clock.internal_failure', failed).catch(() => undefined);
          }
        }
      })(),
    );
    return response;
  });
}
