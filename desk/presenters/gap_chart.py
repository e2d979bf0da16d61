"""The gap dashboard's trend chart laid out for an inline SVG: pure geometry from
the daily counts (no Django), so the layout is tested without a database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

CHART_DAYS = 30
CHART_WIDTH, CHART_HEIGHT = 760, 220
CHART_LEFT, CHART_BOTTOM, CHART_TOP = 44, 28, 12
# The plot stops this far short of the right edge.
CHART_RIGHT_MARGIN = 8
# Each day's slot: the opened bar starts this share in, each bar is this share wide.
BAR_INSET, BAR_SHARE = 0.1, 0.38
# Every fifth day is labelled, and the last one.
LABEL_EVERY = 5


def gap_chart(
    opened: Mapping[dt.date, int],
    resolved: Mapping[dt.date, int],
    *,
    first: dt.date,
    days: int = CHART_DAYS,
) -> dict:
    """Bars of gaps opened and resolved per day from `first` for `days` days, in SVG
    coordinates (y grows downwards from the top; the bars stand on `baseline`).
    Days missing from the counts are zero; the tallest bar fills the plot; the
    totals add up every count given."""
    top = max([1, *opened.values(), *resolved.values()])
    plot_width = CHART_WIDTH - CHART_LEFT - CHART_RIGHT_MARGIN
    plot_height = CHART_HEIGHT - CHART_BOTTOM - CHART_TOP
    slot = plot_width / days
    bar = max(1.0, slot * BAR_SHARE)
    baseline = CHART_TOP + plot_height
    rows = []
    for index in range(days):
        day = first + dt.timedelta(days=index)
        x = CHART_LEFT + index * slot
        opened_count, resolved_count = opened.get(day, 0), resolved.get(day, 0)
        opened_height = plot_height * opened_count / top
        resolved_height = plot_height * resolved_count / top
        rows.append(
            {
                "day": day,
                "opened": opened_count,
                "resolved": resolved_count,
                "x_opened": round(x + slot * BAR_INSET, 1),
                "x_resolved": round(x + slot * BAR_INSET + bar, 1),
                "y_opened": round(baseline - opened_height, 1),
                "y_resolved": round(baseline - resolved_height, 1),
                "h_opened": round(opened_height, 1),
                "h_resolved": round(resolved_height, 1),
                "label_x": round(x + slot / 2, 1),
                "show_label": index % LABEL_EVERY == 0 or index == days - 1,
            }
        )
    return {
        "rows": rows,
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "left": CHART_LEFT,
        "right": CHART_WIDTH - CHART_RIGHT_MARGIN,
        "top": CHART_TOP,
        "baseline": baseline,
        "mid_y": round(CHART_TOP + plot_height / 2, 1),
        "max": top,
        "mid": round(top / 2, 1) if top % 2 else top // 2,
        "bar": round(bar, 1),
        "label_y": baseline + 18,
        "total_opened": sum(opened.values()),
        "total_resolved": sum(resolved.values()),
    }
