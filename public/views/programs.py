"""Pages anyone may open without logging in: a program's promises and progress, and its tasks.

Only public fields reach these pages: a task's notes, evidence files and authors stay in the workspace.
"""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.listing import export_filtered, list_context
from programs import exports
from programs.filters import PublicTaskFilter
from public import selectors

TASKS_PER_PAGE = 50


@require_GET
def program_detail(request, slug):
    program = selectors.get_public_program(slug)
    if program is None:
        raise Http404
    return render(request, "public/program_detail.html", {"page": selectors.public_program_page(program)})


def _filtered_tasks(request) -> PublicTaskFilter:
    return PublicTaskFilter(request.GET or None, queryset=selectors.public_tasks())


@require_GET
def task_list(request):
    # The workspace's list template without its staff actions and links.
    context = list_context(request, _filtered_tasks(request), TASKS_PER_PAGE)
    return render(request, "programs/task_list.html", {**context, "public": True})


@require_GET
def task_export(request, format):
    return export_filtered(_filtered_tasks(request), lambda tasks: exports.tasks_response(tasks, format))
