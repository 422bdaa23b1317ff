"""Packaging: the apps and their data are declared in pyproject.toml; this adds the site-wide folders.

templates/, static/ and locale/ sit at the top of the checkout, beside the apps, where portal/settings.py reads
them when the portal runs from the checkout. A built package carries them inside the portal package, as
portal/site/templates, portal/site/static and portal/site/locale, where settings.py finds them when the portal
runs from an installed package (`pip install .`, the Docker image).
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

SITE_FOLDERS = ("templates", "static", "locale")
HERE = Path(__file__).resolve().parent


class build_py_with_site(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the checkout's folders
        target = Path(self.build_lib) / "portal" / "site"
        for name in SITE_FOLDERS:
            shutil.rmtree(target / name, ignore_errors=True)
            shutil.copytree(HERE / name, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.py[co]"))


setup(cmdclass={"build_py": build_py_with_site})
