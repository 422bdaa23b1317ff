"""Operations on a whole installation: loading the programmes' recorded facts (`seed_programs`), backup and
restore (`backup`, `restore`). Above every domain app: these commands write to all of them."""
