import {createHash} from 'node:crypto';

/** Labels the docker provider puts on everything it creates, so it can find (and clean) it later. */
export const LABELS = {
  /** Clone id, on every container, volume and network of a clone's compose project. */
  clone: 'dev.asymmetric.clone',
  /** Template name, beside the clone id. */
  template: 'dev.asymmetric.template',
  /** Which ASYM_HOME made the clone (several homes share one engine): see homeId. */
  home: 'dev.asymmetric.home',
  /** `postgres`, `redis` or `network` on the shared infrastructure. */
  shared: 'dev.asymmetric.shared',
  /** Set on images built from a template plugin: hash of what went into them. */
  buildHash: 'dev.asymmetric.build-hash',
} as const;

export const cloneLabels = (cloneId: string, template: string, home?: string): Record<string, string> => ({
  [LABELS.clone]: cloneId,
  [LABELS.template]: template,
  ...(home ? {[LABELS.home]: home} : {}),
});

/** A short stable id of an ASYM_HOME directory, for the home label. */
export const homeId = (home: string) => createHash('sha256').update(home).digest('hex').slice(0, 12);
