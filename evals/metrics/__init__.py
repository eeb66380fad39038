"""Metric families, one module each; every metric returns None when it cannot score an item."""
