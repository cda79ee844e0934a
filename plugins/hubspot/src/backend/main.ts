import {runBackend} from '@asym/template-kit';

import {hubspotBackend} from './app.js';

await runBackend(hubspotBackend);
