"""A city's catalogue of key and potential product groups: the decision, what it replaces, the groups and the
enterprises listed in each (public fields only, linked to their public pages)."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core import permissions
from products import catalogue


@require_GET
def catalogue_list(request):
    return render(request, "public/catalogues.html", {"catalogues": list(catalogue.public_catalogues())})


@require_GET
def catalogue_detail(request, slug):
    record = catalogue.get_catalogue(slug)
    if record is None:
        raise Http404
    groups = catalogue.catalogue_groups(record)
    context = {
        "catalogue": record,
        "key_groups": [group for group in groups if group.kind == "key"],
        "potential_groups": [group for group in groups if group.kind == "potential"],
        "unclassified_groups": [group for group in groups if not group.kind],
        "can_manage": permissions.is_staff_member(request.user)
        and permissions.can_edit_city(request.user, record.city_id),
    }
    return render(request, "public/catalogue.html", context)
