"""The portal's URLs plus a stand-in for every navigation target another app has not wired yet.

The navigation shows a link only when its URL exists, so the role tests need all of them to exist.
"""

from django.http import HttpResponse
from django.urls import get_resolver, include, path

from portal.urls import urlpatterns as portal_urlpatterns

NAV_TARGETS = {
    "products": ["registry", "staff_applications", "my_applications", "my_products", "council_rounds"],
    "enterprises": ["directory", "verify_accounts", "profile", "staff_list"],
    "programs": ["overview", "tasks"],
    "reports": ["index"],
    "api": ["docs"],
}


def _stand_in(request):
    return HttpResponse("stand-in")


def _stand_ins(namespace: str, names: list[str]):
    patterns = [path(f"{namespace}/{name}/", _stand_in, name=name) for name in names]
    return path(f"stand-in/{namespace}/", include((patterns, namespace)))


_wired = get_resolver("portal.urls").namespace_dict
urlpatterns = list(portal_urlpatterns) + [
    _stand_ins(namespace, names) for namespace, names in NAV_TARGETS.items() if namespace not in _wired
]
