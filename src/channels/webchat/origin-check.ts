/**
 * Whether a browser page at `origin` may use a chat site. A site lists the origins it is
 * embedded on ('https://shop.example.com', 'https://*.example.com' for its subdomains, or
 * '*' for anywhere); the Hotline server's own origin always may (the demo page).
 *
 * This stops other websites from embedding a site's key; it is not authentication (a
 * non-browser client can send any Origin). A request without an Origin header (same-origin
 * GET, server to server) passes.
 *
 * @example
 * originAllowed('https://www.shop.cn', ['https://*.shop.cn'], 'hotline.example'); // true
 * originAllowed('https://evil.example', ['https://shop.cn'], 'hotline.example'); // false
 */
export function originAllowed(
  origin: string | undefined,
  allowed: readonly string[],
  serverHost: string | undefined,
): boolean {
  if (origin === undefined) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (serverHost && url.host === serverHost) return true;
  const normalized = `${url.protocol}//${url.host}`;
  return allowed.some((pattern) => {
    if (pattern === '*') return true;
    const wildcard = /^(https?:\/\/)\*\.(.+)$/.exec(pattern);
    if (!wildcard) return pattern === normalized;
    return url.protocol === wildcard[1]!.slice(0, -2) && url.host.endsWith(`.${wildcard[2]}`);
  });
}

/**
 * An allowed-origin entry as an administrator may type it ('https://Shop.cn/', 'shop.cn:8080'),
 * normalized to 'scheme://host[:port]', or null when it is not one.
 */
export function normalizeOriginPattern(raw: string): string | null {
  const text = raw.trim();
  if (text === '*') return '*';
  const withScheme = /^[a-z]+:\/\//i.test(text) ? text : `https://${text}`;
  const wildcard = /^(https?:\/\/)\*\.([^/]+)\/?$/i.exec(withScheme);
  if (wildcard) {
    const rest = normalizeOriginPattern(`${wildcard[1]}${wildcard[2]}`);
    return rest ? rest.replace('://', '://*.') : null;
  }
  try {
    const url = new URL(withScheme);
    if (!['http:', 'https:'].includes(url.protocol) || url.pathname.length > 1 || url.search || url.hash) {
      return null;
    }
    return `${url.protocol}//${url.host}`;
  } catch {
    return null;
  }
}
