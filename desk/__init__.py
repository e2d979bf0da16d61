"""The desk: the newsroom's web pages over the annotations domain (views, forms, URLs,
the marked-up article, template tags). It reads through the selectors, writes through
the services and asks the policies; the templates stay in the project's templates/.
See docs/ARCHITECTURE.md.
"""
