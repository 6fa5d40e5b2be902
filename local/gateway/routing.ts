/** Matches a request path against the route table's `{param}` templates, most specific template first. */
import type { Route } from '#catalogue/routes';

export interface CompiledRoute {
  readonly route: Route;
  readonly pattern: RegExp;
  readonly params: readonly string[];
}

export interface RouteMatch {
  readonly route: Route;
  readonly pathParameters: Record<string, string> | null;
}

export function compileRoutes(routes: readonly Route[]): CompiledRoute[] {
  const compiled = routes.map((route) => {
    const params: string[] = [];
    const source = route.path
      .split('/')
      .map((segment) => {
        const param = /^\{(\w+)\}$/.exec(segment);
        if (!param?.[1]) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        params.push(param[1]);
        return '([^/]+)';
      })
      .join('/');
    return { route, pattern: new RegExp(`^${source}$`), params };
  });
  // A literal segment wins over a parameter, as in API Gateway.
  return compiled.sort((a, b) => a.params.length - b.params.length);
}

/** `undefined` when no route has this path; `'method'` when the path exists for other methods only. */
export function matchRoute(routes: CompiledRoute[], method: string, path: string): RouteMatch | 'method' | undefined {
  let pathKnown = false;
  for (const { route, pattern, params } of routes) {
    const found = pattern.exec(path);
    if (!found) continue;
    pathKnown = true;
    if (route.method !== method) continue;
    if (params.length === 0) return { route, pathParameters: null };
    const pathParameters: Record<string, string> = {};
    params.forEach((name, i) => {
      pathParameters[name] = safeDecode(found[i + 1] ?? '');
    });
    return { route, pathParameters };
  }
  return pathKnown ? 'method' : undefined;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
