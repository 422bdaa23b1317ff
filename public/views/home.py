"""The home page: every published programme with its progress, and the totals across them."""

from django.shortcuts import render

from public.selectors import public_program_overviews


def home(request):
    overviews = public_program_overviews()
    return render(
        request,
        "public/home.html",
        {
            "programs": overviews,
            "city_count": len({o.program.city_id for o in overviews}),
            "group_count": sum(o.group_count for o in overviews),
            "deployed_group_count": sum(o.deployed_group_count for o in overviews),
        },
    )
