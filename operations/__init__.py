"""Operations on a whole installation: backup and restore."""
