/**
 * The customer list's filter, kept in the address bar so that "back" from a card returns
 * to the same search, and a search can be bookmarked or sent to a colleague.
 */
export interface CustomerFilter {
  q: string;
  tag?: string;
  province?: string;
  city?: string;
  doNotCall?: 'true' | 'false';
  marketingOptIn?: 'true' | 'false';
}

const KEYS = ['q', 'tag', 'province', 'city', 'doNotCall', 'marketingOptIn'] as const;

export function filterFromParams(params: URLSearchParams): CustomerFilter {
  const flag = (v: string | null) => (v === 'true' || v === 'false' ? v : undefined);
  return {
    q: params.get('q') ?? '',
    tag: params.get('tag') ?? undefined,
    province: params.get('province') ?? undefined,
    city: params.get('city') ?? undefined,
    doNotCall: flag(params.get('doNotCall')),
    marketingOptIn: flag(params.get('marketingOptIn')),
  };
}

/** The filter as query parameters, for the address bar and for GET /api/v1/customers. */
export function filterToParams(filter: CustomerFilter): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of KEYS) {
    const value = filter[key]?.trim();
    if (value) params.set(key, value);
  }
  return params;
}

export function isFiltered(filter: CustomerFilter): boolean {
  return filterToParams(filter).size > 0;
}
