from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("yeu-cau/", views.request_report, name="request"),
    path("chuong-trinh/<slug:slug>/", views.archive, name="archive"),
    path("<uuid:public_id>/", views.status, name="status"),
    path("<uuid:public_id>/tai-ve/", views.download, name="download"),
    path("<uuid:public_id>/tao-lai/", views.retry, name="retry"),
]
