/**
 * One Ctrl-C (SIGINT/SIGTERM) handler for everything being made in this process. The first signal
 * marks the run interrupted: each clone being created notices at its next step, rolls itself back,
 * and the process exits (130/143) once all of them, and anyone holding the exit, are done. A second
 * signal exits at once.
 */
class Interrupts {
  signal: NodeJS.Signals | undefined;
  private active = 0;
  private holds = 0;
  private installed = false;

  get interrupted(): boolean {
    return this.signal !== undefined;
  }

  private readonly onSignal = (sig: NodeJS.Signals) => {
    if (this.signal) this.exit();
    this.signal = sig;
    this.maybeExit();
  };

  private install(): void {
    if (this.installed) return;
    this.installed = true;
    process.on('SIGINT', this.onSignal);
    process.on('SIGTERM', this.onSignal);
  }

  private readonly notes: string[] = [];

  /** A line said on stderr when the process exits for the signal (what a rollback undid). */
  note(line: string): void {
    this.notes.push(line);
  }

  private exit(): never {
    for (const line of this.notes) process.stderr.write(`  ✗ ${line}\n`);
    process.exit(this.signal === 'SIGTERM' ? 143 : 130);
  }

  private maybeExit(): void {
    if (this.signal && this.active === 0 && this.holds === 0) this.exit();
  }

  /** A clone is being made: a signal now waits for it to roll back. */
  enter(): void {
    this.install();
    this.active++;
  }

  leave(): void {
    this.active--;
    this.maybeExit();
  }

  /** Keep the process alive after a signal until `release` (e.g. env spin undoing its members). */
  hold(): () => void {
    this.install();
    this.holds++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds--;
      this.maybeExit();
    };
  }
}

export const interrupts = new Interrupts();
