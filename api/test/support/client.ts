/** A minimal HTTP client for tests: real requests to a running test server. */
export type Res<T = any> = { status: number; body: T; headers: Headers }

export class Client {
  constructor(
    readonly baseUrl: string,
    readonly token?: string,
  ) {}

  /** The same client, authenticated. */
  as(token: string): Client {
    return new Client(this.baseUrl, token)
  }

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Res<T>> {
    const res = await fetch(this.baseUrl + path, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    })
    const text = await res.text()
    let parsed: unknown = text
    try {
      parsed = text ? JSON.parse(text) : undefined
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed as T, headers: res.headers }
  }

  get<T = any>(path: string, headers?: Record<string, string>) {
    return this.request<T>('GET', path, undefined, headers)
  }
  post<T = any>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', path, body ?? {}, headers)
  }
  put<T = any>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('PUT', path, body ?? {}, headers)
  }

  /** Logs in a demo account with the dev login and returns an authenticated client. */
  async login(username: string): Promise<Client> {
    const r = await this.post('/api/v1/auth/dev', { username })
    if (r.status !== 200) throw new Error(`dev login of ${username} failed: ${r.status} ${JSON.stringify(r.body)}`)
    return this.as(r.body.data.accessToken)
  }
}

/** The field names of a VALIDATION_FAILED response. */
export function fieldsOf(res: Res): string[] {
  return (res.body?.error?.details?.fields ?? []).map((f: { field: string }) => f.field)
}

/** How a burst was answered: `{ '201': 10, '409 SLOT_FULL': 190 }` (successes by status, failures by status and code). */
export function answerCounts(rs: { status: number; body: any }[]): Record<string, number> {
  const out: Record<string, number> = {}
  for (const r of rs) {
    const k = r.status < 300 ? String(r.status) : `${r.status} ${r.body?.error?.code}`
    out[k] = (out[k] ?? 0) + 1
  }
  return out
}
