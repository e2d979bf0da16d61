"""Selecting text in the article body as a reviewer does: with the mouse, between
two body offsets (each run of text is a `.txt` span with its data-start/data-end)."""

POINT_JS = """([offset, edge]) => {
  const runs = [...document.querySelectorAll('#article-body .txt')];
  const run = edge === 'start'
    ? runs.find(r => +r.dataset.start <= offset && offset < +r.dataset.end)
    : runs.find(r => +r.dataset.start < offset && offset <= +r.dataset.end);
  const node = run.firstChild;
  const local = offset - +run.dataset.start;
  const range = document.createRange();
  if (edge === 'start') { range.setStart(node, local); range.setEnd(node, local + 1); }
  else { range.setStart(node, local - 1); range.setEnd(node, local); }
  const rect = range.getClientRects()[0];
  return edge === 'start' ? [rect.left + 1, rect.top + rect.height / 2]
                          : [rect.right - 1, rect.top + rect.height / 2];
}"""


SCROLL_JS = """(offset) => {
  const run = [...document.querySelectorAll('#article-body .txt')]
    .find(r => +r.dataset.start <= offset && offset < +r.dataset.end);
  run.scrollIntoView({block: 'center'});
}"""


def drag_select(page, start: int, end: int) -> None:
    """Select body[start:end] with the mouse, as a reviewer would (both ends are
    measured after one scroll, so they are on screen together)."""
    page.evaluate(SCROLL_JS, start)
    x1, y1 = page.evaluate(POINT_JS, [start, "start"])
    x2, y2 = page.evaluate(POINT_JS, [end, "end"])
    page.mouse.move(x1, y1)
    page.mouse.down()
    page.mouse.move((x1 + x2) / 2, (y1 + y2) / 2, steps=4)
    page.mouse.move(x2, y2, steps=4)
    page.mouse.up()
