"""The staff workspace: program dashboards, the tasks list, task updates and indicator values.

Staff, officials and administrators read every program; only staff of the program's city (and
administrators) change anything. Views parse input, call a selector or a service, and render.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core import permissions
from core.listing import export_filtered, list_context
from core.permissions import staff_required, workspace_required
from core.uploads import download_name
from programs import caching, exports, selectors, services
from programs.filters import TaskFilter
from programs.forms import IndicatorValueForm, TaskUpdateForm

TASKS_PER_PAGE = 50


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


@require_GET
@workspace_required
def overview(request):
    content = caching.all_programs_html(
        "overview",
        (),
        lambda: render_to_string("programs/_overview_content.html", {"columns": selectors.workspace_overview()}),
    )
    return render(request, "programs/overview.html", {"content": content})


@require_GET
@workspace_required
def dashboard(request, slug):
    program = selectors.program_for_user(request.user, slug)
    if program is None:
        raise Http404
    can_edit = permissions.can_edit_program(request.user, program)

    # Rendered without the request: whoever views it, the part kept in the cache shows nothing of them but
    # whether they may edit the program, which is part of its key.
    def render_content() -> str:
        context = {"dashboard": selectors.program_dashboard(program, request.user), "can_edit": can_edit}
        return render_to_string("programs/_dashboard_content.html", context)

    content = caching.program_html("dashboard", program, (f"edit={can_edit:d}",), render_content)
    return render(request, "programs/dashboard.html", {"program": program, "content": content})


def _filtered_tasks(request) -> TaskFilter:
    return TaskFilter(request.GET or None, queryset=selectors.task_list(user=request.user))


@require_GET
@workspace_required
def task_list(request):
    context = list_context(request, _filtered_tasks(request), TASKS_PER_PAGE)
    context["today"] = timezone.localdate()
    return render(request, "programs/task_list.html", context)


@require_GET
@workspace_required
def task_export(request, format):
    return export_filtered(_filtered_tasks(request), lambda tasks: exports.tasks_response(tasks, format))


def _task_page_context(request, task, form=None) -> dict:
    can_edit = permissions.can_edit_task(request.user, task)
    return {
        "task": task,
        "today": timezone.localdate(),
        "can_edit": can_edit,
        "form": form or (TaskUpdateForm(task=task) if can_edit else None),
        "timeline": selectors.task_timeline(task),
        "audit": selectors.task_audit_trail(task),
    }


@require_GET
@workspace_required
def task_detail(request, public_id):
    task = get_object_or_404(selectors.tasks_for_user(request.user), public_id=public_id)
    return render(request, "programs/task_detail.html", _task_page_context(request, task))


def _render_row(request, task, form=None):
    """The task's row of the tasks list: its current state, or its inline update form."""
    row = selectors.task_row(task)
    if form is None:
        return render(request, "programs/_task_row.html", {"task": row, "today": timezone.localdate()})
    return render(request, "programs/_task_row_form.html", {"task": row, "form": form})


def _render_update_result(request, task, form=None, *, saved=False):
    fragment = request.POST.get("fragment") or request.GET.get("fragment")
    if fragment == "row":
        return _render_row(request, task, form)
    context = _task_page_context(request, task, form)
    context["saved"] = saved
    if fragment == "panel":
        return render(request, "programs/_task_panel.html", context)
    return render(request, "programs/task_update.html", context)


@require_http_methods(["GET", "POST"])
@staff_required
def task_update(request, public_id):
    task = get_object_or_404(selectors.tasks_for_user(request.user), public_id=public_id)
    if not permissions.can_edit_task(request.user, task):
        raise PermissionDenied  # staff of another city read the task, only not change it
    if request.method == "GET":
        form = TaskUpdateForm(task=task)
        if _is_htmx(request) and request.GET.get("fragment") == "row":
            return _render_row(request, task, form)
        return _render_update_result(request, task, form)

    form = TaskUpdateForm(request.POST, request.FILES, task=task)
    if form.is_valid():
        try:
            services.task_update_record(task=task, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
    if not form.is_valid():
        if _is_htmx(request):
            return _render_update_result(request, task, form)
        return _render_update_page(request, task, form)

    if _is_htmx(request):
        return _render_update_result(request, task, saved=True)
    messages.success(request, _("Đã ghi nhận cập nhật nhiệm vụ."))
    return redirect("programs:task_detail", public_id=task.public_id)


def _render_update_page(request, task, form):
    return render(request, "programs/task_update.html", _task_page_context(request, task, form))


@require_http_methods(["GET", "POST"])
@staff_required
def indicator_value_add(request, slug, code):
    indicator = get_object_or_404(selectors.indicators_for_user(request.user), program__slug=slug, code=code)
    if not permissions.can_edit_indicator(request.user, indicator):
        raise PermissionDenied
    form = IndicatorValueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_value_record(indicator=indicator, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã ghi nhận số liệu chỉ tiêu."))
            return redirect("programs:dashboard", slug=indicator.program.slug)
    return render(request, "programs/indicator_value_form.html", {"indicator": indicator, "form": form})


@require_GET
@workspace_required
def evidence_download(request, public_id):
    update = get_object_or_404(selectors.task_updates_for_user(request.user), public_id=public_id)
    if not update.evidence:
        raise Http404
    try:
        handle = update.evidence.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=download_name(update.evidence_name, "minh-chung"),
        content_type=update.evidence_content_type or "application/octet-stream",
    )
    response["Cache-Control"] = "private, no-store"
    return response
