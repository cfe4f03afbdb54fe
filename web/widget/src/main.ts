import { HotlineWidget } from './widget.ts';

/**
 * The embed: `<script src="https://hotline.example.com/widget.js" data-site-key="wc_…" async></script>`.
 * Optional `data-lang="zh-CN|en"`. The widget talks to the server the script came from.
 */
declare global {
  interface Window {
    __hotlineWidget?: boolean;
  }
}

function boot() {
  const script =
    (document.currentScript as HTMLScriptElement | null) ??
    document.querySelector<HTMLScriptElement>('script[data-site-key]');
  const siteKey = script?.dataset.siteKey;
  if (!script || !siteKey) {
    console.warn('Hotline chat: the script tag needs data-site-key');
    return;
  }
  // One widget per page, even if the tag is pasted twice.
  if (window.__hotlineWidget) return;
  window.__hotlineWidget = true;
  const base = new URL(script.src, location.href).origin;
  const start = () => {
    // A tag of its own, so no page rule for div (or any other element) matches the host.
    const host = document.createElement('hotline-chat-widget');
    document.body.append(host);
    void new HotlineWidget(host, { base, siteKey, lang: script.dataset.lang }).mount();
  };
  if (document.body) start();
  else document.addEventListener('DOMContentLoaded', start, { once: true });
}

boot();
