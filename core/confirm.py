"""The confirmation step of irreversible actions, for every app: it works without JavaScript.

The action's button posts its form as usual. Without `confirm=1` the view answers with a page that says what
will happen and repeats the submitted values in a form of its own; only that form's post, which carries
`confirm=1`, performs the action. The view validates its form first, so the page is shown only for an action
that can go ahead, and the action's rules stay in its service.
"""

from collections.abc import Iterable, Sequence

from django.shortcuts import render

CONFIRM_FIELD = "confirm"
_NOT_REPEATED = {"csrfmiddlewaretoken", CONFIRM_FIELD}


def is_confirmed(request) -> bool:
    return request.method == "POST" and request.POST.get(CONFIRM_FIELD) == "1"


def render_confirmation(
    request,
    *,
    title: str,
    consequences: Iterable[str],
    confirm_label: str,
    cancel_url: str,
    subject: str = "",
    summary: Sequence[tuple[str, object]] = (),
    form=None,
    danger: bool = False,
    template: str = "core/confirm.html",
    extra: dict | None = None,
):
    """The confirmation page for the posted action. `form`, when given, is shown for a last look and edit
    (a reason, a note); every other submitted value is carried along unchanged in hidden fields."""
    shown = {form[name].html_name for name in form.fields} if form is not None else set()
    hidden = [
        (name, value)
        for name in request.POST
        if name not in _NOT_REPEATED and name not in shown
        for value in request.POST.getlist(name)
    ]
    context = {
        "title": title,
        "subject": subject,
        "summary": summary,
        "consequences": list(consequences),
        "confirm_label": confirm_label,
        "cancel_url": cancel_url,
        "action_url": request.get_full_path(),
        "hidden": hidden,
        "form": form,
        "danger": danger,
        **(extra or {}),
    }
    return render(request, template, context)
