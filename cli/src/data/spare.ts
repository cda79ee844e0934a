import {spawn} from 'node:child_process';
import {fileURLToPath} from 'node:url';

const worker = fileURLToPath(new URL('./spare-worker.js', import.meta.url));

/** Start the spare builder in the background; the CLI exits without waiting for it. */
export function prepareSpareDetached(job: {adminUrl: string; database: string; template: string; hash: string; drop: string[]}): void {
  if (process.env.ASYM_NO_SPARE === '1') return;
  const child = spawn(process.execPath, [worker, JSON.stringify(job)], {detached: true, stdio: 'ignore'});
  child.on('error', () => {});
  child.unref();
}
