"""Sourcing: how a gap in a claim's sourcing is found (the pure rules in gaps.py, the
scanner that applies them to stored claims) and how cited pages are fetched and
checked (netfetch.py, linkcheck.py). See docs/GAPS.md and docs/ARCHITECTURE.md.
"""
