"""A local ESIA (Госуслуги) for tests and the demo run: `python -m fakes.esia`."""
