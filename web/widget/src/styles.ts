/** The widget's styles, inside its shadow root: the host page's CSS cannot reach in, nor these out. */
export const STYLES = `
:host { all: initial; }
/* The page's rules for the host element beat :host, and inherited properties (font, colour, line
   height) flow in through it: the wrapper starts every one of them afresh. */
.hl { all: initial; display: block; font-size: 14px; line-height: 1.5; color: #1f1f1f; text-align: left; }
.hl * { box-sizing: border-box; font-family: -apple-system, BlinkMacSystemFont, "PingFang SC", "Microsoft YaHei", "Segoe UI", Roboto, sans-serif; }
.launcher { position: fixed; right: 20px; bottom: 20px; width: 56px; height: 56px; border-radius: 50%; border: none;
  background: #1677ff; color: #fff; cursor: pointer; box-shadow: 0 4px 14px rgba(0,0,0,.25); z-index: 2147483000;
  display: flex; align-items: center; justify-content: center; }
.launcher svg { width: 28px; height: 28px; fill: currentColor; }
.badge { position: absolute; top: -2px; right: -2px; min-width: 20px; height: 20px; border-radius: 10px; background: #ff4d4f;
  color: #fff; font-size: 12px; line-height: 20px; text-align: center; padding: 0 5px; }
.panel { position: fixed; right: 20px; bottom: 88px; width: 360px; height: min(560px, calc(100vh - 110px)); background: #fff;
  border-radius: 12px; box-shadow: 0 8px 30px rgba(0,0,0,.25); display: flex; flex-direction: column; overflow: hidden;
  z-index: 2147483000; color: #1f1f1f; font-size: 14px; }
.panel[hidden] { display: none; }
@media (max-width: 480px) { .panel { right: 0; bottom: 0; width: 100vw; height: 100vh; border-radius: 0; } }
header { background: #1677ff; color: #fff; padding: 12px 14px; display: flex; align-items: center; gap: 8px; }
header .titles { flex: 1; min-width: 0; }
header .name { font-weight: 600; font-size: 15px; }
header .status { font-size: 12px; opacity: .9; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
header button { background: transparent; border: none; color: #fff; cursor: pointer; font-size: 18px; padding: 2px 6px; }
.link { background: #fffbe6; color: #ad6800; font-size: 12px; padding: 4px 12px; }
.link[hidden] { display: none; }
.body { flex: 1; overflow-y: auto; padding: 12px; background: #f5f6f8; }
.log { display: flex; flex-direction: column; gap: 8px; }
.bubble { max-width: 80%; padding: 8px 12px; border-radius: 12px; white-space: pre-wrap; word-wrap: break-word; line-height: 1.45; }
.from-customer { align-self: flex-end; background: #1677ff; color: #fff; border-bottom-right-radius: 4px; }
.from-agent, .greeting { align-self: flex-start; background: #fff; border: 1px solid #e8e8e8; border-bottom-left-radius: 4px; }
.bubble img { display: block; max-width: 220px; max-height: 220px; border-radius: 6px; cursor: zoom-in; }
.bubble a { color: inherit; }
.note { align-self: center; color: #8c8c8c; font-size: 12px; text-align: center; }
.chat { background: #f5f6f8; }
.typing { color: #8c8c8c; font-size: 12px; padding: 0 14px 4px; min-height: 22px; }
/* Hidden but keeping its line, so the list does not jump when the agent starts typing. */
.typing[hidden] { visibility: hidden; display: block; }
.composer { display: flex; align-items: flex-end; gap: 6px; padding: 8px; border-top: 1px solid #eee; background: #fff; }
.composer textarea { flex: 1; resize: none; border: 1px solid #d9d9d9; border-radius: 8px; padding: 7px 9px; font-size: 14px;
  max-height: 110px; min-height: 36px; outline: none; }
.composer textarea:focus, form input:focus, form textarea:focus { border-color: #1677ff; }
.icon { background: transparent; border: none; cursor: pointer; color: #595959; padding: 6px; font-size: 18px; line-height: 1; }
.primary { background: #1677ff; color: #fff; border: none; border-radius: 8px; padding: 8px 14px; cursor: pointer; font-size: 14px; }
.primary:disabled { opacity: .5; cursor: default; }
.secondary { background: #fff; color: #1677ff; border: 1px solid #1677ff; border-radius: 8px; padding: 7px 12px; cursor: pointer; }
.error { color: #cf1322; font-size: 12px; padding: 0 12px 6px; }
.error:empty { display: none; }
form { display: flex; flex-direction: column; gap: 10px; padding: 14px; }
form label { display: flex; flex-direction: column; gap: 4px; font-size: 13px; color: #595959; }
form input, form textarea { border: 1px solid #d9d9d9; border-radius: 8px; padding: 8px 10px; font-size: 14px; outline: none; }
form textarea { min-height: 90px; resize: vertical; }
form p { margin: 0; color: #595959; }
form h3 { margin: 0; font-size: 16px; }
.menu { display: flex; gap: 8px; padding: 6px 12px; border-top: 1px solid #eee; background: #fafafa; flex-wrap: wrap; }
.menu button { background: none; border: none; color: #1677ff; cursor: pointer; font-size: 12px; padding: 2px 0; }
.view[hidden] { display: none; }
.view { display: flex; flex-direction: column; flex: 1; min-height: 0; }
form.view { overflow-y: auto; }
`;

/** A chat-bubble icon (inline, so the widget loads no other file). */
export const CHAT_ICON =
  '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 3C6.5 3 2 6.6 2 11c0 2.4 1.3 4.6 3.5 6L5 21l4.3-2.3c.9.2 1.8.3 2.7.3 5.5 0 10-3.6 10-8s-4.5-8-10-8z"/></svg>';

/** An image icon for the attach button. */
export const IMAGE_ICON =
  '<svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true"><path fill="currentColor" d="M19 3H5a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h14a2 2 0 0 0 2-2V5a2 2 0 0 0-2-2zm0 16H5V5h14v14zm-5-7-3 3.9-2-2.4L6 17h12l-4-5z"/></svg>';
