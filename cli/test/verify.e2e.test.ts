// `asym verify`: every template scored within the range its README states, the score as the
// contract's FidelityScore, docs/fidelity.md current, the last score in `ls --templates`, --docs
// unreachable, a clone that drops a field, a scaffolded template, and --clone. Clones are the
// ephemeral ones verify spins and destroys; one CLI world is shared.
import {expect} from 'chai';
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';

import {FidelityScore} from '@asym/contract';

import {CLI, spawn} from './helpers/cli.js';
import {cliWorld} from './helpers/world.js';

interface FidelityPage {
  PAGE: string;
  fidelityTemplates(): string[];
  renderFidelityPage(scores: FidelityScore[]): string;
}
const pageScript = fileURLToPath(new URL('../scripts/fidelity-page.mjs', import.meta.url));
const plugins = fileURLToPath(new URL('../../plugins/', import.meta.url));
const fixtures = fileURLToPath(new URL('./fixtures/fidelity', import.meta.url));
const example = fileURLToPath(new URL('../../examples/template-example', import.meta.url));

/** The range a template's README states: "scores this template between **lo%** and **hi%** overall". */
function readmeRange(template: string): [number, number] {
  const m = /scores this template between \*\*(\d+)%\*\* and \*\*(\d+)%\*\* overall/.exec(readFileSync(join(plugins, template, 'README.md'), 'utf8'));
  if (!m) throw new Error(`plugins/${template}/README.md states no fidelity range`);
  return [Number(m[1]), Number(m[2])];
}

function asScore(json: unknown): FidelityScore {
  const parsed = FidelityScore.safeParse(json);
  if (!parsed.success) throw new Error(`not a FidelityScore: ${parsed.error.message}\n${JSON.stringify(json).slice(0, 400)}`);
  return parsed.data;
}

describe('verify: measured fidelity of every template', function () {
  this.timeout(400_000);
  let world: Awaited<ReturnType<typeof cliWorld>>;
  let page: FidelityPage;
  let tmp: string;
  const scores = new Map<string, FidelityScore>();

  before(async () => {
    page = (await import(pageScript)) as FidelityPage;
    tmp = mkdtempSync(join(tmpdir(), 'asym-verify-'));
    world = await cliWorld();
  });
  after(async () => {
    await world?.cleanup();
    rmSync(tmp, {force: true, recursive: true});
  });

  it('scores each template within the range its README states; --json is a FidelityScore; no clone is left', async () => {
    const templates = page.fidelityTemplates();
    expect(templates).to.include.members(['github', 'hubspot', 'linear', 'notion', 'slack', 'stripe']);
    // two at a time: enough to be quick, little enough for a shared machine
    for (let i = 0; i < templates.length; i += 2) {
      await Promise.all(
        templates.slice(i, i + 2).map(async (t) => {
          const r = await world.run(['verify', t, '--json']);
          expect(r.code, `${t}: ${r.stderr}${r.stdout.slice(0, 400)}`).to.equal(0);
          const s = asScore(r.json());
          scores.set(t, s);
          expect(s).to.include({realProduct: s.realProduct, template: t});
          const rows = Object.values(s.parts).reduce((n, p) => n + p.total, 0);
          expect(s.operations).to.have.length(rows);
          const [lo, hi] = readmeRange(t);
          expect(s.overall * 100, `${t} overall`).to.be.within(lo, hi);
        }),
      );
    }
    const status = await world.run(['status', '--json']);
    expect(status.json()).to.deep.equal([]);
  });

  it('docs/fidelity.md shows the scores just measured (regenerate: node cli/scripts/fidelity-page.mjs)', () => {
    expect(scores.size).to.be.greaterThan(0);
    expect(readFileSync(page.PAGE, 'utf8')).to.equal(page.renderFidelityPage([...scores.values()]));
  });

  it('ls --templates shows the last score of each template', async () => {
    const r = await world.run(['ls', '--templates', '--json']);
    const rows = r.json<{templates: Array<{name: string; fidelity?: {overall: number; measuredAt: string}}>}>().templates;
    for (const [t, s] of scores) expect(rows.find((x) => x.name === t)?.fidelity, t).to.include({measuredAt: s.measuredAt, overall: s.overall});
    const text = await world.run(['ls', '--templates']);
    expect(text.stdout).to.include('FIDELITY').and.include(`${(scores.get('stripe')!.overall * 100).toFixed(1)}%`);
  });

  it('--docs that cannot be fetched warns DOCS_FETCH_FAILED and shows the last known score with its date', async () => {
    const last = scores.get('stripe')!;
    const r = await world.run(['verify', 'stripe', '--docs', 'http://127.0.0.1:9/openapi.json', '--json']);
    expect(r.code, r.stderr).to.equal(0);
    const s = asScore(r.json());
    expect(s).to.include({cached: true, measuredAt: last.measuredAt, overall: last.overall});
    expect(s.warnings?.[0]?.code).to.equal('DOCS_FETCH_FAILED');
    const text = await world.run(['verify', 'stripe', '--docs', join(tmp, 'no-such-file.json')]);
    expect(text.code).to.equal(0);
    expect(text.stderr).to.include("Couldn't fetch live stripe docs. Showing last known fidelity.");
    expect(text.stdout).to.include(`last known, measured ${last.measuredAt}`);
  });

  it('a template whose clone drops a field scores lower on shape (fixture templates, no kit)', async () => {
    const env = {ASYM_TEMPLATES_DIR: fixtures};
    const [whole, lossy] = await Promise.all(['test-widgets', 'test-widgets-lossy'].map(async (t) => {
      const r = await world.run(['verify', t, '--json'], env);
      expect(r.code, r.stderr + r.stdout.slice(0, 400)).to.equal(0);
      return asScore(r.json());
    }));
    expect(whole!.parts.shape).to.include({passed: 2, total: 2});
    expect(lossy!.parts.shape.score!).to.be.lessThan(whole!.parts.shape.score!);
    expect(lossy!.parts.surface).to.deep.equal(whole!.parts.surface);
    expect(lossy!.operations.filter((o) => o.part === 'shape' && !o.ok).map((o) => o.detail).join(' ')).to.include("'size'");
    // a newer reference given as a file is scored against instead (and not cached as the template's score)
    const newer = join(tmp, 'widgets-v2.json');
    const doc = JSON.parse(readFileSync(join(fixtures, 'common', 'openapi.json'), 'utf8'));
    doc.info.version = '2.0.0';
    doc.paths['/gadgets'] = {get: {responses: {200: {}}}};
    writeFileSync(newer, JSON.stringify(doc));
    const r = await world.run(['verify', 'test-widgets', '--docs', newer, '--json'], env);
    const v2 = asScore(r.json());
    expect(v2.reference.version).to.equal('2.0.0');
    expect(v2.parts.surface.total).to.equal(whole!.parts.surface.total + 1);
    // a file that is neither: a named error before anything is spun
    const yaml = join(tmp, 'widgets.yaml');
    writeFileSync(yaml, 'openapi: 3.0.3\npaths: {}\n');
    const bad = await world.run(['verify', 'test-widgets', '--docs', yaml, '--json'], env);
    expect(bad.code).to.equal(1);
    expect(bad.json<{error: {code: string; message: string}}>().error).to.include({code: 'INVALID_INPUT'});
  });

  it('--clone scores a running clone and leaves it running; a template without references is FIDELITY_UNDECLARED', async () => {
    const env = {ASYM_TEMPLATES_DIR: fixtures};
    const spun = await world.run(['spin', 'test-widgets', '--json'], env);
    expect(spun.code, spun.stderr).to.equal(0);
    const id = spun.json<Array<{id: string}>>()[0]!.id;
    const r = await world.run(['verify', 'test-widgets', '--clone', id, '--json'], env);
    expect(r.code, r.stderr).to.equal(0);
    expect(asScore(r.json()).parts.shape).to.include({passed: 2, total: 2});
    const status = await world.run(['status', id, '--json'], env);
    expect(status.json<Array<{state: string}>>()[0]?.state).to.equal('running');
    await world.run(['destroy', id, '--force'], env);
    const none = await world.run(['verify', 'test-slow', '--json'], {ASYM_TEMPLATES_DIR: fileURLToPath(new URL('./fixtures/templates', import.meta.url))});
    expect(none.code).to.equal(1);
    expect(none.json<{error: {code: string}}>().error.code).to.equal('FIDELITY_UNDECLARED');
  });

  it('Ctrl-C while verifying destroys the ephemeral clone before exiting', async () => {
    const child = spawn(process.execPath, [CLI, 'verify', 'stripe'], {env: {...process.env, ...world.env}, stdio: 'ignore'});
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    const registry = join(world.home, 'registry.json');
    const running = () => existsSync(registry) && (JSON.parse(readFileSync(registry, 'utf8')) as {clones: Array<{state: string}>}).clones.some((c) => c.state === 'running');
    for (let i = 0; i < 600 && !running(); i++) await new Promise((r) => setTimeout(r, 50));
    expect(running(), 'the ephemeral clone came up').to.equal(true);
    child.kill('SIGINT');
    expect(await exited).to.equal(130);
    expect((await world.run(['status', '--json'])).json()).to.deep.equal([]);
  });

  it('a scaffolded template verifies against the reference template init gives it', async () => {
    // examples/template-example is the scaffold's output (template-init.test keeps it so), built by pnpm build
    const r = await world.run(['verify', 'example', '--json'], {ASYM_TEMPLATES_DIR: example});
    expect(r.code, r.stderr + r.stdout.slice(0, 400)).to.equal(0);
    const s = asScore(r.json());
    expect(s.reference.name).to.equal('Example API');
    expect(s.parts.surface).to.include({passed: 5, total: 6}); // the reference's PATCH /notes/{id} is left for the author
    expect(s.parts.shape.score).to.equal(1);
    expect(s.parts.errors.score).to.equal(1);
  });
});
