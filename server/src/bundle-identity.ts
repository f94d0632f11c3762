// Which bundle this Worker is. The desktop app uploads the Worker with two plain-text bindings,
// GATEHOUSE_BUNDLE (the fingerprint of the build's manifest and modules) and GATEHOUSE_VERSION (the Gatehouse
// version that shipped it), and every answer carries them as headers, the 401 on /mcp included, so an audit can
// tell from outside whether the Worker runs the bundle this Gatehouse ships or an older one. A Worker uploaded
// without them (by a Gatehouse from before, or by hand) sends neither header.

/** The bindings the app adds to the upload; absent when the Worker was uploaded without them. */
export interface BundleBindings {
  GATEHOUSE_BUNDLE?: string;
  GATEHOUSE_VERSION?: string;
}

export const BUNDLE_HEADER = 'gatehouse-bundle';
export const VERSION_HEADER = 'gatehouse-version';

/** Only short tokens of letters, digits, dots, dashes and plus signs go into a header. */
const SAFE = /^[A-Za-z0-9.+-]{1,64}$/;

/** The response with the bundle headers added (a copy when its headers are immutable). */
export function withBundleIdentity(response: Response, env: BundleBindings): Response {
  const bundle = env.GATEHOUSE_BUNDLE;
  const version = env.GATEHOUSE_VERSION;
  const headers: [string, string][] = [];
  if (bundle !== undefined && SAFE.test(bundle)) headers.push([BUNDLE_HEADER, bundle]);
  if (version !== undefined && SAFE.test(version)) headers.push([VERSION_HEADER, version]);
  if (headers.length === 0 || response.status === 101) return response;
  const out = new Response(response.body, response);
  for (const [name, value] of headers) out.headers.set(name, value);
  return out;
}
