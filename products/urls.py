from django.urls import path

from products.views import catalogue, council, decision, enterprise, history, ranking, rounds, shared, staff

app_name = "products"

urlpatterns = [
    # The registry, verification and public comment pages (public/urls.py) come first.
    # Enterprise
    path("cua-toi/san-pham/", enterprise.my_products, name="my_products"),
    path("cua-toi/san-pham/them/", enterprise.product_new, name="product_new"),
    path("cua-toi/san-pham/<uuid:public_id>/sua/", enterprise.product_edit, name="product_edit"),
    path("cua-toi/ho-so/", enterprise.my_applications, name="my_applications"),
    path("cua-toi/ho-so/tao/", enterprise.application_new, name="application_new"),
    path("ho-so/<uuid:public_id>/sua/", enterprise.application_edit, name="application_edit"),
    path("ho-so/<uuid:public_id>/tai-lieu/", enterprise.document_upload, name="document_upload"),
    path("ho-so/<uuid:public_id>/tai-lieu/<uuid:document_id>/xoa/", enterprise.document_delete, name="document_delete"),
    # Every party to an application
    path("ho-so/<uuid:public_id>/", shared.application_detail, name="application_detail"),
    path("ho-so/<uuid:public_id>/chuyen-trang-thai/", shared.application_transition, name="application_transition"),
    path("ho-so/<uuid:public_id>/lay-y-kien/", shared.application_open_comment, name="application_open_comment"),
    path("ho-so/<uuid:public_id>/tai-lieu/<uuid:document_id>/", shared.document_download, name="document_download"),
    path("chung-nhan/<uuid:public_id>/pdf/", shared.certificate_pdf, name="certificate_pdf"),
    # Staff
    path("quan-ly/ho-so/", staff.staff_applications, name="staff_applications"),
    path("quan-ly/dot/<int:round_id>/", staff.staff_round, name="staff_round"),
    # Round set-up (products/views/rounds.py)
    path("quan-ly/dot-xet-chon/", rounds.staff_rounds, name="staff_rounds"),
    path("quan-ly/dot-xet-chon/tao/", rounds.round_new, name="round_new"),
    path("quan-ly/dot/<int:round_id>/sao-chep/", rounds.round_copy, name="round_copy"),
    path("quan-ly/dot/<int:round_id>/thiet-lap/", rounds.round_setup, name="round_setup"),
    path("quan-ly/dot/<int:round_id>/tieu-chi/", rounds.round_criteria, name="round_criteria"),
    path("quan-ly/dot/<int:round_id>/tieu-chi/<int:criterion_id>/", rounds.criterion_edit, name="criterion_edit"),
    path(
        "quan-ly/dot/<int:round_id>/tieu-chi/<int:criterion_id>/xoa/", rounds.criterion_delete, name="criterion_delete"
    ),
    path("quan-ly/dot/<int:round_id>/tai-lieu/", rounds.round_documents, name="round_documents"),
    path(
        "quan-ly/dot/<int:round_id>/tai-lieu/<int:document_type_id>/",
        rounds.document_type_edit,
        name="document_type_edit",
    ),
    path(
        "quan-ly/dot/<int:round_id>/tai-lieu/<int:document_type_id>/xoa/",
        rounds.document_type_delete,
        name="document_type_delete",
    ),
    path("quan-ly/dot/<int:round_id>/hoi-dong/", rounds.round_council, name="round_council"),
    path(
        "quan-ly/dot/<int:round_id>/hoi-dong/<int:member_id>/", rounds.council_member_edit, name="council_member_edit"
    ),
    path(
        "quan-ly/dot/<int:round_id>/hoi-dong/<int:member_id>/xoa/",
        rounds.council_member_delete,
        name="council_member_delete",
    ),
    path("quan-ly/dot/<int:round_id>/phan-cong/", rounds.round_assignments, name="round_assignments"),
    path("quan-ly/dot/<int:round_id>/nhan-ho-so/", rounds.round_lifecycle, name="round_lifecycle"),
    path("quan-ly/dot/<int:round_id>/xep-hang/", ranking.round_ranking, name="round_ranking"),
    path("quan-ly/dot/<int:round_id>/y-kien/", decision.round_comments, name="round_comments"),
    path("quan-ly/dot/<int:round_id>/cong-bo-ket-qua/", decision.round_publish, name="round_publish"),
    path("quan-ly/dot/<int:round_id>/y-kien/van-ban/", decision.comment_paper, name="comment_paper"),
    path("quan-ly/dot/<int:round_id>/y-kien/<int:comment_id>/xu-ly/", decision.comment_handle, name="comment_handle"),
    path("quan-ly/cong-nhan/<uuid:public_id>/", decision.recognition_manage, name="recognition_manage"),
    path("quan-ly/ho-so/<uuid:public_id>/xung-dot/", staff.conflict_record, name="conflict_record"),
    path("quan-ly/cong-nhan/nhap/", history.recognition_import, name="recognition_import"),
    path("quan-ly/cong-nhan/nhap/mau.xlsx", history.recognition_import_template, name="recognition_import_template"),
    path("quan-ly/danh-muc-nhom/", catalogue.catalogue_manage_list, name="catalogue_manage_list"),
    path("quan-ly/danh-muc-nhom/<slug:slug>/", catalogue.catalogue_manage, name="catalogue_manage"),
    path(
        "quan-ly/danh-muc-nhom/thanh-vien/<int:member_id>/bo/",
        catalogue.catalogue_member_remove,
        name="catalogue_member_remove",
    ),
    # Council
    path("hoi-dong/", council.council_rounds, name="council_rounds"),
    path("hoi-dong/dot/<int:round_id>/", council.council_round, name="council_round"),
    path("hoi-dong/dot/<int:round_id>/ket-thuc-cham-diem/", council.council_close, name="council_close"),
    path("hoi-dong/dot/<int:round_id>/ho-so/<uuid:public_id>/", council.council_score, name="council_score"),
    path(
        "hoi-dong/dot/<int:round_id>/ho-so/<uuid:public_id>/xung-dot/",
        council.council_conflict,
        name="council_conflict",
    ),
]
