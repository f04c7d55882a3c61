/** A browser-like HTTP client over fetch: keeps cookies, never follows redirects by itself. */
export class CookieClient {
  readonly cookies = new Map<string, string>();

  constructor(private readonly origin: string) {}

  async get(path: string): Promise<Response> {
    return this.request("GET", path);
  }

  async post(
    path: string,
    form: Record<string, string> | FormData,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    const body = form instanceof FormData ? form : new URLSearchParams(form);
    return this.request("POST", path, body, headers);
  }

  async request(
    method: string,
    path: string,
    body?: URLSearchParams | FormData,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    const url = path.startsWith("http") ? path : `${this.origin}${path}`;
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const res = await fetch(url, {
      method,
      body,
      redirect: "manual",
      headers: { ...(cookie ? { cookie } : {}), ...headers },
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (/max-age=0/i.test(line) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  /** Opens a sign-in link and presses its button; the response of the sign-in POST. */
  async signInWithLink(link: string): Promise<Response> {
    const page = await (await this.get(link)).text();
    const token = /name="token" value="([^"]+)"/.exec(page)?.[1] ?? "";
    const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1] ?? "";
    return this.post("/admin/signin/link", { token, csrf });
  }

  /** The CSRF token of the signed-in session, as every page carries it. */
  async csrf(): Promise<string> {
    const page = await (await this.get("/admin/roster")).text();
    return /name="csrf" value="([^"]+)"/.exec(page)?.[1] ?? "";
  }
}
