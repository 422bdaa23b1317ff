"""Who reaches what: every URL of the portal × every role × GET and POST, against the expected status.

The routes come from the resolver itself, so a URL added without a row here fails
`test_every_url_has_a_row`. Codes: a number is the status; "L" is a redirect to the portal's login page,
"A" a redirect to the administration's login page. Roles, in column order: anonymous, enterprise A,
enterprise B, staff of HCMC, staff of Hanoi, official, administrator.

Objects of another enterprise answer exactly what a missing id answers (`test_foreign_object_is_a_missing_one`).
"""

import re
from http.cookies import SimpleCookie

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.security.access_targets import TARGETS, random_id_kwargs
from tests.security.urls_inventory import all_routes
from tests.security.world import ROLES

pytestmark = pytest.mark.django_db

# (URL name, variant of its parameters, method, expected status per role in ROLES order)
TABLE = [
    ("healthz", "", "GET", "200 200 200 200 200 200 200"),
    ("healthz", "", "POST", "405 405 405 405 405 405 405"),
    ("set_language", "", "GET", "302 302 302 302 302 302 302"),
    ("set_language", "", "POST", "302 302 302 302 302 302 302"),
    ("home", "", "GET", "200 200 200 200 200 200 200"),
    ("home", "", "POST", "200 200 200 200 200 200 200"),
    ("login", "", "GET", "200 200 200 200 200 200 200"),
    ("login", "", "POST", "200 200 200 200 200 200 200"),
    ("logout", "", "GET", "405 405 405 405 405 405 405"),
    ("logout", "", "POST", "302 302 302 302 302 302 302"),
    ("start_page", "", "GET", "L 302 302 302 302 302 302"),
    ("start_page", "", "POST", "405 405 405 405 405 405 405"),
    ("password_reset", "", "GET", "200 200 200 200 200 200 200"),
    ("password_reset", "", "POST", "200 200 200 200 200 200 200"),
    ("password_reset_done", "", "GET", "200 200 200 200 200 200 200"),
    ("password_reset_done", "", "POST", "405 405 405 405 405 405 405"),
    ("password_reset_confirm", "", "GET", "200 200 200 200 200 200 200"),
    ("password_reset_confirm", "", "POST", "200 200 200 200 200 200 200"),
    ("password_reset_complete", "", "GET", "200 200 200 200 200 200 200"),
    ("password_reset_complete", "", "POST", "405 405 405 405 405 405 405"),
    ("password_change", "", "GET", "L 200 200 200 200 200 200"),
    ("password_change", "", "POST", "L 200 200 200 200 200 200"),
    ("password_change_done", "", "GET", "L 200 200 200 200 200 200"),
    ("password_change_done", "", "POST", "L 405 405 405 405 405 405"),
    ("enterprise_directory_export", "csv", "GET", "200 200 200 200 200 200 200"),
    ("enterprise_directory_export", "csv", "POST", "405 405 405 405 405 405 405"),
    ("enterprise_directory_export", "xlsx", "GET", "200 200 200 200 200 200 200"),
    ("enterprise_directory_export", "xlsx", "POST", "405 405 405 405 405 405 405"),
    # enterprises: public pages, the enterprise's own profile, staff pages (city-scoped records)
    ("enterprises:directory", "", "GET", "200 200 200 200 200 200 200"),
    ("enterprises:directory", "", "POST", "200 200 200 200 200 200 200"),
    ("enterprises:signup", "", "GET", "200 302 302 302 302 302 302"),
    ("enterprises:signup", "", "POST", "200 302 302 302 302 302 302"),
    ("enterprises:profile", "", "GET", "L 200 200 403 403 403 403"),
    ("enterprises:profile", "", "POST", "L 200 200 403 403 403 403"),
    ("enterprises:profile_edit", "a", "GET", "L 200 404 403 403 403 403"),
    ("enterprises:profile_edit", "a", "POST", "L 200 404 403 403 403 403"),
    ("enterprises:profile_edit", "b", "GET", "L 404 200 403 403 403 403"),
    ("enterprises:profile_edit", "b", "POST", "L 404 200 403 403 403 403"),
    ("enterprises:staff_list", "", "GET", "L 403 403 200 200 200 200"),
    ("enterprises:staff_list", "", "POST", "L 403 403 200 200 200 200"),
    ("enterprises:staff_create", "", "GET", "L 403 403 200 200 403 200"),
    ("enterprises:staff_create", "", "POST", "L 403 403 200 200 403 200"),
    ("enterprises:import_upload", "", "GET", "L 403 403 200 200 403 200"),
    ("enterprises:import_upload", "", "POST", "L 403 403 200 200 403 200"),
    ("enterprises:import_template", "", "GET", "L 403 403 200 200 403 200"),
    ("enterprises:import_template", "", "POST", "L 403 403 200 200 403 200"),
    ("enterprises:import_report", "hcm", "GET", "L 403 403 200 404 403 200"),
    ("enterprises:import_report", "hcm", "POST", "L 403 403 200 404 403 200"),
    ("enterprises:staff_detail", "a", "GET", "L 403 403 200 404 200 200"),
    ("enterprises:staff_detail", "a", "POST", "L 403 403 200 404 200 200"),
    ("enterprises:staff_edit", "a", "GET", "L 403 403 200 404 403 200"),
    ("enterprises:staff_edit", "a", "POST", "L 403 403 200 404 403 200"),
    # An enterprise's awards are recorded and removed by the staff of its city, as its record is edited.
    ("enterprises:award_add", "a", "GET", "L 403 403 200 404 403 200"),
    ("enterprises:award_add", "a", "POST", "L 403 403 200 404 403 200"),
    ("enterprises:award_remove", "a", "GET", "L 403 403 405 405 403 405"),
    ("enterprises:award_remove", "a", "POST", "L 403 403 200 404 403 200"),
    ("enterprises:verify_accounts", "", "GET", "L 403 403 200 200 403 200"),
    ("enterprises:verify_accounts", "", "POST", "L 403 403 200 200 403 200"),
    ("enterprises:account_verify", "", "GET", "L 403 403 405 405 403 405"),
    # An irreversible action's first post answers its confirmation page (200); only a confirmed one acts.
    ("enterprises:account_verify", "", "POST", "L 403 403 200 404 403 200"),
    ("enterprises:account_reject", "", "GET", "L 403 403 405 405 403 405"),
    ("enterprises:account_reject", "", "POST", "L 403 403 200 404 403 200"),
    ("enterprises:public_detail", "a", "GET", "200 200 200 200 200 200 200"),
    ("enterprises:public_detail", "a", "POST", "200 200 200 200 200 200 200"),
    # products: public registry and comments, enterprise pages, dossiers, staff and council
    ("products:registry", "", "GET", "200 200 200 200 200 200 200"),
    ("products:registry", "", "POST", "200 200 200 200 200 200 200"),
    ("products:registry_export", "csv", "GET", "200 200 200 200 200 200 200"),
    ("products:registry_export", "csv", "POST", "405 405 405 405 405 405 405"),
    ("products:registry_export", "xlsx", "GET", "200 200 200 200 200 200 200"),
    ("products:registry_export", "xlsx", "POST", "405 405 405 405 405 405 405"),
    ("products:verify_search", "", "GET", "200 200 200 200 200 200 200"),
    ("products:verify_search", "", "POST", "200 200 200 200 200 200 200"),
    ("products:verify", "a", "GET", "200 200 200 200 200 200 200"),
    ("products:verify", "a", "POST", "200 200 200 200 200 200 200"),
    ("products:public_comments", "", "GET", "200 200 200 200 200 200 200"),
    ("products:public_comments", "", "POST", "200 200 200 200 200 200 200"),
    # The former page of one dossier in public comment leads to its round's published result (issue 16).
    ("products:public_comment", "", "GET", "302 302 302 302 302 302 302"),
    ("products:public_comment", "", "POST", "302 302 302 302 302 302 302"),
    ("public:round_result", "hcm", "GET", "200 200 200 200 200 200 200"),
    ("public:round_result", "hcm", "POST", "200 200 200 200 200 200 200"),
    # The rounds' calls, the catalogues of product groups and the dossier lookup: public to everyone.
    ("public:round_calls", "", "GET", "200 200 200 200 200 200 200"),
    ("public:round_calls", "", "POST", "405 405 405 405 405 405 405"),
    ("public:round_call", "hcm", "GET", "200 200 200 200 200 200 200"),
    ("public:round_call", "hcm", "POST", "405 405 405 405 405 405 405"),
    ("public:catalogues", "", "GET", "200 200 200 200 200 200 200"),
    ("public:catalogues", "", "POST", "405 405 405 405 405 405 405"),
    ("public:catalogue", "hcm", "GET", "200 200 200 200 200 200 200"),
    ("public:catalogue", "hcm", "POST", "405 405 405 405 405 405 405"),
    ("public:dossier_lookup", "", "GET", "200 200 200 200 200 200 200"),
    ("public:dossier_lookup", "", "POST", "200 200 200 200 200 200 200"),
    ("products:my_products", "", "GET", "L 200 200 403 403 403 403"),
    ("products:my_products", "", "POST", "L 200 200 403 403 403 403"),
    ("products:product_new", "", "GET", "L 200 200 403 403 403 403"),
    ("products:product_new", "", "POST", "L 200 200 403 403 403 403"),
    ("products:product_edit", "a", "GET", "L 200 404 403 403 403 403"),
    ("products:product_edit", "a", "POST", "L 200 404 403 403 403 403"),
    ("products:product_edit", "b", "GET", "L 404 200 403 403 403 403"),
    ("products:product_edit", "b", "POST", "L 404 200 403 403 403 403"),
    ("products:my_applications", "", "GET", "L 200 200 403 403 403 403"),
    ("products:my_applications", "", "POST", "L 200 200 403 403 403 403"),
    ("products:application_new", "", "GET", "L 200 200 403 403 403 403"),
    ("products:application_new", "", "POST", "L 200 200 403 403 403 403"),
    ("products:application_edit", "a", "GET", "L 200 404 403 403 403 403"),
    ("products:application_edit", "a", "POST", "L 200 404 403 403 403 403"),
    ("products:document_upload", "a", "GET", "L 405 405 403 403 403 403"),
    ("products:document_upload", "a", "POST", "L 302 404 403 403 403 403"),
    ("products:document_delete", "a", "GET", "L 405 405 403 403 403 403"),
    ("products:document_delete", "a", "POST", "L 200 404 403 403 403 403"),
    # A draft is the enterprise's alone; a submitted dossier is also seen by the round's city staff.
    ("products:application_detail", "a", "GET", "L 200 404 404 404 404 404"),
    ("products:application_detail", "a", "POST", "L 200 404 404 404 404 404"),
    ("products:application_detail", "b", "GET", "L 404 200 404 404 404 404"),
    ("products:application_detail", "b", "POST", "L 404 200 404 404 404 404"),
    # The council (the official) reads a dossier only from the council stage on, not while it is under review.
    ("products:application_detail", "submitted-a", "GET", "L 200 404 200 404 404 200"),
    ("products:application_detail", "submitted-a", "POST", "L 200 404 200 404 404 200"),
    ("products:application_detail", "scoring-b", "GET", "L 404 200 200 404 200 200"),
    ("products:application_detail", "scoring-b", "POST", "L 404 200 200 404 200 200"),
    ("products:application_transition", "a", "GET", "L 405 405 405 405 405 405"),
    ("products:application_transition", "a", "POST", "L 302 404 404 404 404 404"),
    ("products:application_transition", "submitted-a", "GET", "L 405 405 405 405 405 405"),
    ("products:application_transition", "submitted-a", "POST", "L 302 404 302 404 404 302"),
    ("products:application_open_comment", "a", "GET", "L 405 405 405 405 405 405"),
    ("products:application_open_comment", "a", "POST", "L 302 404 404 404 404 404"),
    ("products:document_download", "a", "GET", "L 200 404 404 404 404 404"),
    ("products:document_download", "a", "POST", "L 200 404 404 404 404 404"),
    ("products:document_download", "b", "GET", "L 404 200 404 404 404 404"),
    ("products:document_download", "b", "POST", "L 404 200 404 404 404 404"),
    ("products:document_download", "mixed", "GET", "L 404 404 404 404 404 404"),
    ("products:document_download", "mixed", "POST", "L 404 404 404 404 404 404"),
    ("products:certificate_pdf", "a", "GET", "L 200 404 200 200 200 200"),
    ("products:certificate_pdf", "a", "POST", "L 200 404 200 200 200 200"),
    ("products:certificate_pdf", "b", "GET", "L 404 200 200 200 200 200"),
    ("products:certificate_pdf", "b", "POST", "L 404 200 200 200 200 200"),
    ("products:staff_applications", "", "GET", "L 403 403 200 200 403 200"),
    ("products:staff_applications", "", "POST", "L 403 403 200 200 403 200"),
    ("products:staff_round", "hcm", "GET", "L 403 403 200 404 403 200"),
    ("products:staff_round", "hcm", "POST", "L 403 403 200 404 403 200"),
    ("products:staff_round", "hanoi", "GET", "L 403 403 404 200 403 200"),
    ("products:staff_round", "hanoi", "POST", "L 403 403 404 200 403 200"),
    # The round's result published for comment, its comments, and a recognition's status: the city's staff.
    ("products:round_comments", "hcm", "GET", "L 403 403 200 404 403 200"),
    ("products:round_comments", "hcm", "POST", "L 403 403 200 404 403 200"),
    ("products:round_publish", "hcm", "GET", "L 403 403 405 405 403 405"),
    ("products:round_publish", "hcm", "POST", "L 403 403 302 404 403 302"),
    ("products:comment_paper", "hcm", "GET", "L 403 403 405 405 403 405"),
    ("products:comment_paper", "hcm", "POST", "L 403 403 302 404 403 302"),
    ("products:comment_handle", "hcm", "GET", "L 403 403 405 405 403 405"),
    ("products:comment_handle", "hcm", "POST", "L 403 403 302 404 403 302"),
    ("products:recognition_manage", "a", "GET", "L 403 403 200 404 403 200"),
    ("products:recognition_manage", "a", "POST", "L 403 403 200 404 403 200"),
    # Setting up and running a round (issue 16): the staff of the round's city; another city's round is not found.
    # The list and the new-round form are every staff member's own (their city's programmes only).
    ("products:staff_rounds", "", "GET", "L 403 403 200 200 403 200"),
    ("products:staff_rounds", "", "POST", "L 403 403 200 200 403 200"),
    ("products:round_new", "", "GET", "L 403 403 200 200 403 200"),
    ("products:round_new", "", "POST", "L 403 403 200 200 403 200"),
    ("products:round_copy", "hcm", "GET", "L 403 403 200 404 403 200"),
    ("products:round_copy", "hcm", "POST", "L 403 403 200 404 403 200"),
    ("products:round_setup", "hcm", "GET", "L 403 403 200 404 403 200"),
    ("products:round_setup", "hcm", "POST", "L 403 403 200 404 403 200"),
    ("products:round_setup", "hanoi", "GET", "L 403 403 404 200 403 200"),
    ("products:round_setup", "hanoi", "POST", "L 403 403 404 200 403 200"),
    ("products:round_criteria", "hcm", "GET", "L 403 403 200 404 403 200"),
    ("products:round_criteria", "hcm", "POST", "L 403 403 200 404 403 200"),
    ("products:criterion_edit", "hcm", "GET", "L 403 403 200 404 403 200"),
    ("products:criterion_edit", "hcm", "POST", "L 403 403 200 404 403 200"),
    ("products:criterion_delete", "hcm", "GET", "L 403 403 405 405 403 405"),
    ("products:criterion_delete", "hcm", "POST", "L 403 403 200 404 403 200"),
    # A criterion, document type or seat of HCMC's round addressed through Hanoi's round is not found, even by
    # Hanoi's staff: the pair must match, not only each id.
    ("products:criterion_edit", "mixed", "GET", "L 403 403 404 404 403 404"),
    ("products:criterion_edit", "mixed", "POST", "L 403 403 404 404 403 404"),
    ("products:criterion_delete", "mixed", "GET", "L 403 403 405 405 403 405"),
    ("products:criterion_delete", "mixed", "POST", "L 403 403 404 404 403 404"),
    ("products:round_documents", "hcm", "GET", "L 403 403 200 404 403 200"),
    ("products:round_documents", "hcm", "POST", "L 403 403 200 404 403 200"),
    ("products:document_type_edit", "hcm", "GET", "L 403 403 200 404 403 200"),
    ("products:document_type_edit", "hcm", "POST", "L 403 403 200 404 403 200"),
    ("products:document_type_delete", "hcm", "GET", "L 403 403 405 405 403 405"),
    ("products:document_type_delete", "hcm", "POST", "L 403 403 200 404 403 200"),
    ("products:document_type_edit", "mixed", "GET", "L 403 403 404 404 403 404"),
    ("products:document_type_edit", "mixed", "POST", "L 403 403 404 404 403 404"),
    ("products:document_type_delete", "mixed", "GET", "L 403 403 405 405 403 405"),
    ("products:document_type_delete", "mixed", "POST", "L 403 403 404 404 403 404"),
    ("products:round_council", "hcm", "GET", "L 403 403 200 404 403 200"),
    ("products:round_council", "hcm", "POST", "L 403 403 200 404 403 200"),
    ("products:council_member_edit", "hcm", "GET", "L 403 403 200 404 403 200"),
    ("products:council_member_edit", "hcm", "POST", "L 403 403 200 404 403 200"),
    ("products:council_member_delete", "hcm", "GET", "L 403 403 405 405 403 405"),
    ("products:council_member_delete", "hcm", "POST", "L 403 403 200 404 403 200"),
    ("products:council_member_edit", "mixed", "GET", "L 403 403 404 404 403 404"),
    ("products:council_member_edit", "mixed", "POST", "L 403 403 404 404 403 404"),
    ("products:council_member_delete", "mixed", "GET", "L 403 403 405 405 403 405"),
    ("products:council_member_delete", "mixed", "POST", "L 403 403 404 404 403 404"),
    # An empty assignment form is saved as "everyone scores every criterion" and sent back to the page.
    ("products:round_assignments", "hcm", "GET", "L 403 403 200 404 403 200"),
    ("products:round_assignments", "hcm", "POST", "L 403 403 302 404 403 302"),
    ("products:round_lifecycle", "hcm", "GET", "L 403 403 200 404 403 200"),
    ("products:round_lifecycle", "hcm", "POST", "L 403 403 200 404 403 200"),
    # The ranking and the Top: the round's city's staff; before scoring is closed a post is sent back to the page.
    ("products:round_ranking", "hcm", "GET", "L 403 403 200 404 403 200"),
    ("products:round_ranking", "hcm", "POST", "L 403 403 302 404 403 302"),
    # Past decision lists are imported by staff into their own city's programmes.
    ("products:recognition_import", "", "GET", "L 403 403 200 200 403 200"),
    ("products:recognition_import", "", "POST", "L 403 403 200 200 403 200"),
    ("products:recognition_import_template", "", "GET", "L 403 403 200 200 403 200"),
    ("products:recognition_import_template", "", "POST", "L 403 403 200 200 403 200"),
    # The city's catalogue of product groups is kept by its staff. A post naming no group of the catalogue (the
    # matrix posts an empty form) answers 404, as a missing group does.
    ("products:catalogue_manage_list", "", "GET", "L 403 403 200 200 403 200"),
    ("products:catalogue_manage_list", "", "POST", "L 403 403 200 200 403 200"),
    ("products:catalogue_manage", "hcm", "GET", "L 403 403 200 404 403 200"),
    ("products:catalogue_manage", "hcm", "POST", "L 403 403 404 404 403 404"),
    ("products:catalogue_member_remove", "hcm", "GET", "L 403 403 405 405 403 405"),
    ("products:catalogue_member_remove", "hcm", "POST", "L 403 403 200 404 403 200"),
    # A conflict found after scoring is recorded by the dossier's city's staff (an empty form is sent back).
    ("products:conflict_record", "commented", "GET", "L 403 403 405 405 403 405"),
    ("products:conflict_record", "commented", "POST", "L 403 403 302 404 403 302"),
    ("products:council_rounds", "", "GET", "L 200 200 200 200 200 200"),
    ("products:council_rounds", "", "POST", "L 200 200 200 200 200 200"),
    # Only the round's council members (the official here) reach its pages.
    ("products:council_round", "hcm", "GET", "L 404 404 404 404 200 404"),
    ("products:council_round", "hcm", "POST", "L 404 404 404 404 200 404"),
    ("products:council_score", "a", "GET", "L 404 404 404 404 404 404"),
    ("products:council_score", "a", "POST", "L 404 404 404 404 404 404"),
    ("products:council_score", "scoring-b", "GET", "L 404 404 404 404 200 404"),
    ("products:council_score", "scoring-b", "POST", "L 404 404 404 404 200 404"),
    ("products:council_conflict", "a", "GET", "L 405 405 405 405 405 405"),
    ("products:council_conflict", "a", "POST", "L 404 404 404 404 404 404"),
    # Only the round's chair (the official here) ends its scoring; a round one does not sit on is not found.
    ("products:council_close", "hcm", "GET", "L 405 405 405 405 405 405"),
    ("products:council_close", "hcm", "POST", "L 404 404 404 404 200 404"),
    # programs: the workspace is read by staff of both cities and officials, written by the city's staff
    ("programs:overview", "", "GET", "L 403 403 200 200 200 200"),
    ("programs:overview", "", "POST", "405 405 405 405 405 405 405"),
    ("programs:tasks", "", "GET", "L 403 403 200 200 200 200"),
    ("programs:tasks", "", "POST", "405 405 405 405 405 405 405"),
    ("programs:tasks_export", "csv", "GET", "L 403 403 200 200 200 200"),
    ("programs:tasks_export", "csv", "POST", "405 405 405 405 405 405 405"),
    ("programs:tasks_export", "xlsx", "GET", "L 403 403 200 200 200 200"),
    ("programs:tasks_export", "xlsx", "POST", "405 405 405 405 405 405 405"),
    ("programs:task_detail", "hcm", "GET", "L 403 403 200 200 200 200"),
    ("programs:task_detail", "hcm", "POST", "405 405 405 405 405 405 405"),
    ("programs:task_update", "hcm", "GET", "L 403 403 200 403 403 200"),
    ("programs:task_update", "hcm", "POST", "L 403 403 200 403 403 200"),
    ("programs:task_update", "hanoi", "GET", "L 403 403 403 200 403 200"),
    ("programs:task_update", "hanoi", "POST", "L 403 403 403 200 403 200"),
    ("programs:evidence_download", "hcm", "GET", "L 403 403 200 200 200 200"),
    ("programs:evidence_download", "hcm", "POST", "405 405 405 405 405 405 405"),
    ("programs:evidence_download", "hanoi", "GET", "L 403 403 200 200 200 200"),
    ("programs:evidence_download", "hanoi", "POST", "405 405 405 405 405 405 405"),
    ("programs:dashboard", "hcm", "GET", "L 403 403 200 200 200 200"),
    ("programs:dashboard", "hcm", "POST", "405 405 405 405 405 405 405"),
    ("programs:indicator_value_add", "hcm", "GET", "L 403 403 200 403 403 200"),
    ("programs:indicator_value_add", "hcm", "POST", "L 403 403 200 403 403 200"),
    ("programs:indicator_value_add", "hanoi", "GET", "L 403 403 403 200 403 200"),
    ("programs:indicator_value_add", "hanoi", "POST", "L 403 403 403 200 403 200"),
    ("programs:public_tasks", "", "GET", "200 200 200 200 200 200 200"),
    ("programs:public_tasks", "", "POST", "405 405 405 405 405 405 405"),
    ("programs:public_tasks_export", "csv", "GET", "200 200 200 200 200 200 200"),
    ("programs:public_tasks_export", "csv", "POST", "405 405 405 405 405 405 405"),
    ("programs:public_tasks_export", "xlsx", "GET", "200 200 200 200 200 200 200"),
    ("programs:public_tasks_export", "xlsx", "POST", "405 405 405 405 405 405 405"),
    ("programs:public_detail", "hcm", "GET", "200 200 200 200 200 200 200"),
    ("programs:public_detail", "hcm", "POST", "405 405 405 405 405 405 405"),
    # reports: workspace readers only; an enterprise is not told a report exists
    ("reports:index", "", "GET", "L 403 403 200 200 200 200"),
    ("reports:index", "", "POST", "405 405 405 405 405 405 405"),
    ("reports:request", "", "GET", "405 405 405 405 405 405 405"),
    ("reports:request", "", "POST", "L 403 403 400 400 400 400"),
    ("reports:archive", "hcm", "GET", "L 403 403 200 200 200 200"),
    ("reports:archive", "hcm", "POST", "405 405 405 405 405 405 405"),
    ("reports:status", "hcm", "GET", "L 404 404 200 200 200 200"),
    ("reports:status", "hcm", "POST", "405 405 405 405 405 405 405"),
    ("reports:download", "hcm", "GET", "L 404 404 200 200 200 200"),
    ("reports:download", "hcm", "POST", "405 405 405 405 405 405 405"),
    # the annexes: as the report; an annex the report does not have is not found
    ("reports:download_annex", "hcm", "GET", "L 404 404 200 200 200 200"),
    ("reports:download_annex", "hcm", "POST", "405 405 405 405 405 405 405"),
    ("reports:download_annex", "hcm_missing", "GET", "L 404 404 404 404 404 404"),
    ("reports:retry", "failed", "GET", "405 405 405 405 405 405 405"),
    ("reports:retry", "failed", "POST", "L 403 403 302 302 302 302"),
    # a report's document: workspace readers read the draft, the staff of its city (and administrators) edit and
    # issue it (an empty issue form is sent back, 400); issued documents are verified publicly
    ("reports:document", "hcm", "GET", "L 403 403 200 200 200 200"),
    ("reports:document", "hcm", "POST", "L 403 403 302 403 403 302"),
    ("reports:document_open", "hcm", "GET", "405 405 405 405 405 405 405"),
    ("reports:document_open", "hcm", "POST", "L 403 403 302 403 403 302"),
    ("reports:document_docx", "hcm", "GET", "L 403 403 200 200 200 200"),
    ("reports:document_docx", "hcm", "POST", "405 405 405 405 405 405 405"),
    ("reports:document_issue", "hcm", "GET", "405 405 405 405 405 405 405"),
    ("reports:document_issue", "hcm", "POST", "L 403 403 400 403 403 400"),
    ("reports:verify", "", "GET", "200 200 200 200 200 200 200"),
    ("reports:verify", "", "POST", "405 405 405 405 405 405 405"),
    ("reports:verify_document", "issued", "GET", "200 200 200 200 200 200 200"),
    ("reports:verify_document", "issued", "POST", "405 405 405 405 405 405 405"),
    ("reports:verify_download", "issued", "GET", "200 200 200 200 200 200 200"),
    ("reports:verify_download", "issued", "POST", "405 405 405 405 405 405 405"),
    # open-data API: read-only and public to everyone
    ("api:api-root", "", "GET", "200 200 200 200 200 200 200"),
    ("api:api-root", "", "POST", "405 405 405 405 405 405 405"),
    ("api:api-root", "json", "GET", "200 200 200 200 200 200 200"),
    ("api:api-root", "json", "POST", "405 405 405 405 405 405 405"),
    ("api:program-list", "", "GET", "200 200 200 200 200 200 200"),
    ("api:program-list", "", "POST", "405 405 405 405 405 405 405"),
    ("api:program-list", "json", "GET", "200 200 200 200 200 200 200"),
    ("api:program-list", "json", "POST", "405 405 405 405 405 405 405"),
    ("api:task-group-list", "", "GET", "200 200 200 200 200 200 200"),
    ("api:task-group-list", "", "POST", "405 405 405 405 405 405 405"),
    ("api:task-group-list", "json", "GET", "200 200 200 200 200 200 200"),
    ("api:task-group-list", "json", "POST", "405 405 405 405 405 405 405"),
    ("api:task-list", "", "GET", "200 200 200 200 200 200 200"),
    ("api:task-list", "", "POST", "405 405 405 405 405 405 405"),
    ("api:task-list", "json", "GET", "200 200 200 200 200 200 200"),
    ("api:task-list", "json", "POST", "405 405 405 405 405 405 405"),
    ("api:indicator-list", "", "GET", "200 200 200 200 200 200 200"),
    ("api:indicator-list", "", "POST", "405 405 405 405 405 405 405"),
    ("api:indicator-list", "json", "GET", "200 200 200 200 200 200 200"),
    ("api:indicator-list", "json", "POST", "405 405 405 405 405 405 405"),
    ("api:indicator-value-list", "", "GET", "200 200 200 200 200 200 200"),
    ("api:indicator-value-list", "", "POST", "405 405 405 405 405 405 405"),
    ("api:indicator-value-list", "json", "GET", "200 200 200 200 200 200 200"),
    ("api:indicator-value-list", "json", "POST", "405 405 405 405 405 405 405"),
    ("api:recognised-product-list", "", "GET", "200 200 200 200 200 200 200"),
    ("api:recognised-product-list", "", "POST", "405 405 405 405 405 405 405"),
    ("api:recognised-product-list", "json", "GET", "200 200 200 200 200 200 200"),
    ("api:recognised-product-list", "json", "POST", "405 405 405 405 405 405 405"),
    ("api:enterprise-list", "", "GET", "200 200 200 200 200 200 200"),
    ("api:enterprise-list", "", "POST", "405 405 405 405 405 405 405"),
    ("api:enterprise-list", "json", "GET", "200 200 200 200 200 200 200"),
    ("api:enterprise-list", "json", "POST", "405 405 405 405 405 405 405"),
    ("api:program-detail", "", "GET", "200 200 200 200 200 200 200"),
    ("api:program-detail", "", "POST", "405 405 405 405 405 405 405"),
    ("api:program-detail", "json", "GET", "200 200 200 200 200 200 200"),
    ("api:program-detail", "json", "POST", "405 405 405 405 405 405 405"),
    ("api:task-group-detail", "", "GET", "200 200 200 200 200 200 200"),
    ("api:task-group-detail", "", "POST", "405 405 405 405 405 405 405"),
    ("api:task-group-detail", "json", "GET", "200 200 200 200 200 200 200"),
    ("api:task-group-detail", "json", "POST", "405 405 405 405 405 405 405"),
    ("api:task-detail", "", "GET", "200 200 200 200 200 200 200"),
    ("api:task-detail", "", "POST", "405 405 405 405 405 405 405"),
    ("api:task-detail", "json", "GET", "200 200 200 200 200 200 200"),
    ("api:task-detail", "json", "POST", "405 405 405 405 405 405 405"),
    ("api:indicator-detail", "", "GET", "200 200 200 200 200 200 200"),
    ("api:indicator-detail", "", "POST", "405 405 405 405 405 405 405"),
    ("api:indicator-detail", "json", "GET", "200 200 200 200 200 200 200"),
    ("api:indicator-detail", "json", "POST", "405 405 405 405 405 405 405"),
    ("api:indicator-value-detail", "", "GET", "200 200 200 200 200 200 200"),
    ("api:indicator-value-detail", "", "POST", "405 405 405 405 405 405 405"),
    ("api:indicator-value-detail", "json", "GET", "200 200 200 200 200 200 200"),
    ("api:indicator-value-detail", "json", "POST", "405 405 405 405 405 405 405"),
    ("api:recognised-product-detail", "", "GET", "200 200 200 200 200 200 200"),
    ("api:recognised-product-detail", "", "POST", "405 405 405 405 405 405 405"),
    ("api:recognised-product-detail", "json", "GET", "200 200 200 200 200 200 200"),
    ("api:recognised-product-detail", "json", "POST", "405 405 405 405 405 405 405"),
    ("api:enterprise-detail", "", "GET", "200 200 200 200 200 200 200"),
    ("api:enterprise-detail", "", "POST", "405 405 405 405 405 405 405"),
    ("api:enterprise-detail", "json", "GET", "200 200 200 200 200 200 200"),
    ("api:enterprise-detail", "json", "POST", "405 405 405 405 405 405 405"),
    ("api:round-list", "", "GET", "200 200 200 200 200 200 200"),
    ("api:round-list", "", "POST", "405 405 405 405 405 405 405"),
    ("api:round-list", "json", "GET", "200 200 200 200 200 200 200"),
    ("api:round-list", "json", "POST", "405 405 405 405 405 405 405"),
    ("api:recognition-list", "", "GET", "200 200 200 200 200 200 200"),
    ("api:recognition-list", "", "POST", "405 405 405 405 405 405 405"),
    ("api:recognition-list", "json", "GET", "200 200 200 200 200 200 200"),
    ("api:recognition-list", "json", "POST", "405 405 405 405 405 405 405"),
    ("api:round-detail", "", "GET", "200 200 200 200 200 200 200"),
    ("api:round-detail", "", "POST", "405 405 405 405 405 405 405"),
    ("api:round-detail", "json", "GET", "200 200 200 200 200 200 200"),
    ("api:round-detail", "json", "POST", "405 405 405 405 405 405 405"),
    ("api:recognition-detail", "", "GET", "200 200 200 200 200 200 200"),
    ("api:recognition-detail", "", "POST", "405 405 405 405 405 405 405"),
    ("api:recognition-detail", "json", "GET", "200 200 200 200 200 200 200"),
    ("api:recognition-detail", "json", "POST", "405 405 405 405 405 405 405"),
    ("api:not-found", "", "GET", "404 404 404 404 404 404 404"),
    ("api:not-found", "", "POST", "404 404 404 404 404 404 404"),
    ("api:schema", "", "GET", "200 200 200 200 200 200 200"),
    ("api:schema", "", "POST", "405 405 405 405 405 405 405"),
    ("api:docs", "", "GET", "200 200 200 200 200 200 200"),
    ("api:docs", "", "POST", "405 405 405 405 405 405 405"),
    # administration: only the administrator (is_staff) gets in; everyone else is sent to its login
    ("admin:index", "", "GET", "A A A A A A 200"),
    ("admin:login", "", "GET", "200 200 200 200 200 200 302"),
    # The admin's logout sends whoever is not its user back to the admin index.
    ("admin:logout", "", "GET", "302 302 302 302 302 302 405"),
    ("admin:logout", "", "POST", "302 302 302 302 302 302 302"),
    ("admin:password_change", "", "GET", "A A A A A A 200"),
    ("admin:password_change_done", "", "GET", "A A A A A A 200"),
    ("admin:autocomplete", "", "GET", "A A A A A A 403"),
    ("admin:jsi18n", "", "GET", "A A A A A A 200"),
    ("admin:view_on_site", "", "GET", "A A A A A A 404"),  # products have no public page of their own
    ("admin:app_list", "products", "GET", "A A A A A A 200"),
    ("admin:auth_user_password_change", "enterprise_a", "GET", "A A A A A A 200"),
    ("admin:auth_user_password_change", "enterprise_a", "POST", "A A A A A A 200"),
    ("quan-tri/(?P<url>.*)$", "", "GET", "A A A A A A 404"),
]

ADMIN_SPECIAL_TARGETS = {
    "admin:index": {"": lambda w: {}},
    "admin:login": {"": lambda w: {}},
    "admin:logout": {"": lambda w: {}},
    "admin:password_change": {"": lambda w: {}},
    "admin:password_change_done": {"": lambda w: {}},
    "admin:autocomplete": {"": lambda w: {}},
    "admin:jsi18n": {"": lambda w: {}},
    "admin:view_on_site": {
        "": lambda w: {"content_type_id": _content_type_id("products", "product"), "object_id": w.product_a.pk}
    },  # fmt: skip
    "admin:app_list": {"products": lambda w: {"app_label": "products"}},
    "admin:auth_user_password_change": {"enterprise_a": lambda w: {"id": w.users["enterprise_a"].pk}},
}
CATCH_ALL_PATH = "/quan-tri/khong-co-trang-nay/"
MODEL_ADMIN_VIEWS = ("changelist", "add", "change", "delete", "history", "simple_history", "object")


def _content_type_id(app_label: str, model: str) -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get(app_label=app_label, model=model).id


def _model_admin_routes() -> dict[str, tuple]:
    """Every URL the admin site makes for a registered model: name -> (model, view)."""
    from django.contrib import admin

    routes = {}
    for model in admin.site._registry:
        app_label, model_name = model._meta.app_label, model._meta.model_name
        for view in MODEL_ADMIN_VIEWS[:-1]:
            routes[f"admin:{app_label}_{model_name}_{view}"] = (model, view)
        # The bare object URL, which redirects to its change page, has no name.
        routes[f"quan-tri/{app_label}/{model_name}/<path:object_id>/"] = (model, "object")
    return routes


MODEL_ADMIN_ROUTES = _model_admin_routes()
ALL_ROWS = TABLE + [(route.name, "model", "GET", None) for route in all_routes() if route.name in MODEL_ADMIN_ROUTES]


def _url(world, name: str, variant: str) -> str:
    if name == "quan-tri/(?P<url>.*)$":
        return CATCH_ALL_PATH
    if name in MODEL_ADMIN_ROUTES:
        return _model_admin_url(name, *MODEL_ADMIN_ROUTES[name])
    targets = TARGETS.get(name) or ADMIN_SPECIAL_TARGETS[name]
    return reverse(name, kwargs=targets[variant](world))


def _first(model):
    return model._default_manager.order_by("pk").first()


def _model_admin_url(name: str, model, view: str) -> str:
    if view in ("changelist", "add"):
        return reverse(name)
    instance = _first(model)
    object_id = instance.pk if instance else 0
    if view == "object":
        return f"/quan-tri/{model._meta.app_label}/{model._meta.model_name}/{object_id}/"
    if view == "simple_history":
        record = instance.history.order_by("pk").first() if instance else None
        return reverse(name, args=[object_id, record.pk if record else 0])
    return reverse(name, args=[object_id])


def _expected_for_model_admin(name: str, role: str, admin_user) -> str:
    """Everyone but the administrator is sent to the admin login; the administrator gets what the
    model's admin allows (some logs are read-only), or the admin's redirect for a model with no rows."""
    if role != "admin":
        return "A"
    from django.contrib import admin
    from django.test import RequestFactory

    model, view = MODEL_ADMIN_ROUTES[name]
    model_admin = admin.site._registry[model]
    request = RequestFactory().get("/")
    request.user = admin_user
    instance = _first(model)
    if view == "changelist":
        return "200"
    if view == "add":
        return "200" if model_admin.has_add_permission(request) else "403"
    # Django checks the permission before it looks the object up: a record no one may delete answers 403 even
    # where there is none.
    if view == "delete" and not model_admin.has_delete_permission(request, instance):
        return "403"
    if instance is None:
        return "302"
    if view == "object":
        return "302"
    return "200"


def _observed(response) -> str:
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith(reverse("login") + "?"):
            return "L"
        if location.startswith(reverse("admin:login") + "?"):
            return "A"
    return str(response.status_code)


def _row_id(value) -> str:
    return value if isinstance(value, str) and value and " " not in value else "-"


def _client_as(client, world, role: str):
    if role != "anonymous":
        client.force_login(world.users[role], backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture(scope="module")
def clients(world) -> dict:
    """One client per role, signed in once for the module (the sessions live in the world's transaction)."""
    return {role: _client_as(Client(), world, role) for role in ROLES}


@pytest.fixture
def _media_root(settings, world_media):
    # The world's files were stored once for the module; every test reads them where they are.
    settings.MEDIA_ROOT = world_media


def test_every_url_has_a_row():
    covered = {row[0] for row in ALL_ROWS}
    missing = sorted(route.name for route in all_routes() if route.name not in covered)
    assert missing == [], f"URLs without a row in the access table: {missing}"


def _status_as(client, method: str, url: str) -> str:
    """One request inside a savepoint, so that what a POST changes (a logout too) the next request does not see."""
    savepoint = transaction.savepoint()
    cookies = SimpleCookie(client.cookies)
    try:
        response = getattr(client, method.lower())(url)
        if response.status_code == 200 and response.get("Content-Disposition", "").startswith("attachment"):
            assert 'filename="' in response["Content-Disposition"], url
        return _observed(response)
    finally:
        transaction.savepoint_rollback(savepoint)
        client.cookies = cookies


@pytest.mark.parametrize(("name", "variant", "method", "codes"), ALL_ROWS, ids=_row_id)
def test_access(world, clients, name, variant, method, codes):
    if name.startswith("api:"):
        cache.clear()  # the anonymous throttle counts every caller's requests in the cache
    url = _url(world, name, variant)
    wrong = []
    for role in ROLES:
        if codes is None:
            expected = _expected_for_model_admin(name, role, world.users["admin"])
        else:
            expected = codes.split()[ROLES.index(role)]
        observed = _status_as(clients[role], method, url)
        if observed != expected:
            wrong.append(f"{role}: expected {expected}, got {observed}")
    assert wrong == [], f"{method} {url}"


# ----------------------------------------------------------------------------------------------------------
# Another enterprise's object is indistinguishable from a missing one
# ----------------------------------------------------------------------------------------------------------

_VOLATILE = [
    re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"'),
    re.compile(r'nonce="[^"]+"'),
]


def _normalised(response, path: str) -> bytes:
    # The language switch carries the page's own path; the ids in it are the only expected difference.
    text = response.content.decode(errors="replace").replace(path, "<path>")
    for pattern in _VOLATILE:
        text = pattern.sub("", text)
    return text.encode()


def _hidden_object_cases() -> list[tuple]:
    """Every (URL, variant, method, role) where the table says 404 and the URL carries an object's id."""
    cases = []
    for name, variant, method, codes in TABLE:
        if name not in TARGETS:
            continue
        for role, code in zip(ROLES, codes.split(), strict=True):
            if code == "404":
                cases.append((name, variant, method, role))
    return cases


@pytest.mark.parametrize(("name", "variant", "method", "role"), _hidden_object_cases())
def test_foreign_object_is_a_missing_one(world, client, name, variant, method, role):
    kwargs = TARGETS[name][variant](world)
    _client_as(client, world, role)
    hidden_path, missing_path = reverse(name, kwargs=kwargs), reverse(name, kwargs=random_id_kwargs(kwargs))
    hidden = getattr(client, method.lower())(hidden_path)
    missing = getattr(client, method.lower())(missing_path)
    assert hidden.status_code == missing.status_code == 404
    assert _normalised(hidden, hidden_path) == _normalised(missing, missing_path)


# Public facts addressed by their integer id: recognition rounds, and the API's task groups, indicators and
# indicator values (published as open data). Everything else that names one object uses a UUID or a slug.
PUBLIC_INTEGER_IDS = {
    ("products:staff_round", "round_id"), ("products:council_round", "round_id"),
    ("products:council_score", "round_id"), ("products:council_conflict", "round_id"),
    ("api:task-group-detail", "pk"), ("api:indicator-detail", "pk"), ("api:indicator-value-detail", "pk"),
    ("products:round_comments", "round_id"), ("products:round_publish", "round_id"),
    ("products:comment_paper", "round_id"), ("products:comment_handle", "round_id"), ("public:round_result", "round_id"),
    # A comment on a round's result has no UUID (the schema is fixed): its id is looked up only among the comments
    # of a round the staff member's city runs, and answers 404 otherwise, exactly as a missing one.
    ("products:comment_handle", "comment_id"),
    # The rounds' calls (public:round_call) and the open-data rounds are public facts like the rounds' results.
    ("public:round_call", "round_id"), ("api:round-detail", "pk"),
    # The set-up pages of a round (issue 16) and the chair's end of scoring address the round like staff_round.
    *((f"products:{name}", "round_id") for name in (
        "round_copy", "round_setup", "round_criteria", "criterion_edit", "criterion_delete", "round_documents",
        "document_type_edit", "document_type_delete", "round_council", "council_member_edit", "council_member_delete",
        "round_assignments", "round_lifecycle", "round_ranking", "council_close",
    )),
    # A round's criteria, document types and council seats have no UUID (the schema is fixed): each is looked up only
    # within a round the staff member's city runs, and answers 404 otherwise, exactly as a missing one.
    ("products:criterion_edit", "criterion_id"), ("products:criterion_delete", "criterion_id"),
    ("products:document_type_edit", "document_type_id"), ("products:document_type_delete", "document_type_id"),
    ("products:council_member_edit", "member_id"), ("products:council_member_delete", "member_id"),
    # Likewise an enterprise listed in a catalogue's group (looked up only in the catalogues of the staff member's
    # city) and an award (looked up only among the awards of an enterprise the staff member may edit).
    ("products:catalogue_member_remove", "member_id"), ("enterprises:award_remove", "award_id"),
}  # fmt: skip
# Django's password reset link: the user's id travels with a token the server signed for that user and their
# current password; nothing is shown or changed unless the token checks, so the id is not an address to guess.
SIGNED_LINKS = {("password_reset_confirm", "uidb64"), ("password_reset_confirm", "token")}
# The API's catch-all takes any address the router does not know and names no object: it answers a JSON 404.
NO_OBJECT = {("api:not-found", "rest")}


def test_private_objects_are_addressed_by_uuid():
    for route in all_routes():
        if route.name.startswith(("admin:", "quan-tri/")):
            continue
        converters = re.findall(r"(?<!\?P)<(?:(\w+):)?(\w+)>", route.route)
        converters += [("regex", name) for name in re.findall(r"\(\?P<(\w+)>", route.route)]
        for converter, parameter in converters:
            if parameter == "format" or (route.name, parameter) in PUBLIC_INTEGER_IDS | SIGNED_LINKS | NO_OBJECT:
                continue
            if converter == "regex":  # the API's router: its viewset looks the object up by public_id or slug
                assert parameter in ("public_id", "slug"), route
            else:
                assert converter in ("uuid", "slug"), route
