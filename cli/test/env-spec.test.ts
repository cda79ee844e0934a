import {expect} from 'chai';
import {mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';

import {type CloneRecord, isErrorCode} from '@asym/contract';

import {didYouMean, unknownKeysMessage} from '../src/env-spec/did-you-mean.js';
import {readEnvSpec} from '../src/env-spec/parse.js';
import {liveEnvironmentState} from '../src/services/env-ops.js';
import {tempHome} from './helpers/home.js';

/**
 * Every validation message of environment.yaml, from a bad file written to a temp dir. `at` is the
 * line:column the message must name; `says` the text it must contain (the key and what is wrong).
 */
const BAD: Array<{case: string; yaml: string; at: string | null; says: string[]}> = [
  {at: '2:1', case: 'unknown top-level key, with a suggestion', says: ["Unknown key(s): 'clone' (did you mean 'clones'?)"], yaml: 'name: acme\nclone:\n  - template: slack\n'},
  {at: '2:1', case: 'unknown key in another case', says: ["Unknown key(s): 'Clones' (did you mean 'clones'?)"], yaml: 'name: acme\nClones:\n  - template: slack\n'},
  {at: '2:1', case: 'unknown key without any close match lists the allowed keys', says: ["Unknown key(s): 'owner' (allowed: name, clones)"], yaml: 'name: acme\nowner: me\nclones: [{template: slack}]\n'},
  {at: '1:1', case: 'several unknown keys are named together', says: ["Unknown key(s): 'nmae' (did you mean 'name'?), 'clone' (did you mean 'clones'?)"], yaml: 'nmae: acme\nclone:\n  - template: slack\n'},
  {at: null, case: 'empty file', says: ['the file is empty', '`name:` and `clones:`'], yaml: ''},
  {at: null, case: 'only comments', says: ['the file is empty'], yaml: '# an environment\n\n'},
  {at: '2:9', case: 'empty clones list', says: ['clones: an environment needs at least one clone'], yaml: 'name: acme\nclones: []\n'},
  {at: '2:1', case: 'clones with no value', says: ['clones: an environment needs at least one clone'], yaml: 'name: acme\nclones:\n'},
  {at: '1:1', case: 'missing clones', says: ["missing key 'clones'"], yaml: 'name: acme\n'},
  {at: '3:3', case: 'clones is a mapping, not a list', says: ['clones: expected a list of clones', 'got a mapping'], yaml: 'name: acme\nclones:\n  template: slack\n'},
  {at: '2:1', case: 'identity is not supported yet', says: ['identity:', 'not supported yet'], yaml: 'name: acme\nidentity:\n  user: alice\nclones:\n  - template: slack\n'},
  {at: '4:1', case: 'data is not supported yet', says: ['data:', 'not supported yet'], yaml: 'name: acme\nclones:\n  - template: slack\ndata:\n  postgres: postgres://elsewhere/db\n'},
  {at: '4:1', case: 'malformed YAML: bad indentation', says: ['malformed YAML', 'Sequence item without - indicator'], yaml: 'name: acme\nclones:\n  - template: slack\n   mode: api\n'},
  {at: '3:1', case: 'malformed YAML: tabs', says: ['malformed YAML', 'indent with spaces'], yaml: 'name: acme\nclones:\n\t- template: slack\n'},
  {at: '3:1', case: 'malformed YAML: unterminated quote', says: ['malformed YAML', 'Missing closing'], yaml: 'name: "acme\nclones: []\n'},
  {at: '2:1', case: 'malformed YAML: a key twice', says: ['malformed YAML', 'a key appears twice'], yaml: 'name: acme\nname: other\nclones: [{template: slack}]\n'},
  {at: '3:1', case: 'several YAML documents', says: ['expected one YAML document'], yaml: 'name: acme\nclones: [{template: slack}]\n---\nname: b\n'},
  {at: '1:1', case: 'top level is a list', says: ['the top level must be a mapping', 'not a list'], yaml: '- template: slack\n'},
  {at: '1:1', case: 'top level is text', says: ['the top level must be a mapping', 'not the text "acme"'], yaml: 'acme\n'},
  {at: '1:1', case: 'missing name', says: ["missing key 'name'"], yaml: 'clones:\n  - template: slack\n'},
  {at: '1:6', case: 'empty name', says: ["name: expected the environment's name"], yaml: 'name:\nclones:\n  - template: slack\n'},
  {at: '1:7', case: 'name is a number', says: ['name: expected text, got number 42', 'quote it'], yaml: 'name: 42\nclones:\n  - template: slack\n'},
  {at: '1:7', case: 'name with a space', says: ['name: "acme corp" is not a valid name'], yaml: 'name: "acme corp"\nclones:\n  - template: slack\n'},
  {at: '3:5', case: 'a clone written as a bare word', says: ['clones[0]: expected a mapping with `template:`', 'write `- template: slack`'], yaml: 'name: acme\nclones:\n  - slack\n'},
  {at: '4:5', case: 'a clone without template', says: ["clones[1]: missing key 'template'"], yaml: 'name: acme\nclones:\n  - template: slack\n  - mode: api\n'},
  {at: '3:5', case: 'unknown key in a clone, with a suggestion', says: ["clones[0]: Unknown key(s): 'templte' (did you mean 'template'?)"], yaml: 'name: acme\nclones:\n  - templte: slack\n'},
  {at: '4:5', case: 'a synonym suggests the real key', says: ["clones[0]: Unknown key(s): 'fixture' (did you mean 'seed'?)"], yaml: 'name: acme\nclones:\n  - template: slack\n    fixture: acme-corp\n'},
  {at: '3:15', case: 'template is a list', says: ['clones[0].template: expected text, got a list'], yaml: 'name: acme\nclones:\n  - template: [slack]\n'},
  {at: '4:11', case: 'mode in capitals', says: ['clones[0].mode: "Full" is not a valid mode'], yaml: 'name: acme\nclones:\n  - template: slack\n    mode: Full\n'},
  {at: '4:11', case: 'seed is a number', says: ['clones[0].seed: expected text, got number 3'], yaml: 'name: acme\nclones:\n  - template: slack\n    seed: 3\n'},
  {at: '4:11', case: 'clone name not an id', says: ['clones[0].name: "Main Slack" is not a valid clone name'], yaml: 'name: acme\nclones:\n  - template: slack\n    name: Main Slack\n'},
  {at: '6:11', case: 'two clones with the same name', says: ['clones[1].name: "main" is already used by clones[0]'], yaml: 'name: acme\nclones:\n  - template: slack\n    name: main\n  - template: slack\n    name: main\n'},
];

describe('environment.yaml validation', () => {
  let h: ReturnType<typeof tempHome>;
  before(() => (h = tempHome('asym-envspec-')));
  after(() => h.cleanup());

  for (const [i, c] of BAD.entries()) {
    it(`${c.case} → ENV_SPEC_INVALID`, () => {
      const file = join(h.home, `bad-${i}.env.yaml`);
      writeFileSync(file, c.yaml);
      let error: unknown;
      try {
        readEnvSpec(file);
      } catch (e) {
        error = e;
      }
      expect(isErrorCode(error, 'ENV_SPEC_INVALID'), String(error)).to.equal(true);
      const message = (error as Error).message;
      expect(message.startsWith(c.at ? `${file}:${c.at}: ` : `${file}: `), message).to.equal(true);
      for (const s of c.says) expect(message).to.include(s);
    });
  }

  it('a missing file and a directory are ENV_SPEC_INVALID naming the path', () => {
    for (const [path, why] of [
      [join(h.home, 'nope.env.yaml'), 'no such file'],
      [(mkdirSync(join(h.home, 'dir.env.yaml')), join(h.home, 'dir.env.yaml')), 'a directory'],
    ] as const) {
      let error: unknown;
      try {
        readEnvSpec(path);
      } catch (e) {
        error = e;
      }
      expect(isErrorCode(error, 'ENV_SPEC_INVALID')).to.equal(true);
      expect((error as Error).message).to.include(path).and.include(why);
    }
  });

  it('a valid file gives the name, each clone with its line, and the absolute path', () => {
    const file = join(h.home, 'acme.env.yaml');
    writeFileSync(file, '# comment\nname: acme\nclones:\n  - template: slack\n    mode: api      # optional\n    seed: acme-corp\n  - template: stripe\n    name: pay-1\n');
    const spec = readEnvSpec(file);
    expect(spec).to.deep.equal({
      clones: [
        {line: 4, mode: 'api', seed: 'acme-corp', template: 'slack'},
        {line: 7, name: 'pay-1', template: 'stripe'},
      ],
      name: 'acme',
      path: file,
    });
  });

  it('did-you-mean: case, synonyms, typos, transpositions, and nothing for far words', () => {
    expect(didYouMean('clone', ['name', 'clones'])).to.equal('clones');
    expect(didYouMean('NAME', ['name', 'clones'])).to.equal('name');
    expect(didYouMean('tempalte', ['template', 'mode'])).to.equal('template');
    expect(didYouMean('fixture', ['template', 'seed'], {fixture: 'seed'})).to.equal('seed');
    expect(didYouMean('owner', ['name', 'clones'])).to.equal(undefined);
    expect(unknownKeysMessage(['clone'], ['name', 'clones'])).to.equal("Unknown key(s): 'clone' (did you mean 'clones'?)");
  });
});

describe('environment rolled-up state', () => {
  const rec = (id: string, state: CloneRecord['state']) => ({id, state}) as CloneRecord;
  it('running when every member runs, unless the last spin or reset left it partial', () => {
    expect(liveEnvironmentState('running', ['a', 'b'], [rec('a', 'running'), rec('b', 'running')])).to.equal('running');
    expect(liveEnvironmentState('partial', ['a', 'b'], [rec('a', 'running'), rec('b', 'running')])).to.equal('partial');
  });
  it('partial when some members are not up, stopped when all are stopped, failed when none is up', () => {
    expect(liveEnvironmentState('running', ['a', 'b'], [rec('a', 'running'), rec('b', 'unhealthy')])).to.equal('partial');
    expect(liveEnvironmentState('running', ['a', 'b'], [rec('a', 'stopped'), rec('b', 'stopped')])).to.equal('stopped');
    expect(liveEnvironmentState('running', ['a', 'b'], [rec('a', 'failed'), rec('b', 'unhealthy')])).to.equal('failed');
    expect(liveEnvironmentState('running', ['a', 'gone'], [rec('a', 'running')])).to.equal('partial');
  });
});
