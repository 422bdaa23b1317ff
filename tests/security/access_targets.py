"""How each URL's parameters are filled from the world, per variant (whose object, which city)."""

import uuid


def _round_comment(world):
    """A comment on the world's round result (made on first use)."""
    from products.models import PublicComment

    return PublicComment.objects.get_or_create(
        round=world.round, author_name="Người góp ý", defaults={"body": "Ý kiến về danh sách."}
    )[0]


def _with_suffix(kwargs_of) -> dict:
    return {"": kwargs_of, "json": lambda w: {**kwargs_of(w), "format": "json"}}


# name -> {variant: function(world) -> kwargs}
TARGETS = {
    "healthz": {"": lambda w: {}},
    "set_language": {"": lambda w: {}},
    "home": {"": lambda w: {}},
    "login": {"": lambda w: {}},
    "logout": {"": lambda w: {}},
    "start_page": {"": lambda w: {}},
    "password_reset": {"": lambda w: {}},
    "password_reset_done": {"": lambda w: {}},
    "password_reset_confirm": {"": lambda w: {"uidb64": "MQ", "token": "set-password"}},
    "password_reset_complete": {"": lambda w: {}},
    "password_change": {"": lambda w: {}},
    "password_change_done": {"": lambda w: {}},
    "enterprise_directory_export": {"csv": lambda w: {"format": "csv"}, "xlsx": lambda w: {"format": "xlsx"}},
    # enterprises
    "enterprises:directory": {"": lambda w: {}},
    "enterprises:signup": {"": lambda w: {}},
    "enterprises:profile": {"": lambda w: {}},
    "enterprises:profile_edit": {
        "a": lambda w: {"public_id": w.enterprise_a.public_id},
        "b": lambda w: {"public_id": w.enterprise_b.public_id},
    },
    "enterprises:staff_list": {"": lambda w: {}},
    "enterprises:staff_create": {"": lambda w: {}},
    "enterprises:import_upload": {"": lambda w: {}},
    "enterprises:import_template": {"": lambda w: {}},
    "enterprises:import_report": {"hcm": lambda w: {"public_id": w.import_hcm.public_id}},
    "enterprises:staff_detail": {"a": lambda w: {"public_id": w.enterprise_a.public_id}},
    "enterprises:staff_edit": {"a": lambda w: {"public_id": w.enterprise_a.public_id}},
    "enterprises:verify_accounts": {"": lambda w: {}},
    "enterprises:account_verify": {"": lambda w: {"public_id": w.account_request.public_id}},
    "enterprises:account_reject": {"": lambda w: {"public_id": w.account_request.public_id}},
    "enterprises:public_detail": {"a": lambda w: {"public_id": w.enterprise_a.public_id}},
    "enterprises:award_add": {"a": lambda w: {"public_id": w.enterprise_a.public_id}},
    "enterprises:award_remove": {
        "a": lambda w: {"public_id": w.enterprise_a.public_id, "award_id": w.extra["award"].id}
    },
    # products
    "products:registry": {"": lambda w: {}},
    "products:registry_export": {"csv": lambda w: {"format": "csv"}, "xlsx": lambda w: {"format": "xlsx"}},
    "products:verify_search": {"": lambda w: {}},
    "products:verify": {"a": lambda w: {"public_id": w.recognition_a.public_id}},
    "products:public_comments": {"": lambda w: {}},
    "products:public_comment": {"": lambda w: {"public_id": w.commented.public_id}},
    "public:round_result": {"hcm": lambda w: {"round_id": w.round.id}},
    "products:round_comments": {"hcm": lambda w: {"round_id": w.round.id}},
    "products:round_publish": {"hcm": lambda w: {"round_id": w.round.id}},
    "products:comment_paper": {"hcm": lambda w: {"round_id": w.round.id}},
    "products:comment_handle": {"hcm": lambda w: {"round_id": w.round.id, "comment_id": _round_comment(w).id}},
    "products:recognition_manage": {"a": lambda w: {"public_id": w.recognition_a.public_id}},
    # setting up and running a round (issue 16), its ranking, past decision lists and the city's catalogue
    "products:staff_rounds": {"": lambda w: {}},
    "products:round_new": {"": lambda w: {}},
    "products:round_setup": {
        "hcm": lambda w: {"round_id": w.round.id},
        "hanoi": lambda w: {"round_id": w.hanoi_round.id},
    },
    **{
        f"products:{name}": {"hcm": lambda w: {"round_id": w.round.id}}
        for name in (
            "round_copy",
            "round_criteria",
            "round_documents",
            "round_council",
            "round_assignments",
            "round_lifecycle",
            "round_ranking",
        )
    },  # fmt: skip
    **{
        f"products:criterion_{action}": {
            "hcm": lambda w: {"round_id": w.round.id, "criterion_id": w.extra["criterion"].id},
            # HCMC's item through Hanoi's round: the pair must match, not only each id
            "mixed": lambda w: {"round_id": w.hanoi_round.id, "criterion_id": w.extra["criterion"].id},
        }
        for action in ("edit", "delete")
    },
    **{
        f"products:document_type_{action}": {
            "hcm": lambda w: {"round_id": w.round.id, "document_type_id": w.extra["document_type"].id},
            # HCMC's item through Hanoi's round: the pair must match, not only each id
            "mixed": lambda w: {"round_id": w.hanoi_round.id, "document_type_id": w.extra["document_type"].id},
        }
        for action in ("edit", "delete")
    },
    **{
        f"products:council_member_{action}": {
            "hcm": lambda w: {"round_id": w.round.id, "member_id": w.extra["council_member"].id},
            # HCMC's item through Hanoi's round: the pair must match, not only each id
            "mixed": lambda w: {"round_id": w.hanoi_round.id, "member_id": w.extra["council_member"].id},
        }
        for action in ("edit", "delete")
    },
    "products:recognition_import": {"": lambda w: {}},
    "products:recognition_import_template": {"": lambda w: {}},
    "products:catalogue_manage_list": {"": lambda w: {}},
    "products:catalogue_manage": {"hcm": lambda w: {"slug": w.extra["catalogue"].slug}},
    "products:catalogue_member_remove": {"hcm": lambda w: {"member_id": w.extra["group_member"].id}},
    "products:council_close": {"hcm": lambda w: {"round_id": w.round.id}},
    # public pages of the rounds' calls, the catalogues and the dossier lookup
    "public:round_calls": {"": lambda w: {}},
    "public:round_call": {"hcm": lambda w: {"round_id": w.round.id}},
    "public:dossier_lookup": {"": lambda w: {}},
    "public:catalogues": {"": lambda w: {}},
    "public:catalogue": {"hcm": lambda w: {"slug": w.extra["catalogue"].slug}},
    "products:my_products": {"": lambda w: {}},
    "products:product_new": {"": lambda w: {}},
    "products:product_edit": {
        "a": lambda w: {"public_id": w.product_a.public_id},
        "b": lambda w: {"public_id": w.product_b.public_id},
    },
    "products:my_applications": {"": lambda w: {}},
    "products:application_new": {"": lambda w: {}},
    "products:application_edit": {"a": lambda w: {"public_id": w.application_a.public_id}},
    "products:document_upload": {"a": lambda w: {"public_id": w.application_a.public_id}},
    "products:document_delete": {
        "a": lambda w: {"public_id": w.application_a.public_id, "document_id": w.document_a.public_id}
    },
    "products:application_detail": {
        "a": lambda w: {"public_id": w.application_a.public_id},
        "b": lambda w: {"public_id": w.application_b.public_id},
        "submitted-a": lambda w: {"public_id": w.submitted_a.public_id},
        "scoring-b": lambda w: {"public_id": w.scoring_b.public_id},
    },
    "products:application_transition": {
        "a": lambda w: {"public_id": w.application_a.public_id},
        "submitted-a": lambda w: {"public_id": w.submitted_a.public_id},
    },
    "products:application_open_comment": {"a": lambda w: {"public_id": w.application_a.public_id}},
    "products:document_download": {
        "a": lambda w: {"public_id": w.application_a.public_id, "document_id": w.document_a.public_id},
        "b": lambda w: {"public_id": w.application_b.public_id, "document_id": w.document_b.public_id},
        # A's document through B's application: the pair must match, not only each id
        "mixed": lambda w: {"public_id": w.application_b.public_id, "document_id": w.document_a.public_id},
    },
    "products:certificate_pdf": {
        "a": lambda w: {"public_id": w.recognition_a.public_id},
        "b": lambda w: {"public_id": w.recognition_b.public_id},
    },
    "products:staff_applications": {"": lambda w: {}},
    "products:conflict_record": {"commented": lambda w: {"public_id": w.commented.public_id}},
    "products:staff_round": {
        "hcm": lambda w: {"round_id": w.round.id},
        "hanoi": lambda w: {"round_id": w.hanoi_round.id},
    },
    "products:council_rounds": {"": lambda w: {}},
    "products:council_round": {"hcm": lambda w: {"round_id": w.round.id}},
    "products:council_score": {
        "a": lambda w: {"round_id": w.round.id, "public_id": w.application_a.public_id},
        "scoring-b": lambda w: {"round_id": w.round.id, "public_id": w.scoring_b.public_id},
    },
    "products:council_conflict": {"a": lambda w: {"round_id": w.round.id, "public_id": w.application_a.public_id}},
    # programs
    "programs:overview": {"": lambda w: {}},
    "programs:tasks": {"": lambda w: {}},
    "programs:tasks_export": {"csv": lambda w: {"format": "csv"}, "xlsx": lambda w: {"format": "xlsx"}},
    "programs:task_detail": {"hcm": lambda w: {"public_id": w.hcm_task.public_id}},
    "programs:task_update": {
        "hcm": lambda w: {"public_id": w.hcm_task.public_id},
        "hanoi": lambda w: {"public_id": w.hanoi_task.public_id},
    },
    "programs:evidence_download": {
        "hcm": lambda w: {"public_id": w.hcm_evidence.public_id},
        "hanoi": lambda w: {"public_id": w.hanoi_evidence.public_id},
    },
    "programs:dashboard": {"hcm": lambda w: {"slug": w.hcm_program.slug}},
    "programs:indicator_value_add": {
        "hcm": lambda w: {"slug": w.hcm_program.slug, "code": w.hcm_indicator.code},
        "hanoi": lambda w: {"slug": w.hanoi_program.slug, "code": w.hanoi_indicator.code},
    },
    "programs:public_tasks": {"": lambda w: {}},
    "programs:public_tasks_export": {"csv": lambda w: {"format": "csv"}, "xlsx": lambda w: {"format": "xlsx"}},
    "programs:public_detail": {"hcm": lambda w: {"slug": w.hcm_program.slug}},
    # reports
    "reports:index": {"": lambda w: {}},
    "reports:request": {"": lambda w: {}},
    "reports:archive": {"hcm": lambda w: {"slug": w.hcm_program.slug}},
    "reports:status": {"hcm": lambda w: {"public_id": w.report.public_id}},
    "reports:download": {"hcm": lambda w: {"public_id": w.report.public_id}},
    "reports:download_annex": {
        "hcm": lambda w: {"public_id": w.report.public_id, "fmt": "pdf"},
        "hcm_missing": lambda w: {"public_id": w.report.public_id, "fmt": "xlsx"},
    },
    "reports:retry": {"failed": lambda w: {"public_id": w.failed_report.public_id}},
    "reports:document": {"hcm": lambda w: {"public_id": w.report.public_id}},
    "reports:document_open": {"hcm": lambda w: {"public_id": w.report.public_id}},
    "reports:document_docx": {"hcm": lambda w: {"public_id": w.report.public_id}},
    "reports:document_issue": {"hcm": lambda w: {"public_id": w.report.public_id}},
    "reports:verify": {"": lambda w: {}},
    "reports:verify_document": {"issued": lambda w: {"token": w.extra["issued_document"].verify_token}},
    "reports:verify_download": {"issued": lambda w: {"token": w.extra["issued_document"].verify_token}},
    # open-data API (read-only, public): each route with and without its format suffix
    "api:api-root": {"": lambda w: {}, "json": lambda w: {"format": "json"}},
    "api:schema": {"": lambda w: {}},
    "api:docs": {"": lambda w: {}},
    **{
        f"api:{basename}-list": {"": lambda w: {}, "json": lambda w: {"format": "json"}}
        for basename in (
            "program",
            "task-group",
            "task",
            "indicator",
            "indicator-value",
            "recognised-product",
            "enterprise",
            "round",
            "recognition",
        )
    },  # fmt: skip
    "api:program-detail": _with_suffix(lambda w: {"slug": w.hcm_program.slug}),
    "api:task-group-detail": _with_suffix(lambda w: {"pk": w.hcm_task.group_id}),
    "api:task-detail": _with_suffix(lambda w: {"public_id": w.hcm_task.public_id}),
    "api:indicator-detail": _with_suffix(lambda w: {"pk": w.hcm_indicator.pk}),
    "api:indicator-value-detail": _with_suffix(lambda w: {"pk": w.hcm_indicator.values.first().pk}),
    "api:recognised-product-detail": _with_suffix(lambda w: {"public_id": w.recognition_a.public_id}),
    "api:enterprise-detail": _with_suffix(lambda w: {"public_id": w.enterprise_a.public_id}),
    "api:round-detail": _with_suffix(lambda w: {"pk": w.round.id}),
    "api:recognition-detail": _with_suffix(lambda w: {"public_id": w.recognition_a.public_id}),
    # an address the router does not know: a JSON 404 for everyone, whatever the method
    "api:not-found": {"": lambda w: {"rest": "khong-co-dia-chi-nay/"}},
}


def random_id_kwargs(kwargs: dict) -> dict:
    """The same URL with every id replaced by one that exists nowhere (a fresh random UUID, a huge integer)."""
    return {key: _missing(value) for key, value in kwargs.items()}


def _missing(value):
    if isinstance(value, uuid.UUID):
        return uuid.uuid4()
    if isinstance(value, int):
        return 2**31 - 1
    return value
