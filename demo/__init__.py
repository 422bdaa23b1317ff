"""Demo data and logins for `make run`: never part of what a real department's portal holds."""
