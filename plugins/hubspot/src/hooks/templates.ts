import {fileURLToPath} from 'node:url';

import {templateDescriptor} from '@asym/template-kit/plugin';

/** Answers the CLI's `asymmetric:templates` hook with this template's descriptor. */
const hook = async () => templateDescriptor(fileURLToPath(new URL('../..', import.meta.url)));
export default hook;
