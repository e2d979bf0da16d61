"""The pure text core: how a page's text becomes an article body and claims.

No module here imports Django or the rest of the app beyond the shared URL rules
(annotations.sources, annotations.urlcheck) and annotations.errors; see
docs/ARCHITECTURE.md.
"""
