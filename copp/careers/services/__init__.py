"""Writes of the careers app that carry a rule, split by domain (DESIGN.md: services)."""
