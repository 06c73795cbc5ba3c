"""Writing treaty XML: the only code that writes treaty files.

- :func:`version_to_xml`: a :class:`~treatycmp.model.TextVersion` as the
  bytes of a language file (``en.xml``).
- :func:`work_to_xml`: a :class:`~treatycmp.model.Work` as the bytes of a
  ``treaty.xml``.

The output is UTF-8 with an XML declaration, indented two spaces per level,
with every text on one line exactly as the model holds it: nothing is
normalised, trimmed or re-encoded (``&``, ``<`` and ``>`` are escaped by
lxml, everything else is written as the character itself). It validates
against the schema, and :func:`treatycmp.store.load_treaty` reads it back to
an equal model (apart from ``path`` and ``Provision.line``, which record
where a file was read from).

The inverse of :mod:`treatycmp.store.read`, so it follows the same
conventions: a paragraph's or point's ``n`` attribute is the last part of
its eid (``art_5__para_2`` -> ``2``), written when the paragraph has a
printed number or when the eid is not simply its position. The text's tree
(``TextVersion.body``: articles and :class:`~treatycmp.model.Division`
values) is written as ``<body>`` with nested ``<division>`` elements, and
each :class:`~treatycmp.model.Annex` as an ``<annex>`` after the
conclusions (an annex holding one provision of kind ``annex`` is written
with plain ``<p>`` paragraphs). Eids of divisions and annexes are not
written: the reader derives them (:func:`treatycmp.model.division_eid`).

Values the schema cannot hold (an empty title, a line break inside a text, an
untranscribed article with wording) raise ``ValueError``: the model came from
code, so that is a programmer error, not bad data.

Like the store, this module uses lxml; it parses nothing, so no parser
settings are involved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from lxml import etree

from .. import model as m

SCHEMA_VERSION = "2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'
INDENT = "  "


def version_to_xml(version: m.TextVersion, *,
                   comments: Mapping[str, str] | None = None) -> bytes:
    """The language file for ``version``.

    ``comments`` maps an ElementPath relative to ``<text>`` (``"meta/title"``,
    ``"body/article"``) to the text of an XML comment placed just before the
    first element it finds; ``"."`` puts a comment above ``<text>`` itself.
    Used by :mod:`treatycmp.contrib.scaffold` to explain what to write where.
    """
    root = etree.Element("text")
    _set(root, "treaty", version.treaty_id)
    root.set(XML_LANG, _line(version.lang, "xml:lang"))
    root.set("schemaVersion", SCHEMA_VERSION)
    _set(root, "authority", version.authority)
    _set(root, "translationOf", version.translation_of)
    root.append(_meta(version))
    if version.preamble is not None:
        root.append(_provision(version.preamble, "p"))
    if not version.articles:
        raise ValueError(f"{version.treaty_id}@{version.lang}: a text needs at least "
                         "one article (record it as untranscribed if need be)")
    body = etree.SubElement(root, "body")
    _items(body, version.body)
    if version.conclusions is not None:
        root.append(_provision(version.conclusions, "p"))
    for annex in version.annexes:
        root.append(_annex(annex))
    return _to_bytes(root, comments)


def work_to_xml(work: m.Work, *, comments: Mapping[str, str] | None = None) -> bytes:
    """The ``treaty.xml`` for ``work``; ``comments`` as in :func:`version_to_xml`."""
    root = etree.Element("treaty")
    _set(root, "id", work.id)
    root.set("schemaVersion", SCHEMA_VERSION)
    if work.draft:
        root.set("status", "draft")
    signed = etree.SubElement(root, "signed")
    _set(signed, "date", _date(work.signed_date, "signed date"))
    _set(signed, "place", work.signed_place)
    _set(signed, "by", work.signed_by)
    force = etree.SubElement(root, "entryIntoForce")
    _set(force, "date", _date(work.entry_into_force))
    force.text = _optional_line(work.entry_into_force_note, "entry into force note")
    if not work.parties:
        raise ValueError(f"{work.id}: a treaty needs at least one party")
    _texts(etree.SubElement(root, "parties"), "party", work.parties)
    _text(root, "depositary", work.depositary)
    if not work.authentic_languages:
        raise ValueError(f"{work.id}: a treaty needs at least one authentic language")
    languages = etree.SubElement(root, "authenticLanguages")
    for code in work.authentic_languages:
        _set(etree.SubElement(languages, "language"), "code", code)
    root.append(_citations(work))
    status = etree.SubElement(root, "status")
    _set(status, "value", work.status)
    _set(status, "asOf", _date(work.status_as_of))
    status.text = _optional_line(work.status_note, "status note")
    _texts(root, "note", work.notes)
    return _to_bytes(root, comments)


# ------------------------------------------------------------- elements

def _meta(version: m.TextVersion) -> etree._Element:
    meta = etree.Element("meta")
    _text(meta, "title", version.title)
    _text(meta, "shortTitle", version.short_title)
    if version.translator is not None:
        _text(meta, "translator", version.translator)
    _text(meta, "state", version.state, kind=version.state_kind, by=version.amended_by)
    if not version.sources:
        raise ValueError(f"{version.treaty_id}@{version.lang}: a text needs a source")
    sources = etree.SubElement(meta, "sources")
    for source in version.sources:
        _text(sources, "source", source.description, id=source.id, url=source.url,
              accessed=_date(source.accessed))
    _texts(meta, "note", version.notes)
    return meta


def _items(parent: etree._Element, items) -> None:
    """Articles and divisions, in order, into a body, division or annex."""
    if not items:
        raise ValueError(f"<{parent.tag}> needs at least one article or division")
    for item in items:
        if isinstance(item, m.Division):
            el = etree.SubElement(parent, "division")
            _set(el, "kind", item.kind)
            _set(el, "n", item.n)
            if item.num is not None:
                _text(el, "num", item.num)
            if item.heading is not None:
                _text(el, "heading", item.heading)
            _intro(el, item.intro, item.eid)
            if item.items or item.intro is None:  # a division may hold only an intro
                _items(el, item.items)
        elif item.kind == m.ARTICLE:
            parent.append(_provision(item, "para"))
        else:
            raise ValueError(f"{item.eid}: a body holds articles and divisions, "
                             f"not a {item.kind}")


def _annex(annex: m.Annex) -> etree._Element:
    items = annex.items
    if len(items) == 1 and isinstance(items[0], m.Provision) and items[0].kind == m.ANNEX:
        el = _provision(items[0], "p", tag="annex")
    else:
        el = etree.Element("annex")
        _intro(el, annex.intro, annex.eid)
        _items(el, items)
    head = []
    _set(el, "kind", annex.kind)
    _set(el, "n", annex.n)
    head.append(_text(etree.Element("x"), "num", annex.num))
    if annex.heading is not None:
        head.append(_text(etree.Element("x"), "heading", annex.heading))
    for i, child in enumerate(head):
        el.insert(i, child)
    # attributes in schema order: kind, n, then status/checked
    attributes = dict(el.attrib)
    el.attrib.clear()
    for name in ("kind", "n", "status", "checked"):
        if name in attributes:
            el.set(name, attributes[name])
    return el


def _intro(parent: etree._Element, intro: m.Provision | None, where: str) -> None:
    """The ``<intro>`` of a division or annex: plain paragraphs, or not yet
    transcribed (a note, no text)."""
    if intro is None:
        return
    if intro.kind != m.INTRO:
        raise ValueError(f"{where}: an intro is a provision of kind {m.INTRO!r}")
    parent.append(_provision(intro, "p"))


def _provision(provision: m.Provision, child: str, tag: str | None = None) -> etree._Element:
    """``<preamble>``, ``<article>`` or ``<conclusions>`` (or ``tag``: the
    ``<annex>`` holding plain paragraphs); ``child`` is ``p`` for plain
    paragraphs (preamble, conclusions, annex), ``para`` for articles."""
    el = etree.Element(tag or provision.kind)
    where = provision.eid
    if provision.kind == m.ARTICLE:
        _set(el, "n", provision.n)
    if not provision.transcribed:
        if provision.paragraphs or provision.superseded or provision.checked:
            raise ValueError(f"{where}: an untranscribed provision has no wording, "
                             "superseded wording or checked sources")
        if len(provision.notes) != 1:
            raise ValueError(f"{where}: an untranscribed provision has exactly one note "
                             "saying why")
        el.set("status", "untranscribed")
    else:
        if not provision.paragraphs or not provision.checked:
            raise ValueError(f"{where}: a transcribed provision needs wording and the "
                             "sources it was checked against")
        el.set("checked", _ids(provision.checked, where))
    if provision.kind == m.ARTICLE:
        _text(el, "num", provision.label)
        if provision.heading is not None:
            _text(el, "heading", provision.heading)
    elif provision.heading is not None and provision.kind != m.ANNEX:
        raise ValueError(f"{where}: only an article or annex has a heading")
    for paragraph in provision.paragraphs:
        if child == "p":
            if paragraph.num is not None or paragraph.points or paragraph.wrap_up:
                raise ValueError(f"{paragraph.eid}: a {provision.kind} holds plain "
                                 "paragraphs only (no numbers or points)")
            _text(el, "p", paragraph.text)
        else:
            el.append(_para(paragraph, provision.paragraphs))
    for i, wording in enumerate(provision.superseded, 1):
        if provision.kind != m.ARTICLE:
            raise ValueError(f"{where}: only an article has superseded wordings")
        el.append(_superseded(wording, f"{where}__superseded_{i}"))
    _texts(el, "note", provision.notes)
    return el


def _superseded(wording: m.Wording, where: str) -> etree._Element:
    el = etree.Element("superseded")
    _set(el, "by", wording.replaced_by)
    _set(el, "effective", _date(wording.effective))
    if not wording.checked or not wording.paragraphs:
        raise ValueError(f"{where}: a superseded wording needs wording and the "
                         "sources it was checked against")
    el.set("checked", _ids(wording.checked, where))
    for paragraph in wording.paragraphs:
        el.append(_para(paragraph, wording.paragraphs))
    return el


def _para(paragraph: m.Paragraph, siblings: tuple[m.Paragraph, ...]) -> etree._Element:
    el = etree.Element("para")
    _number(el, paragraph.eid, paragraph.num, _position(paragraph, siblings))
    _text(el, "p", paragraph.text)
    for point in paragraph.points:
        el.append(_point(point, paragraph.points))
    if paragraph.wrap_up is not None:
        _text(el, "p", paragraph.wrap_up)
    return el


def _point(point: m.Point, siblings: tuple[m.Point, ...]) -> etree._Element:
    el = etree.Element("point")
    _number(el, point.eid, point.num, _position(point, siblings))
    _text(el, "p", point.text)
    for child in point.points:
        el.append(_point(child, point.points))
    return el


def _position(item, siblings) -> int:
    return next(i for i, sibling in enumerate(siblings, 1) if sibling is item)


def _number(el: etree._Element, eid: str, num: str | None, position: int) -> None:
    """``n`` (from the eid) and ``<num>``: the store names an item by its
    ``n``, or by its position when it has none, so ``n`` is written when it
    is needed to give the same eid, and whenever a number is printed."""
    n = eid.rsplit("_", 1)[-1]
    if num is not None or n != str(position):
        _set(el, "n", n)
    if num is not None:
        _text(el, "num", num)


def _citations(work: m.Work) -> etree._Element:
    el = etree.Element("citations")
    if work.citations and work.no_citation_reason:
        raise ValueError(f"{work.id}: give citations or a reason for their absence, "
                         "not both")
    if not work.citations:
        if not work.no_citation_reason:
            raise ValueError(f"{work.id}: no citation and no reason for its absence")
        _text(el, "none", work.no_citation_reason)
    for citation in work.citations:
        _text(el, "citation", citation.text,
              verified=None if citation.verified else "false")
    return el


# --------------------------------------------------------------- values

def _line(value: str, what: str) -> str:
    """``value`` unchanged, if the schema and the store can hold it."""
    if not isinstance(value, str) or not value:
        raise ValueError(f"{what}: expected a non-empty string, got {value!r}")
    if "\n" in value or "\r" in value or "\t" in value:
        raise ValueError(f"{what}: a stored text is one line (no line breaks or tabs): "
                         f"{value[:60]!r}")
    if value != value.strip():
        raise ValueError(f"{what}: a stored text has no leading or trailing spaces: "
                         f"{value[:60]!r}")
    return value


def _optional_line(value: str | None, what: str) -> str | None:
    return None if value is None else _line(value, what)


def _date(value: dt.date | None, what: str = "date") -> str | None:
    if value is None:
        if what != "date":
            raise ValueError(f"{what} is required")
        return None
    return value.isoformat()


def _ids(ids: Iterable[str], where: str) -> str:
    return " ".join(_line(i, f"{where}: checked source id") for i in ids)


def _set(el: etree._Element, name: str, value: str | None) -> None:
    if value is not None:
        el.set(name, _line(value, f"<{el.tag} {name}>"))


def _text(parent: etree._Element, tag: str, value: str,
          **attributes: str | None) -> etree._Element:
    """A child element holding one line of text; attributes in the order given."""
    el = etree.SubElement(parent, tag)
    for name, attribute in attributes.items():
        _set(el, name, attribute)
    el.text = _line(value, f"<{tag}> in <{parent.tag}>")
    return el


def _texts(parent: etree._Element, tag: str, values: Iterable[str]) -> None:
    for value in values:
        _text(parent, tag, value)


def _to_bytes(root: etree._Element, comments: Mapping[str, str] | None) -> bytes:
    top = b""
    for path, text in (comments or {}).items():
        if path == ".":
            top += etree.tostring(etree.Comment(_comment_text(text, 0))) + b"\n"
            continue
        target = root.find(path)
        if target is None:
            raise ValueError(f"comment for {path!r}: no such element")
        depth = sum(1 for _ in target.iterancestors())
        target.addprevious(etree.Comment(_comment_text(text, depth)))
    etree.indent(root, space=INDENT)
    return DECLARATION + top + etree.tostring(root, encoding="UTF-8") + b"\n"


def _comment_text(text: str, depth: int) -> str:
    """`` text `` with continuation lines lined up under the first."""
    if "--" in text or text.endswith("-"):
        raise ValueError(f"an XML comment cannot contain '--': {text[:60]!r}")
    pad = "\n" + INDENT * depth + "     "
    return f" {pad.join(line.strip() for line in text.splitlines())} "
