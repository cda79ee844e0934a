/** Tokens: create (card, bank_account, pii, account, person, cvc_update) and retrieve. */
import {createToken} from '../engines/tokens.js';
import type {Router} from '../router.js';

export function register(r: Router): void {
  r.post('/v1/tokens', async (req, api) => createToken(api, req), {concurrent: () => true});
  r.get('/v1/tokens/{token}', async (req, api) => api.store.must(req.account, 'token', req.path.token, 'token'));
}
