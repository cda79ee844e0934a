/**
 * Notion formulas (the 2.0 language, the common part): `prop("Name")`, numbers, strings, booleans,
 * `+ - * / % ^`, comparisons, `and`/`or`/`not` (and `&& || !`), `? :`, and the functions most
 * formulas use. A formula's result type follows its value: string, number, boolean or date.
 */
export type FValue = string | number | boolean | Date | null | FValue[];

type Tok = {t: 'num'; v: number} | {t: 'str'; v: string} | {t: 'id'; v: string} | {t: 'op'; v: string};

function lex(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) { i++; continue; }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(src[i + 1] ?? ''))) {
      const m = /^[0-9]*\.?[0-9]+(e[+-]?[0-9]+)?/i.exec(src.slice(i))!;
      out.push({t: 'num', v: Number(m[0])});
      i += m[0].length;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      let s = '';
      while (j < src.length && src[j] !== c) {
        if (src[j] === '\\' && j + 1 < src.length) { s += src[j + 1]; j += 2; continue; }
        s += src[j++];
      }
      out.push({t: 'str', v: s});
      i = j + 1;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i))!;
      out.push({t: 'id', v: m[0]});
      i += m[0].length;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (['==', '!=', '>=', '<=', '&&', '||'].includes(two)) { out.push({t: 'op', v: two}); i += 2; continue; }
    if ('+-*/%^()<>!,?:.'.includes(c)) { out.push({t: 'op', v: c}); i++; continue; }
    throw new Error(`unexpected character ${c}`);
  }
  return out;
}

type Node = {k: 'lit'; v: FValue} | {k: 'call'; f: string; a: Node[]} | {k: 'bin'; op: string; l: Node; r: Node} | {k: 'un'; op: string; e: Node} | {k: 'cond'; c: Node; a: Node; b: Node};

const BP: Record<string, number> = {'?': 1, '||': 2, or: 2, '&&': 3, and: 3, '==': 4, '!=': 4, '<': 5, '>': 5, '<=': 5, '>=': 5, '+': 6, '-': 6, '*': 7, '/': 7, '%': 7, '^': 8, '.': 10};

function parse(src: string): Node {
  const toks = lex(src);
  let i = 0;
  const peek = () => toks[i];
  const isOp = (v: string) => { const t = peek(); return t && ((t.t === 'op' && t.v === v) || (t.t === 'id' && t.v === v)); };
  const expect = (v: string) => { if (!isOp(v)) throw new Error(`expected ${v}`); i++; };
  const args = (): Node[] => {
    const a: Node[] = [];
    expect('(');
    if (!isOp(')')) { a.push(expr(0)); while (isOp(',')) { i++; a.push(expr(0)); } }
    expect(')');
    return a;
  };
  const prefix = (): Node => {
    const t = toks[i++];
    if (!t) throw new Error('unexpected end');
    if (t.t === 'num' || t.t === 'str') return {k: 'lit', v: t.v};
    if (t.t === 'op' && t.v === '(') { const e = expr(0); expect(')'); return e; }
    if (t.t === 'op' && (t.v === '-' || t.v === '!')) return {e: expr(9), k: 'un', op: t.v};
    if (t.t === 'id') {
      if (t.v === 'true' || t.v === 'false') return {k: 'lit', v: t.v === 'true'};
      if (t.v === 'not') return {e: expr(9), k: 'un', op: '!'};
      if (isOp('(')) return {a: args(), f: t.v, k: 'call'};
      throw new Error(`unknown name ${t.v}`);
    }
    throw new Error(`unexpected ${t.v}`);
  };
  function expr(min: number): Node {
    let left = prefix();
    for (;;) {
      const t = peek();
      if (!t || (t.t !== 'op' && !(t.t === 'id' && (t.v === 'and' || t.v === 'or')))) break;
      const op = t.v as string;
      const bp = BP[op];
      if (bp === undefined || bp <= min) break;
      i++;
      if (op === '?') { const a = expr(0); expect(':'); const b = expr(0); left = {a, b, c: left, k: 'cond'}; continue; }
      if (op === '.') {
        const name = toks[i++];
        if (!name || name.t !== 'id') throw new Error('expected a method name');
        const rest = isOp('(') ? args() : [];
        left = {a: [left, ...rest], f: name.v, k: 'call'};
        continue;
      }
      left = {k: 'bin', l: left, op, r: expr(op === '^' ? bp - 1 : bp)};
    }
    return left;
  }
  const n = expr(0);
  if (i < toks.length) throw new Error('unexpected trailing input');
  return n;
}

const num = (v: FValue): number => (v instanceof Date ? v.getTime() : typeof v === 'number' ? v : typeof v === 'boolean' ? Number(v) : v === null ? 0 : Number(v));
const str = (v: FValue): string => (v === null ? '' : v instanceof Date ? v.toISOString() : Array.isArray(v) ? v.map(str).join(', ') : String(v));
const empty = (v: FValue) => v === null || v === '' || v === 0 || v === false || (Array.isArray(v) && v.length === 0);
const DAY = 86_400_000;
const UNIT: Record<string, number> = {days: DAY, hours: 3_600_000, minutes: 60_000, months: 30 * DAY, seconds: 1000, weeks: 7 * DAY, years: 365 * DAY};

const FUNCS: Record<string, (a: FValue[]) => FValue> = {
  abs: ([x]) => Math.abs(num(x!)),
  ceil: ([x]) => Math.ceil(num(x!)),
  concat: (a) => (a.every(Array.isArray) ? (a as FValue[][]).flat() : a.map(str).join('')),
  contains: ([s, t]) => (Array.isArray(s) ? s.map(str).includes(str(t!)) : str(s!).includes(str(t!))),
  dateAdd: ([d, n, u]) => new Date(num(d!) + num(n!) * (UNIT[str(u!)] ?? DAY)),
  dateBetween: ([a, b, u]) => Math.trunc((num(a!) - num(b!)) / (UNIT[str(u!)] ?? DAY)),
  dateSubtract: ([d, n, u]) => new Date(num(d!) - num(n!) * (UNIT[str(u!)] ?? DAY)),
  empty: ([x]) => empty(x ?? null),
  floor: ([x]) => Math.floor(num(x!)),
  format: ([x]) => str(x ?? null),
  formatDate: ([d]) => (d ? new Date(num(d)).toISOString().slice(0, 10) : ''),
  join: ([l, sep]) => (Array.isArray(l) ? l.map(str).join(str(sep ?? '')) : str(l!)),
  length: ([x]) => (Array.isArray(x) ? x.length : str(x!).length),
  lower: ([x]) => str(x!).toLowerCase(),
  max: (a) => Math.max(...a.flat().map(num)),
  min: (a) => Math.min(...a.flat().map(num)),
  now: () => new Date(),
  replace: ([s, a, b]) => str(s!).replace(str(a!), str(b!)),
  replaceAll: ([s, a, b]) => str(s!).split(str(a!)).join(str(b!)),
  round: ([x, d]) => { const f = 10 ** num(d ?? 0); return Math.round(num(x!) * f) / f; },
  slice: ([s, a, b]) => str(s!).slice(num(a!), b === undefined ? undefined : num(b)),
  sqrt: ([x]) => Math.sqrt(num(x!)),
  startsWith: ([s, t]) => str(s!).startsWith(str(t!)),
  sum: (a) => a.flat().reduce((s: number, x) => s + num(x), 0),
  test: ([s, re]) => new RegExp(str(re!)).test(str(s!)),
  toNumber: ([x]) => (x instanceof Date ? x.getTime() : Number(str(x!)) || 0),
  upper: ([x]) => str(x!).toUpperCase(),
};

export function evaluate(expression: string, prop: (name: string) => FValue): FValue {
  const run = (n: Node): FValue => {
    switch (n.k) {
      case 'lit': return n.v;
      case 'un': { const v = run(n.e); return n.op === '-' ? -num(v) : !truthy(v); }
      case 'cond': return truthy(run(n.c)) ? run(n.a) : run(n.b);
      case 'call': {
        if (n.f === 'prop') return prop(str(run(n.a[0]!)));
        if (n.f === 'if' || n.f === 'ifs') {
          for (let i = 0; i + 1 < n.a.length; i += 2) if (truthy(run(n.a[i]!))) return run(n.a[i + 1]!);
          return n.a.length % 2 === 1 ? run(n.a[n.a.length - 1]!) : null;
        }
        const f = FUNCS[n.f];
        if (!f) throw new Error(`unknown function ${n.f}`);
        return f(n.a.map(run));
      }
      case 'bin': {
        const l = run(n.l);
        if (n.op === 'and' || n.op === '&&') return truthy(l) && truthy(run(n.r));
        if (n.op === 'or' || n.op === '||') return truthy(l) || truthy(run(n.r));
        const r = run(n.r);
        switch (n.op) {
          case '+': return typeof l === 'string' || typeof r === 'string' ? str(l) + str(r) : num(l) + num(r);
          case '-': return num(l) - num(r);
          case '*': return num(l) * num(r);
          case '/': return num(l) / num(r);
          case '%': return num(l) % num(r);
          case '^': return num(l) ** num(r);
          case '==': return eq(l, r);
          case '!=': return !eq(l, r);
          case '<': return cmp(l, r) < 0;
          case '>': return cmp(l, r) > 0;
          case '<=': return cmp(l, r) <= 0;
          case '>=': return cmp(l, r) >= 0;
        }
        throw new Error(`unknown operator ${n.op}`);
      }
    }
  };
  return run(parse(expression));
}

const truthy = (v: FValue) => !empty(v);
const eq = (a: FValue, b: FValue) => (a instanceof Date || b instanceof Date ? num(a) === num(b) : str(a) === str(b) && typeof a === typeof b) || (typeof a === 'number' && typeof b === 'number' && a === b);
const cmp = (a: FValue, b: FValue) => (typeof a === 'string' && typeof b === 'string' ? a.localeCompare(b) : num(a) - num(b));

/** Whether an expression parses (checked when a formula property is created). */
export function checkFormula(expression: string): string | undefined {
  try {
    parse(expression);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** A formula result as the API answers it. */
export function formulaResult(v: FValue): Record<string, unknown> {
  if (v instanceof Date) return {date: {end: null, start: v.toISOString(), time_zone: null}, type: 'date'};
  if (typeof v === 'number') return {number: Number.isFinite(v) ? v : null, type: 'number'};
  if (typeof v === 'boolean') return {boolean: v, type: 'boolean'};
  if (v === null) return {string: null, type: 'string'};
  return {string: str(v), type: 'string'};
}
