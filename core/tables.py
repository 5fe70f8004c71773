"""GOV.UK tables built in Python: the markup of govuk-frontend's table component, without a macro call per cell.

The component's Jinja macro costs about 0.4 ms for a table of a dozen rows; these build the same
elements and classes in a few microseconds per cell. ``responsive_table`` backs the template macro of
the same name (templates/macros/tables.html): each data cell carries its column's header as ``data-label``,
so on a phone a row reads as a summary card (frontend/src/components/_cards.scss); static/js/tables.js
makes the wrapper a focusable, labelled region only while it really scrolls sideways.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from markupsafe import Markup, escape


def _content(cell: Mapping) -> Markup:
    html = cell.get("html")
    return Markup(html) if html else escape(cell.get("text", ""))  # noqa: S704 - "html" is markup by contract


def _attributes(cell: Mapping) -> str:
    """colspan, rowspan and ``attributes`` as govuk-frontend's govukAttributes macro writes them."""
    out = [f' {name}="{escape(cell[name])}"' for name in ("colspan", "rowspan") if cell.get(name)]
    attributes = cell.get("attributes")
    if isinstance(attributes, str):
        return "".join(out) + attributes
    for name, value in (attributes or {}).items():
        if isinstance(value, Mapping):
            value, optional = value.get("value"), value.get("optional") is True
        else:
            value, optional = (str(value).lower() if isinstance(value, bool) else value), False
        if optional and value is True:
            out.append(f" {escape(name)}")
        elif not optional or (value is not None and value is not False):
            out.append(f' {escape(name)}="{escape(value)}"')
    return "".join(out)


def govuk_table(params: Mapping) -> Markup:
    """The markup govuk-frontend's govukTable macro renders for the same parameters."""
    classes = f" {escape(params['classes'])}" if params.get("classes") else ""
    parts = [f'<table class="govuk-table{classes}"{_attributes({"attributes": params.get("attributes")})}>']
    if params.get("caption"):
        caption_classes = f" {escape(params['captionClasses'])}" if params.get("captionClasses") else ""
        parts.append(f'<caption class="govuk-table__caption{caption_classes}">{escape(params["caption"])}</caption>')
    if params.get("head"):
        parts.append('<thead class="govuk-table__head"><tr class="govuk-table__row">')
        for item in params["head"]:
            extra = f" govuk-table__header--{escape(item['format'])}" if item.get("format") else ""
            extra += f" {escape(item['classes'])}" if item.get("classes") else ""
            parts.append(f'<th scope="col" class="govuk-table__header{extra}"{_attributes(item)}>{_content(item)}</th>')
        parts.append("</tr></thead>")
    parts.append('<tbody class="govuk-table__body">')
    first_is_header = params.get("firstCellIsHeader")
    for row in params.get("rows") or ():
        if not row:
            continue
        parts.append('<tr class="govuk-table__row">')
        for index, cell in enumerate(row):
            extra = f" {escape(cell['classes'])}" if cell.get("classes") else ""
            if index == 0 and first_is_header:
                parts.append(
                    f'<th scope="row" class="govuk-table__header{extra}"{_attributes(cell)}>{_content(cell)}</th>'
                )
            else:
                numeric = f" govuk-table__cell--{escape(cell['format'])}" if cell.get("format") else ""
                parts.append(f'<td class="govuk-table__cell{numeric}{extra}"{_attributes(cell)}>{_content(cell)}</td>')
        parts.append("</tr>")
    parts.append("</tbody></table>")
    return Markup("".join(parts))  # noqa: S704 - every value above is escaped or markup by contract


def _cell(value) -> dict:
    if isinstance(value, Mapping):
        return dict(value)
    if value is None:
        return {"text": ""}
    if hasattr(value, "__html__"):
        return {"html": value}
    return {"text": str(value)}


def responsive_table(
    headers: Sequence[str],
    rows: Iterable[Sequence],
    caption: str | None = None,
    caption_classes: str = "govuk-table__caption--m",
    numeric_columns: Sequence[int] = (),
    first_cell_is_header: bool = False,
    empty_text: str = "There is nothing to show.",
    classes: str = "",
) -> Markup:
    """A GOV.UK table that reads as summary cards on a phone; ``empty_text`` when no rows.

    Each cell is a string, a number, Markup, None, or a dict govukTable understands ({"text": ...} or
    {"html": ...}, "format": "numeric"); ``numeric_columns`` (0-based) are right-aligned.
    """
    numeric = set(numeric_columns)
    body = []
    for row in rows:
        cells = []
        for index, value in enumerate(row):
            cell = _cell(value)
            if index in numeric and "format" not in cell:
                cell["format"] = "numeric"
            if index < len(headers) and not (first_cell_is_header and index == 0):
                cell["attributes"] = {**(cell.get("attributes") or {}), "data-label": headers[index]}
            cells.append(cell)
        body.append(cells)
    if not body:
        heading = f'<h2 class="govuk-heading-m">{escape(caption)}</h2>' if caption else ""
        return Markup(f'{heading}<p class="govuk-body cip-table-empty">{escape(empty_text)}</p>')  # noqa: S704
    head = [{"text": h, "format": "numeric" if i in numeric else None} for i, h in enumerate(headers)]
    table = govuk_table(
        {
            "caption": caption,
            "captionClasses": caption_classes,
            "head": head,
            "rows": body,
            "firstCellIsHeader": first_cell_is_header,
            "classes": f"cip-cards {classes}".strip(),
        }
    )
    label = escape(caption or "Table")
    return Markup(f'<div class="cip-table-wrap" data-region-label="{label}">{table}</div>')  # noqa: S704
