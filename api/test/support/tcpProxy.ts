import net from 'node:net'

/**
 * A TCP relay between an API's database pools and the real database, for outage tests.
 * `cut('refuse')` closes the port and destroys every live connection (the database host went
 * down); `cut('blackhole')` keeps every connection open but moves no byte either way, and new
 * ones get no greeting (a network partition: nothing is refused, nothing answers). `restore()`
 * relays again on the same port; after a blackhole, held bytes flow on as TCP would deliver them.
 */
export class TcpProxy {
  port = 0
  private server?: net.Server
  private readonly live = new Set<net.Socket>()
  private held: net.Socket[] = []
  /** Bytes a blackhole swallowed, per destination, delivered in order on restore. */
  private readonly pending = new Map<net.Socket, Buffer[]>()
  private state: 'up' | 'refuse' | 'blackhole' = 'up'

  constructor(private readonly target: { host: string; port: number }) {}

  /** Listens on a random port (the first time) or on the same port again. */
  async start(): Promise<this> {
    this.server = net.createServer((client) => this.accept(client))
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject)
      this.server!.listen(this.port, '127.0.0.1', () => resolve())
    })
    this.port = (this.server.address() as net.AddressInfo).port
    return this
  }

  private accept(client: net.Socket) {
    this.track(client)
    if (this.state === 'blackhole') {
      client.pause()
      this.held.push(client)
      return
    }
    this.relay(client)
  }

  private relay(client: net.Socket) {
    const upstream = net.connect(this.target.port, this.target.host)
    this.track(upstream)
    const forward = (from: net.Socket, to: net.Socket) => {
      from.on('data', (chunk: Buffer) => {
        if (this.state === 'up') to.write(chunk)
        else this.pending.set(to, [...(this.pending.get(to) ?? []), chunk])
      })
      from.on('end', () => to.end())
      from.on('close', () => {
        to.destroy()
        this.pending.delete(to)
      })
    }
    forward(client, upstream)
    forward(upstream, client)
    client.resume()
  }

  private track(s: net.Socket) {
    this.live.add(s)
    s.on('close', () => this.live.delete(s))
    s.on('error', () => undefined)
  }

  /** Makes the database unreachable, in the way named. */
  async cut(mode: 'refuse' | 'blackhole' = 'refuse') {
    this.state = mode
    if (mode === 'refuse') {
      const closed = new Promise<void>((resolve) => this.server!.close(() => resolve()))
      for (const s of this.live) s.destroy()
      await closed
    }
  }

  /** The database is reachable again. */
  async restore() {
    const was = this.state
    this.state = 'up'
    if (was === 'refuse') return void (await this.start())
    for (const [to, chunks] of this.pending) for (const c of chunks) to.write(c)
    this.pending.clear()
    for (const client of this.held.splice(0)) if (!client.destroyed) this.relay(client)
  }

  /** Stops relaying for good. */
  async close() {
    for (const s of this.live) s.destroy()
    if (this.state !== 'refuse') await new Promise<void>((resolve) => this.server!.close(() => resolve()))
    this.state = 'refuse'
  }
}
