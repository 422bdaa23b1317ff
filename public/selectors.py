"""Reads for the public site that join what several apps know, public fields only.

The public app sits above every domain app, so these reads import their models directly. Each loads only
public columns: a template cannot show a private one by mistake.
"""

from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.http import Http404

from enterprises.models import Enterprise
from enterprises.selectors import public_enterprises
from products.models import Product, Recognition

# --- Enterprise directory ----------------------------------------------------------------------------


def _recognised_products() -> Prefetch:
    """Each enterprise's products that hold a recognition, as `enterprise.recognised_products`, each with the
    name its latest recognition certifies as `certified_name` (a product renamed since keeps it)."""
    recognitions = Recognition.objects.filter(product=OuterRef("pk"))
    certified_name = recognitions.order_by("-decision_date", "-id").values("product_name")[:1]
    recognised = (
        Product.objects.filter(Exists(recognitions))
        .only("id", "enterprise_id")
        .annotate(certified_name=Subquery(certified_name))
        .order_by("certified_name", "id")
    )
    return Prefetch("products", queryset=recognised, to_attr="recognised_products")


def public_directory() -> QuerySet[Enterprise]:
    """The enterprise directory: public fields, certifications and recognised products."""
    return public_enterprises().prefetch_related(_recognised_products())


def get_public_enterprise(public_id) -> Enterprise:
    enterprise = public_directory().prefetch_related("awards").filter(public_id=public_id).first()
    if enterprise is None:
        raise Http404
    return enterprise
