/**
 * The backend's layers: route modules (src/backend/resources) on top, lifecycle engines
 * (src/backend/engines) below them, the wire plumbing (router, store, forms, lists…) at the bottom.
 * An engine never imports a route module, a route module never imports another one, and no import
 * cycle runs through the engines, so each resource family stays a thin declaration over its engine.
 */
import {expect} from 'chai';
import {readdirSync, readFileSync} from 'node:fs';
import {dirname, join, normalize, relative} from 'node:path';
import {fileURLToPath} from 'node:url';

const backend = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'backend');

function files(dir: string): string[] {
  return readdirSync(dir, {withFileTypes: true}).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** Relative imports (static and dynamic) of every backend file, as paths relative to the backend folder. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files(backend)) {
    const text = readFileSync(file, 'utf8');
    const targets = [...text.matchAll(/(?:from |import\()'(\.{1,2}\/[^']+)\.js'/g)].map((m) => relative(backend, normalize(join(dirname(file), m[1]))) + '.ts');
    graph.set(relative(backend, file), targets);
  }
  return graph;
}

function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (n: string): void => {
    state.set(n, 'open');
    stack.push(n);
    for (const m of graph.get(n) ?? []) {
      if (state.get(m) === 'open') found.push(stack.slice(stack.indexOf(m)));
      else if (!state.has(m)) visit(m);
    }
    stack.pop();
    state.set(n, 'done');
  };
  for (const n of graph.keys()) if (!state.has(n)) visit(n);
  return found;
}

describe('stripe backend layers', () => {
  const graph = importGraph();
  const edges = [...graph].flatMap(([from, tos]) => tos.map((to) => `${from} -> ${to}`));

  it('no engine imports a route module or the router', () => {
    expect(edges.filter((e) => /^engines\/.* -> (resources\/|router\.ts|app\.ts)/.test(e))).to.deep.equal([]);
  });

  it('no route module imports another route module', () => {
    expect(edges.filter((e) => /^resources\/.* -> resources\//.test(e))).to.deep.equal([]);
  });

  it('the plumbing below the engines imports neither engines nor routes', () => {
    const top = new Set(['app.ts', 'main.ts', 'mcp.ts']);
    expect(edges.filter((e) => /^[a-z_]+\.ts -> (engines|resources)\//.test(e) && !top.has(e.split(' ')[0]))).to.deep.equal([]);
  });

  it('the modules import one another without cycles, except engines that call back lazily', () => {
    // Lazy `await import()` inside a function does not make a load-time cycle; only static ones count.
    const staticGraph = new Map<string, string[]>();
    for (const file of files(backend)) {
      const text = readFileSync(file, 'utf8');
      staticGraph.set(
        relative(backend, file),
        [...text.matchAll(/from '(\.{1,2}\/[^']+)\.js'/g)].map((m) => relative(backend, normalize(join(dirname(file), m[1]))) + '.ts'),
      );
    }
    expect(cycles(staticGraph).map((c) => c.join(' -> '))).to.deep.equal([]);
  });
});
