// The slice of autocannon 8's API the harness uses (the package ships no types).
declare module 'autocannon' {
  type Req = { method?: string; path?: string; headers?: Record<string, string>; body?: string }
  type Options = {
    url: string
    connections?: number
    duration?: number
    /** A fixed number of requests instead of a duration. */
    amount?: number
    timeout?: number
    requests?: (Req & {
      setupRequest?: (req: Req, context: Record<string, unknown>) => Req
      onResponse?: (status: number, body: string, context: Record<string, unknown>) => void
    })[]
  }
  type Histogram = { average: number; mean: number; p50: number; p90: number; p99: number; max: number; total: number; sent: number }
  export type Result = {
    requests: Histogram
    latency: Histogram
    throughput: Histogram
    errors: number
    timeouts: number
    non2xx: number
    '2xx': number
    statusCodeStats?: Record<string, { count: number }>
  }
  function autocannon(opts: Options): Promise<Result>
  export default autocannon
}
