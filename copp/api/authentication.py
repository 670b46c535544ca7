"""Placeholder removed when the API app is written."""
