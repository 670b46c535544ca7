"""A local Moodle web-service server for the platform's tests and demo (integrations.md §4)."""
