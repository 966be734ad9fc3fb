import http from 'node:http'

/** A fake of an external HTTP service on 127.0.0.1 (a random port): start, stop, and its base URL. */
export abstract class FakeHttpServer {
  private server?: http.Server
  baseUrl = ''

  protected abstract handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void>

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => void this.handle(req, res))
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', () => r()))
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`
    return this
  }

  /** Stops listening and drops open connections (the client's keep-alive sockets would hold the close for seconds). */
  async stop() {
    const closed = new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()))
    this.server?.closeAllConnections()
    await closed
  }
}
