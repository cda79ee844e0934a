/**
 * What the current SDK's typings require of each object: every top-level field declared required
 * and not nullable is present with a value (a newer reference than the 2023 spec).
 */
// @ts-expect-error: a plain ES module of the template's scripts (no typings).
import {sdkRequiredFields} from '../../scripts/sdk-routes.mjs';

let required: Record<string, Record<string, string>> | undefined;

/** `object.field: missing` / `: null …` for each object of a type the typings describe; and how many were checked. */
export function requiredFindings(objects: Array<Record<string, unknown>>): {checked: number; findings: string[]} {
  required ??= sdkRequiredFields() as Record<string, Record<string, string>>;
  const findings: string[] = [];
  let checked = 0;
  for (const o of objects) {
    const fields = required[String(o.object)];
    if (!fields) continue;
    checked++;
    for (const k of Object.keys(fields)) {
      if (!(k in o)) findings.push(`${o.object}.${k}: missing`);
      else if (o[k] === null) findings.push(`${o.object}.${k}: null where the typings require a value`);
    }
  }
  return {checked, findings};
}
