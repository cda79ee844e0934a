// The kit's conformance suite against real clones of this template, spun by the asymmetric CLI
// (`asymmetric` on PATH, or ASYM_CLI=<path to its bin>). Build first: npm run build.
import {describeConformance} from '@asym/template-kit/conformance';
import {fileURLToPath} from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

describeConformance({
  root,
  // One authenticated read: true when the API accepts the credential.
  authenticate: async (clone, token) => {
    const res = await fetch(`${clone.api}/me`, {headers: token ? {authorization: `Bearer ${token}`} : {}});
    return res.status === 200;
  },
  // One write through the API, so isolation and reset have something to undo.
  write: async (clone) => {
    const res = await fetch(`${clone.api}/notes`, {
      body: JSON.stringify({text: 'written by the conformance suite'}),
      headers: {authorization: `Bearer ${clone.token}`, 'content-type': 'application/json'},
      method: 'POST',
    });
    if (res.status !== 201) throw new Error(`POST /v1/notes answered HTTP ${res.status}`);
  },
});
