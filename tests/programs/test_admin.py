import pytest
from django.urls import reverse

from programs.models import City, Indicator, IndicatorValue, Program, Task, TaskGroup, TaskUpdate

MODELS = [City, Program, TaskGroup, Task, TaskUpdate, Indicator, IndicatorValue]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_admin_changelist_and_change_pages_load(login, cast, hcm_program, hanoi_program, hcm_task, model):
    from programs.services import task_update_record

    task_update_record(
        task=hcm_task,
        actor=cast.staff_hcm,
        date=hcm_task.due_date.replace(year=2023),
        status="in_progress",
        progress=10,
    )
    client = login(cast.admin)
    meta = model._meta
    assert client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")).status_code == 200
    obj = model.objects.first()
    assert client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])).status_code == 200
    if hasattr(model, "history"):
        history_url = reverse(f"admin:{meta.app_label}_{meta.model_name}_history", args=[obj.pk])
        assert client.get(history_url).status_code == 200
