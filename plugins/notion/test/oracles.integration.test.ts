// The 79 recorded cassettes of real Notion traffic (ramnes/notion-sdk-py, see oracles/SOURCE.md)
// replayed in order against a clone, with recorded ids replaced by the clone's, and each answer
// compared with the recording: status, key paths with their value types, `object`/`type` values.
import {readFileSync} from 'node:fs';

import {expect} from 'chai';

import {ACME, type NotionClone, startNotion} from './helpers.js';
import {type Cassette, replay} from './support/replay.js';

const cassettes: Cassette[] = JSON.parse(readFileSync(new URL('../fidelity/recordings.json', import.meta.url), 'utf8'));

/** The recorded workspace's objects that existed before the recordings, mapped to the fixture's. */
const SEED_IDS: Array<[string, string]> = [
  ['393abc1eedcd80f3813be205934558c6', ACME.root], // the page shared with the recording integration
  ['7775f3a3-893f-43fa-b625-460c61094c78', ACME.bot], // the recording integration's bot user
  ['a4f789cc-7bc8-4cf0-82b9-a8ba7d985ecf', ACME.people[0]!],
];

/** Interactions matching today; the test fails if the clone falls below it. */
const MATCHING_AT_LEAST = 328;

describe('notion template: recorded Notion traffic replayed against the clone', function () {
  this.timeout(120_000);
  let n: NotionClone;
  before(async () => {
    n = await startNotion();
  });
  after(async () => n?.dispose());

  it(`matches at least ${MATCHING_AT_LEAST} of the recorded interactions`, async () => {
    const outcomes = await replay(n.url, cassettes, {seedIds: SEED_IDS, token: n.tokens.apiKey!});
    const replayed = outcomes.filter((o) => !o.skipped);
    const matching = replayed.filter((o) => o.ok);
    const byCassette = new Map<string, boolean>();
    for (const o of outcomes) byCassette.set(o.cassette, (byCassette.get(o.cassette) ?? true) && (o.ok || Boolean(o.skipped)));
    const cassettesOk = [...byCassette.values()].filter(Boolean).length;
    console.log(`      recorded interactions matching: ${matching.length}/${replayed.length} (${outcomes.length - replayed.length} not to Notion); cassettes fully matching: ${cassettesOk}/${byCassette.size}`);
    for (const o of replayed.filter((x) => !x.ok).slice(0, 40)) console.log(`      ✗ ${o.cassette}#${o.index} ${o.method} ${o.path}: ${o.problems.slice(0, 3).join('; ')}`);
    expect(matching.length).to.be.at.least(MATCHING_AT_LEAST);
  });
});
