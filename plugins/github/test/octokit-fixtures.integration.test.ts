// Replays every `@octokit/fixtures` scenario (recorded against api.github.com with the account the
// `octokit` fixture is shaped like) against one clone seeded with that fixture. Each scenario works
// in the temporary repository its own setup requests create, as it did on GitHub's shared account.
// Prints "octokit scenarios matching: N/M" and each scenario's first mismatch; fails below the
// measured floor, so a regression shows.
import {readdirSync, readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {dirname, join} from 'node:path';

import {expect} from 'chai';

import {type GithubClone, startGithubClone} from './helpers.js';
import {type RecordedRequest, replay} from './support/octokit-replay.js';

const FLOOR = 8;
const dir = join(dirname(createRequire(import.meta.url).resolve('@octokit/fixtures/package.json')), 'scenarios', 'api.github.com');

describe('github template: @octokit/fixtures scenarios replayed', function () {
  this.timeout(120_000);
  let gh: GithubClone;
  before(async () => {
    gh = await startGithubClone('octokit');
  });
  after(async () => gh?.dispose());

  it(`matches at least ${FLOOR} of the recorded scenarios`, async () => {
    const names = readdirSync(dir).sort();
    const tokens = {a: gh.token('octokit-fixture-user-a'), b: gh.token('octokit-fixture-user-b')};
    let matching = 0;
    let requests = 0;
    let matched = 0;
    for (const name of names) {
      const recording = JSON.parse(readFileSync(join(dir, name, 'raw-fixture.json'), 'utf8')) as RecordedRequest[];
      const r = await replay(recording, gh.clone.url, tokens);
      if (!r.mismatch) matching++;
      requests += r.requests;
      matched += r.matched;
      console.log(`  ${r.mismatch ? '✗' : '✓'} ${name} (${r.matched}/${r.requests} requests)${r.mismatch ? ` — ${r.mismatch}` : ''}`);
    }
    console.log(`  octokit scenarios matching: ${matching}/${names.length} (requests matching: ${matched}/${requests})`);
    expect(names.length).to.equal(22);
    expect(matching).to.be.at.least(FLOOR);
  });
});
