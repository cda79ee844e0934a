import {runBackend} from '@asym/template-kit';

import {linearBackend} from './app.js';

await runBackend(linearBackend);
