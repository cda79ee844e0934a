/**
 * Test-only crash injection (like ASYM_TEST_FAULT): with ASYM_TEST_KILL_AT=<point>, the CLI kills
 * itself with SIGKILL when it reaches that point, so tests can prove every step of a multi-step
 * operation (the reset swap) recovers. Points are named `<operation>:<step>`; see KILL_POINTS.
 */
export const KILL_POINTS = [
  'reset:journaled',
  'swap:fresh-ready',
  'swap:connections-blocked',
  'swap:backends-ended',
  'swap:old-renamed',
  'swap:committed',
  'reset:data-swapped',
  'reset:backend-told',
  'reset:saved',
] as const;
export type KillPoint = (typeof KILL_POINTS)[number];

export function killPoint(point: KillPoint): void {
  if (process.env.ASYM_TEST_KILL_AT === point) process.kill(process.pid, 'SIGKILL');
}
