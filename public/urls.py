"""The public site's addresses, one list per section of the site.

Each section shares its URL namespace with the domain app of the same name ("programs:public_detail" next to
"programs:dashboard"). Django reads one namespace from one include(), so the site's URLconf (portal/urls.py)
joins each list here to its app's own patterns; the order within each list is the order of resolution.
"""

from django.urls import path, re_path

from public.views import catalogue, enterprises, home, lookup, products, programs, round_result, rounds

home_patterns = [
    path("", home.home, name="home"),
]

# After the programs app's own patterns: "theo-doi/..." is never read as a programme's slug.
program_patterns = [
    path("nhiem-vu/", programs.task_list, name="public_tasks"),
    re_path(r"^nhiem-vu/xuat\.(?P<format>csv|xlsx)$", programs.task_export, name="public_tasks_export"),
    path("<slug:slug>/", programs.program_detail, name="public_detail"),
]

# Outside the enterprises namespace, under the same prefix; before its include(), or the directory's bare
# address would not be reached first.
enterprise_export_patterns = [
    re_path(
        r"^doanh-nghiep/xuat\.(?P<format>csv|xlsx)$",
        enterprises.directory_export,
        name="enterprise_directory_export",
    ),
]

# The directory before the enterprises app's own patterns; an enterprise's public record (a bare UUID) after them.
enterprise_patterns = [
    path("", enterprises.directory, name="directory"),
]
enterprise_detail_patterns = [
    path("<uuid:public_id>/", enterprises.public_detail, name="public_detail"),
]

# Before the products app's own patterns.
product_patterns = [
    path("", products.registry, name="registry"),
    re_path(r"^xuat\.(?P<format>csv|xlsx)$", products.registry_export, name="registry_export"),
    path("xac-minh/", products.verify, name="verify_search"),
    path("xac-minh/<uuid:public_id>/", products.verify, name="verify"),
    path("lay-y-kien/", products.public_comments, name="public_comments"),
    path("lay-y-kien/<uuid:public_id>/", products.public_comment, name="public_comment"),
]

# The "public" namespace: public pages that belong to no single app's section, at the site's root.
public_patterns = [
    path("xet-chon/", rounds.round_calls, name="round_calls"),
    path("xet-chon/<int:round_id>/", rounds.round_call, name="round_call"),
    path("xet-chon/<int:round_id>/ket-qua/", round_result.round_result, name="round_result"),
    path("tra-cuu-ho-so/", lookup.dossier_lookup, name="dossier_lookup"),
    path("danh-muc-nhom-san-pham/", catalogue.catalogue_list, name="catalogues"),
    path("danh-muc-nhom-san-pham/<slug:slug>/", catalogue.catalogue_detail, name="catalogue"),
]
