"""A local BigBlueButton API server for the platform's tests and demo (integrations.md §5)."""
