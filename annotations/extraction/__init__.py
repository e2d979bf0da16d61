"""The pure text core: how a page's text becomes an article body and claims.

No module here imports the rest of the app beyond the pure URL rules
(annotations.sources) and annotations.errors, nor Django, directly or through what
it imports (annotations.urlcheck imports Django, so the text core does not use it);
htmlguard alone reads the settings, late. See docs/ARCHITECTURE.md.
"""
