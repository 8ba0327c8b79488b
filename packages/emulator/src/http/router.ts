import type { IncomingHttpHeaders } from 'node:http';
import type { HttpRequest, HttpResponse } from '../plugin.js';
import { HttpError } from './http-error.js';

/** A route of the emulator's HTTP server (built-in or from a plugin). @internal */
export interface RouterRoute {
  /** Method, or several; `HEAD` requests fall back to `GET` routes. */
  method: string;
  /** Exact path, or a RegExp matched against the whole path (groups become params). */
  path: string | RegExp;
  /** Vendor that contributed the route (`''` for built-in routes). */
  vendor: string;
  /** Answers the request. */
  handler(req: HttpRequest): HttpResponse | Promise<HttpResponse>;
}

/** Result of {@link Router.match}. @internal */
export type RouteMatch = { route: RouterRoute; params: string[] } | { allow: string[] } | undefined;

function pathMatch(route: RouterRoute, path: string): string[] | undefined {
  if (typeof route.path === 'string') return route.path === path ? [] : undefined;
  route.path.lastIndex = 0;
  const m = route.path.exec(path);
  if (!m || m[0] !== path) return undefined;
  return m.slice(1).map((g) => g ?? '');
}

/** A tiny first-match router. @internal */
export class Router {
  private readonly routes: RouterRoute[] = [];

  /** Adds routes, matched in insertion order. */
  add(...routes: RouterRoute[]): void {
    this.routes.push(...routes);
  }

  /**
   * @returns the route and its RegExp groups; `{ allow }` when the path exists with other methods; undefined when unknown
   */
  match(method: string, path: string): RouteMatch {
    const allow = new Set<string>();
    for (const route of this.routes) {
      const params = pathMatch(route, path);
      if (!params) continue;
      if (route.method === method || (method === 'HEAD' && route.method === 'GET')) return { route, params };
      allow.add(route.method);
    }
    return allow.size > 0 ? { allow: [...allow] } : undefined;
  }
}

/**
 * Builds the {@link HttpRequest} handed to routes.
 * @internal
 */
export function makeRequest(method: string, path: string, query: URLSearchParams, headers: IncomingHttpHeaders, body: Buffer, params: string[]): HttpRequest {
  return {
    method,
    path,
    query,
    headers,
    body,
    params,
    json<T = unknown>(): T {
      const text = body.toString('utf8');
      if (text.trim() === '') throw new HttpError(400, 'request body must be JSON (it is empty)');
      try {
        return JSON.parse(text) as T;
      } catch (err) {
        throw new HttpError(400, `request body is not valid JSON: ${(err as Error).message}`);
      }
    },
  };
}
