"""A local «Работа России» open data API (integrations.md §2)."""
