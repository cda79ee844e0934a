// A process's memory three ways (MiB): RSS counts the Node binary's and libraries' pages that every
// clone shares (the same file mapped once in the page cache); PSS splits shared pages among the
// processes using them (what a fleet really costs per clone); private is what this process alone
// holds (its heap and buffers). NaN when the process is gone.
import {readFileSync} from 'node:fs';

export function memoryMiB(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? Number.NaN);
    return {pss: kb('Pss') / 1024, private: (kb('Private_Dirty') + kb('Private_Clean')) / 1024, rss: kb('Rss') / 1024};
  } catch {
    return {pss: Number.NaN, private: Number.NaN, rss: Number.NaN};
  }
}
