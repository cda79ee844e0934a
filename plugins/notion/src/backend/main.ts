import {runBackend} from '@asym/template-kit';

import {notionBackend} from './app.js';

await runBackend(notionBackend);
