"""The open-data API, version 1: read-only viewsets over the public fields of every domain app (urls.py)."""
