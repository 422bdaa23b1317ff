"""What every app shares and nothing in the project is below: text folding, upload checks, Vietnamese number and date formatting, choice labels, cache helpers, listing and pagination, permissions."""
