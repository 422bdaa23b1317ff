"""The project's benchmark, `manage.py bench`: speed and memory measured against the targets."""
