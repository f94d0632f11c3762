// A small cookie-keeping HTTP client that plays the user's browser in the end-to-end tests. It keeps cookies by
// name (the stack is all on loopback http, so `Secure` is not enforced, as browsers treat 127.0.0.1 as secure).

export class Browser {
  readonly cookies = new Map<string, string>();

  async fetch(url: string | URL, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (/max-age=0\b/i.test(line) || /expires=Thu, 01 Jan 1970/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  /** GETs `url` and follows http(s) redirects; stops at a non-redirect or a non-http(s) Location (an app's scheme). */
  async follow(url: string, stopAt?: (next: URL) => boolean): Promise<{ res: Response; url: string; external: boolean }> {
    let current = url;
    for (let i = 0; i < 12; i += 1) {
      if (i > 0 && stopAt?.(new URL(current))) return { res: new Response(null, { status: 204 }), url: current, external: true };
      const res = await this.fetch(current);
      const location = res.headers.get('location');
      if (res.status < 300 || res.status > 399 || !location) return { res, url: current, external: false };
      const next = new URL(location, current);
      if (next.protocol !== 'http:' && next.protocol !== 'https:') return { res, url: next.href, external: true };
      current = next.href;
    }
    throw new Error('too many redirects');
  }
}
