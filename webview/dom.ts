/**
 * A small element builder: the panel is built in code (the CSP allows no
 * inline markup tricks), with ids, classes and ARIA attributes set here.
 * Never sets `style` attributes (blocked by the CSP); sizes go through CSS
 * classes or CSSOM properties.
 */

type Attrs = Record<string, string | number | boolean | undefined>;
type Child = Node | string | undefined | false;

/** `h('div', { id: 'x', class: 'y', 'aria-label': 'z' }, child…)`; `true` sets an empty attribute, false/undefined skip it. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== undefined && c !== false) el.append(c);
  return el;
}

/** Looks up an element that main.ts created; a missing one is a bug worth a clear message. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`panel element #${id} is missing`);
  return el as T;
}

/** Calls `fn` at most once per `ms`, with the latest arguments, after the calls stop. */
export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number): (...args: A) => void {
  let t: ReturnType<typeof setTimeout> | undefined;
  return (...args: A) => {
    if (t !== undefined) clearTimeout(t);
    t = setTimeout(() => fn(...args), ms);
  };
}

/** Sets an element's text only when it differs: an unchanged write still costs the renderer a style pass. */
export function setText(el: HTMLElement, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

/** Sets an element's class list only when it differs (see setText). */
export function setClass(el: HTMLElement, className: string): void {
  if (el.className !== className) el.className = className;
}
