/**
 * Linear's query complexity: each scalar field 0.1 point, each object 1 point, and a connection
 * multiplies what it selects by its page size (`first`/`last`, 50 by default); rounded up.
 */
import {type DocumentNode, type FragmentDefinitionNode, Kind, type OperationDefinitionNode, type SelectionSetNode, type ValueNode} from 'graphql';

import {DEFAULT_PAGE} from './connection.js';

function pageSize(args: readonly {name: {value: string}; value: ValueNode}[], variables: Record<string, unknown>): number | undefined {
  for (const a of args) {
    if (a.name.value !== 'first' && a.name.value !== 'last') continue;
    if (a.value.kind === Kind.INT) return Number(a.value.value);
    if (a.value.kind === Kind.VARIABLE) {
      const v = variables[a.value.name.value];
      if (typeof v === 'number') return v;
    }
  }
  return undefined;
}

export function complexity(doc: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode | undefined): number => {
    if (!set) return 0;
    let total = 0;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        if (!s.selectionSet) {
          total += 0.1;
          continue;
        }
        const inner = walk(s.selectionSet);
        const isConnection = s.selectionSet.selections.some((x) => x.kind === Kind.FIELD && (x.name.value === 'nodes' || x.name.value === 'edges'));
        total += isConnection ? 1 + inner * (pageSize(s.arguments ?? [], variables) ?? DEFAULT_PAGE) : 1 + inner;
      } else if (s.kind === Kind.INLINE_FRAGMENT) total += walk(s.selectionSet);
      else if (!seen.has(s.name.value)) {
        seen.add(s.name.value);
        total += walk(fragments.get(s.name.value)?.selectionSet);
        seen.delete(s.name.value);
      }
    }
    return total;
  };
  return Math.ceil(walk(operation.selectionSet));
}
