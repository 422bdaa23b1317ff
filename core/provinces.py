"""Which city's department an enterprise belongs to, read from its province.

Department staff are scoped to a city (programs.City, by code); enterprises only carry the province
written on their registration. The names vary in practice ("TP.HCM", "Thành phố Hồ Chí Minh",
"TP Hà Nội"), so they are compared in folded form and stored under one canonical name.
"""

import re

from core.text import fold_vietnamese

# Canonical province name → the city code of the department in charge.
PROVINCE_CITY = {
    "TP Hồ Chí Minh": "hcm",
    "Hà Nội": "hanoi",
}

_PREFIXES = ("thanh pho ", "tp ", "tinh ")
_ALIASES = {
    "ho chi minh": "TP Hồ Chí Minh",
    "hcm": "TP Hồ Chí Minh",
    "tphcm": "TP Hồ Chí Minh",
    "hcmc": "TP Hồ Chí Minh",
    "sai gon": "TP Hồ Chí Minh",
    "ha noi": "Hà Nội",
    "hn": "Hà Nội",
    "tphn": "Hà Nội",
}


def _province_key(value: str) -> str:
    key = re.sub(r"[^a-z0-9]+", " ", fold_vietnamese(value)).strip()
    for prefix in _PREFIXES:
        if key.startswith(prefix):
            return key.removeprefix(prefix).strip()
    return key


def canonical_province(value: str) -> str:
    """The canonical name for a province the portal knows, else the value as written (trimmed)."""
    cleaned = " ".join((value or "").split())
    return _ALIASES.get(_province_key(cleaned), cleaned)


def city_code_for_province(province: str) -> str | None:
    return PROVINCE_CITY.get(canonical_province(province))


def provinces_for_city(city_code: str | None) -> list[str]:
    return [province for province, code in PROVINCE_CITY.items() if code == city_code]
