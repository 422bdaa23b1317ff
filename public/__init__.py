"""The public site: the pages and the open-data API that anyone may read, drawn from every domain app."""
