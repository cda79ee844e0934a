import type {z} from 'zod';

/** Render zod issues as `dot.path: message` lines, the way users read config errors. */
export function formatIssues(error: z.ZodError, max = 5): string {
  const lines = error.issues.slice(0, max).map((i) => {
    const path = i.path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.').replaceAll('.[', '[');
    if (i.code === 'unrecognized_keys') return `${path ? path + ': ' : ''}unknown key(s) ${i.keys.map((k) => `'${k}'`).join(', ')}`;
    return `${path || '(root)'}: ${i.message}`;
  });
  if (error.issues.length > max) lines.push(`… and ${error.issues.length - max} more`);
  return lines.join('; ');
}
