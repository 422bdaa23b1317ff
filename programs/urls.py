from django.urls import path, re_path

from programs.views import staff

app_name = "programs"

urlpatterns = [
    path("theo-doi/", staff.overview, name="overview"),
    path("theo-doi/nhiem-vu/", staff.task_list, name="tasks"),
    re_path(r"^theo-doi/nhiem-vu/xuat\.(?P<format>csv|xlsx)$", staff.task_export, name="tasks_export"),
    path("theo-doi/nhiem-vu/<uuid:public_id>/", staff.task_detail, name="task_detail"),
    path("theo-doi/nhiem-vu/<uuid:public_id>/cap-nhat/", staff.task_update, name="task_update"),
    path("theo-doi/minh-chung/<uuid:public_id>/", staff.evidence_download, name="evidence_download"),
    path("theo-doi/<slug:slug>/", staff.dashboard, name="dashboard"),
    path(
        "theo-doi/<slug:slug>/chi-tieu/<slug:code>/nhap-so-lieu/",
        staff.indicator_value_add,
        name="indicator_value_add",
    ),
]
