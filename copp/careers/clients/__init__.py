"""Clients of the vacancy sources, one small module each (DESIGN.md: external systems behind settings)."""
