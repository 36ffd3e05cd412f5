"""Louyu (楼宇) — the building-economy intelligence platform."""
