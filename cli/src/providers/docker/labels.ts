/** Labels the docker provider puts on everything it creates, so it can find (and clean) it later. */
export const LABELS = {
  /** Clone id, on every container, volume and network of a clone's compose project. */
  clone: 'dev.asymmetric.clone',
  /** Template name, beside the clone id. */
  template: 'dev.asymmetric.template',
  /** `postgres`, `redis` or `network` on the shared infrastructure. */
  shared: 'dev.asymmetric.shared',
  /** Set on images built from a template plugin: hash of what went into them. */
  buildHash: 'dev.asymmetric.build-hash',
} as const;

export const cloneLabels = (cloneId: string, template: string): Record<string, string> => ({[LABELS.clone]: cloneId, [LABELS.template]: template});
