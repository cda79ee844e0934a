/** With ASYM_TRACE=1, print how long each step of a command took (to stderr), for profiling. */
export function tracer(name: string): (step: string) => void {
  if (process.env.ASYM_TRACE !== '1') return () => {};
  let last = performance.now();
  const start = last;
  return (step) => {
    const now = performance.now();
    process.stderr.write(`[trace ${name}] ${step}: ${(now - last).toFixed(1)} ms (total ${(now - start).toFixed(1)})\n`);
    last = now;
  };
}
