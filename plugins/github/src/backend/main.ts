import {runBackend} from '@asym/template-kit';

import {githubBackend} from './app.js';

await runBackend(githubBackend);
