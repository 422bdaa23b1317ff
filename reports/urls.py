from django.urls import path

from reports import document_views, views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("yeu-cau/", views.request_report, name="request"),
    path("chuong-trinh/<slug:slug>/", views.archive, name="archive"),
    path("<uuid:public_id>/", views.status, name="status"),
    path("<uuid:public_id>/tai-ve/", views.download, name="download"),
    path("<uuid:public_id>/phu-luc/<slug:fmt>/", views.download_annex, name="download_annex"),
    path("<uuid:public_id>/tao-lai/", views.retry, name="retry"),
    # The report as an issued document: draft, DOCX, issue; and the public verification of issued ones.
    path("<uuid:public_id>/van-ban/", document_views.document_detail, name="document"),
    path("<uuid:public_id>/van-ban/soan/", document_views.document_open, name="document_open"),
    path("<uuid:public_id>/van-ban/du-thao.docx", document_views.document_docx, name="document_docx"),
    path("<uuid:public_id>/van-ban/ban-hanh/", document_views.document_issue, name="document_issue"),
    path("xac-minh/", document_views.verify, name="verify"),
    path("xac-minh/<uuid:token>/", document_views.verify_document, name="verify_document"),
    path("xac-minh/<uuid:token>/tai-ve/", document_views.verify_download, name="verify_download"),
]
