import {runBackend} from '@asym/template-kit';

import {stripeBackend} from './app.js';

await runBackend(stripeBackend);
