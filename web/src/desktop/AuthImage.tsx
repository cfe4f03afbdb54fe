import { Image } from 'antd';
import { useEffect, useState } from 'react';
import { session } from '../api/client.ts';

/**
 * An image the API serves only with the session's token (a chat attachment): fetched with
 * the bearer header and shown from a blob URL, with a click-to-enlarge preview.
 */
export function AuthImage({ url, alt }: { url: string; alt: string }) {
  const [src, setSrc] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let objectUrl: string | null = null;
    let current = true;
    fetch(url, { headers: { authorization: `Bearer ${session.token ?? ''}` } })
      .then((res) => (res.ok ? res.blob() : Promise.reject(new Error(String(res.status)))))
      .then((blob) => {
        if (!current) return;
        objectUrl = URL.createObjectURL(blob);
        setSrc(objectUrl);
      })
      .catch(() => current && setFailed(true));
    return () => {
      current = false;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [url]);

  if (failed) return <span className="muted small">{alt}</span>;
  if (!src) return <span className="chat-image-placeholder" />;
  return <Image src={src} alt={alt} className="chat-image" width={180} data-testid="chat-image" />;
}
