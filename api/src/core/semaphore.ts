/**
 * Lets at most `size` tasks run at once in this process; the others wait their turn (first come,
 * first served) instead of being refused. `peak` and `runs` make the limit observable.
 */
export class Semaphore {
  private held = 0
  private readonly waiting: (() => void)[] = []
  /** The most tasks ever running at the same moment. */
  peak = 0
  /** How many tasks have started. */
  runs = 0

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`semaphore size must be a positive integer, got ${size}`)
  }

  /** Runs `task` once a slot is free and frees the slot when it settles. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.held < this.size) this.held++
    // A releasing task hands its slot straight to the first waiter, so `held` stays the same.
    else await new Promise<void>((resolve) => this.waiting.push(resolve))
    this.peak = Math.max(this.peak, this.held)
    this.runs++
    try {
      return await task()
    } finally {
      const next = this.waiting.shift()
      if (next) next()
      else this.held--
    }
  }
}
