"""Demo data and logins for `make run` (`seed_demo`, `demo_logins`): never part of what a real department's portal
holds. Every demo row is marked (is_demo, the demo group, a demo author) so that seed_demo replaces only its own."""
