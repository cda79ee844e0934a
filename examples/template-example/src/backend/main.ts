// The backend's entry point: the CLI starts it with PORT, HOST, DATABASE_URL, REDIS_URL, REDIS_PREFIX … set.
import {runBackend} from '@asym/template-kit';

import {definition} from './app.js';

await runBackend(definition);
