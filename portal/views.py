from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal.health import broker_ok, database_ok
from programs.selectors import program_overview_list


@require_GET
@never_cache
def healthz(request):
    db_up, db_detail = database_ok()
    broker_up, broker_detail = broker_ok()
    status = 200 if db_up and broker_up else 503
    return JsonResponse(
        {"status": "ok" if status == 200 else "degraded", "database": db_detail, "broker": broker_detail},
        status=status,
    )


def home(request):
    overviews = program_overview_list()
    return render(
        request,
        "portal/home.html",
        {
            "programs": overviews,
            "city_count": len({o.program.city_id for o in overviews}),
            "group_count": sum(o.group_count for o in overviews),
            "deployed_group_count": sum(o.deployed_group_count for o in overviews),
        },
    )
