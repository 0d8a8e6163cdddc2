// Lets modules of several plans run at once while one of them needs Portvakt to itself: a key
// rotation restarts Portvakt, which would break whatever another plan has in flight. A module that
// wants the server alone waits for the running ones to end, and new ones wait for it.
export class Gate {
  private running = 0;
  private alone = false;
  private waiters: (() => void)[] = [];

  async shared<T>(work: () => Promise<T>): Promise<T> {
    while (this.alone) await this.wait();
    this.running += 1;
    try {
      return await work();
    } finally {
      this.running -= 1;
      this.wake();
    }
  }

  /**
   * Called from within `shared`: the caller gives up its slot while it waits, so two callers never
   * block each other.
   */
  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    this.running -= 1;
    this.wake();
    try {
      while (this.alone) await this.wait();
      this.alone = true;
      while (this.running > 0) await this.wait();
      return await work();
    } finally {
      this.alone = false;
      this.running += 1;
      this.wake();
    }
  }

  private wait(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private wake(): void {
    for (const resolve of this.waiters.splice(0)) resolve();
  }
}
