/**
 * Dispatch through a routing table typed by the protocol (`HostRoutes`): the table has exactly one
 * handler per webview message type, so adding a message without handling it does not compile.
 */
import type { FromWebviewMessage, FromWebviewOf, HostRoutes } from '../shared/protocol';

/** Calls the handler for `m.type`. */
export function route<T extends FromWebviewMessage['type']>(routes: Pick<HostRoutes, T>, m: FromWebviewOf<T>): void {
  // The one cast: TypeScript cannot tie `routes[m.type]` to `m`'s own type, which the mapped type guarantees.
  (routes[m.type as T] as (message: FromWebviewOf<T>) => void)(m);
}
