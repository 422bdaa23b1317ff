"""What a recognition certifies: the product and enterprise as they stood when it was decided.

The decision (products.services), the admin's record of a recognition made before the portal and the demo data
copy these values onto the Recognition once; every reader of a recognition (registry, verification page,
certificate, API, exports, reports, enterprise pages) shows them, whatever the product or enterprise is
called later.
"""

from enterprises.selectors import enterprise_search_text
from products.models import Product
from products.selectors import product_search_text

# Shown, never edited: in the admin they are read-only.
CERTIFIED_FIELDS = ["product_name", "product_sector", "enterprise_name", "enterprise_district", "enterprise_province"]


def certified_fields(product: Product) -> dict[str, str]:
    enterprise = product.enterprise
    return {
        "product_name": product.name,
        "product_sector": product.sector,
        "enterprise_name": enterprise.name,
        "enterprise_district": enterprise.district,
        "enterprise_province": enterprise.province,
        "search_text": product_search_text(name=product.name, description=product.description, sector=product.sector),
        "enterprise_search_text": enterprise_search_text(enterprise),
    }
