import { useEffect, useState } from 'react';
import { session } from '../../api/client.ts';

/**
 * A recording as a blob URL: an audio element cannot send the session's bearer token, so the
 * WAV is fetched with it (as AuthImage does for chat images). Null while loading; 'failed'
 * when the server refused it or it is gone.
 */
export function useRecordingUrl(url: string | null): string | null | 'failed' {
  const [src, setSrc] = useState<string | null | 'failed'>(null);
  useEffect(() => {
    if (!url) return;
    let objectUrl: string | null = null;
    let current = true;
    setSrc(null);
    fetch(url, { headers: { authorization: `Bearer ${session.token ?? ''}` } })
      .then((res) => (res.ok ? res.blob() : Promise.reject(new Error(String(res.status)))))
      .then((blob) => {
        if (!current) return;
        objectUrl = URL.createObjectURL(blob);
        setSrc(objectUrl);
      })
      .catch(() => current && setSrc('failed'));
    return () => {
      current = false;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [url]);
  return src;
}
