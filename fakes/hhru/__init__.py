"""A local hh.ru API for vacancy search (integrations.md §3)."""
