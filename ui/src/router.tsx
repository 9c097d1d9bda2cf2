import { type AnchorHTMLAttributes, type MouseEvent, useSyncExternalStore } from 'react';

const subscribers = new Set<() => void>();

function subscribe(cb: () => void): () => void {
  subscribers.add(cb);
  window.addEventListener('popstate', cb);
  return () => {
    subscribers.delete(cb);
    window.removeEventListener('popstate', cb);
  };
}

const snapshot = () => `${location.pathname}${location.search}`;

/** Goes to a path inside the app without reloading. */
export function navigate(to: string, replace = false): void {
  if (to === snapshot()) return;
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  window.scrollTo(0, 0);
  for (const s of subscribers) s();
}

/** The current path and query, re-rendering on navigation. */
export function useLocation(): { path: string; params: URLSearchParams } {
  const at = useSyncExternalStore(subscribe, snapshot);
  const url = new URL(at, location.origin);
  return { path: url.pathname, params: url.searchParams };
}

/** Matches `/loops/:name` style patterns; returns the parameters or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/');
  const s = path.replace(/\/+$/, '').split('/');
  if (p.length !== s.length) return null;
  const out: Record<string, string> = {};
  for (const [i, part] of p.entries()) {
    const seg = s[i] ?? '';
    if (part.startsWith(':')) out[part.slice(1)] = decodeURIComponent(seg);
    else if (part !== seg) return null;
  }
  return out;
}

/** An in-app link: a real anchor (open in a new tab works), navigating in place on a plain click. */
export function Link({ to, ...rest }: { to: string } & AnchorHTMLAttributes<HTMLAnchorElement>) {
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    rest.onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
  return <a {...rest} href={to} onClick={onClick} />;
}
