// Detached worker: builds a clone's next spare database copy and drops old copies, off the critical
// path of the command that started it. Arguments: one JSON object. Exits quietly on any failure:
// a missing spare only makes the next reset take the slow path.
import {prepareSpare} from './postgres.js';

const job = JSON.parse(process.argv[2] ?? '{}') as {adminUrl: string; database: string; template: string; hash: string; drop: string[]};
try {
  await prepareSpare(job.adminUrl, job.database, job.template, job.hash, job.drop ?? []);
} catch {
  process.exitCode = 1;
}
