import {runBackend} from '@asym/template-kit';

import {slackBackend} from './app.js';

await runBackend(slackBackend);
