"""What the desk's pages show, shaped for their templates: the reads come from
`annotations.selectors`, the "may this user" answers from `annotations.policies`;
these modules only arrange them (words, order, layout) so the views keep to the
request and the response, and no template or view sticks display attributes onto a
model instance.

`article` and `panel` shape the article page and its claim panel, `gaps` the
sourcing-gap dashboard (its chart geometry is pure and tested on its own).
"""
