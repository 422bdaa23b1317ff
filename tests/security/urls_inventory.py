"""Every URL pattern the portal answers, read from the resolver, so that a new URL cannot go unchecked."""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name", or the route text for the few unnamed patterns (admin internals)
    route: str


def _walk(patterns, prefix: str = "", namespace: str | None = None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            if pattern.name:
                yield Route(f"{namespace}:{pattern.name}" if namespace else pattern.name, route)
            else:
                yield Route(route, route)


def all_routes() -> list[Route]:
    return list(_walk(get_resolver().url_patterns))
