"""Views of the programs app. The staff workspace lives in programs.views.staff."""
