"""A clause comparison as a Word document whose redline is tracked changes.

The only user of python-docx. The redline is one run of paragraphs made of
OOXML revision marks (ECMA-376 Part 1, 17.13.5): deleted text in ``w:del``
(``w:delText``), inserted text in ``w:ins``, each with the author
:data:`AUTHOR` and one date; a paragraph that exists only on one side has its
paragraph mark marked deleted or inserted too (``w:pPr/w:rPr/w:del`` or
``w:ins``). So, in Word or LibreOffice:

- *accept all changes* leaves exactly the right text, paragraph by paragraph;
- *reject all changes* leaves exactly the left text.

Where matching ignored a difference (case, quotes, spaces: "equal" in the
diff), the two exact texts still differ: the unit is written as a deletion
and an insertion, so that both versions stay exact.

Around the redline: the citation header of both texts, how they are
compared, the figures, and the provenance of each text, as in the HTML
report. The file is deterministic: fixed zip entry times, and core
properties dated with the revision date.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from typing import Sequence

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from ..compare import ClauseComparison, group_text
from ..diff import DELETE, EQUAL, INSERT, unit_texts

AUTHOR = "treatycmp"
TEXT_STYLE = "Treaty Text"  # the paragraph style of the redline (and only of it)
EQUAL_KIND, DELETE_KIND, INSERT_KIND = EQUAL, DELETE, INSERT
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Atom:
    """A piece of the redline: ``kind`` equal, delete or insert; ``text``
    holds line breaks (``\\n``) and paragraph breaks (``\\n\\n``)."""

    kind: str
    text: str


@dataclass(frozen=True)
class DocxSide:
    """What the document says about one text (built by the caller from the
    same data as the HTML report)."""

    heading: str  # "Left text (base)": the role
    title: str
    citation: str  # place, date, citation, pinpoint
    language: str  # "English · authentic"
    state: str
    reference: str
    sha256: str
    sources: tuple[tuple[str, str | None], ...]
    notes: tuple[str, ...]


# ------------------------------------------------------------------ atoms

def _check(paragraphs) -> None:
    for p in paragraphs:
        text = p.full_text
        if "\n\n" in text or text.startswith("\n") or text.endswith("\n"):
            raise ValueError(f"{p.eid}: a blank line inside a paragraph cannot be "
                             "told from a paragraph break")


def redline_atoms(comparison: ClauseComparison) -> list[Atom]:
    """The redline of a comparison as atoms: the non-insert atoms join to the
    left text, the non-delete atoms to the right text (paragraphs joined by
    ``\\n\\n``), exactly."""
    _check(comparison.left.paragraphs)
    _check(comparison.right.paragraphs)
    out: list[Atom] = []
    left_seen = right_seen = False
    for row in comparison.paragraphs:
        left_break, right_break = left_seen and bool(row.lefts), right_seen and bool(row.rights)
        if left_break and right_break:
            out.append(Atom(EQUAL, "\n\n"))
        elif left_break:
            out.append(Atom(DELETE, "\n\n"))
        elif right_break:
            out.append(Atom(INSERT, "\n\n"))
        left_seen |= bool(row.lefts)
        right_seen |= bool(row.rights)
        if row.diff is None:
            kind = DELETE if row.lefts else INSERT
            out.append(Atom(kind, group_text(row.lefts or row.rights)))
            continue
        diff = row.diff
        for op in diff.opcodes:
            if op.tag == DELETE:
                out.append(Atom(DELETE, diff.left_text(op)))
            elif op.tag == INSERT:
                out.append(Atom(INSERT, diff.right_text(op)))
            else:
                pairs = zip(unit_texts(diff.left, op.i1, op.i2),
                            unit_texts(diff.right, op.j1, op.j2))
                for lt, rt in pairs:
                    out += _unit_atoms(lt, rt)
    return _shared_spaces(_merge([a for a in out if a.text]))


def _unit_atoms(left: str, right: str) -> list[Atom]:
    """Two matched units (a word and the space after it): a word spelled
    alike (the same code points) is unchanged, even where only the space
    after it differs; otherwise both exact texts are kept, as a change."""
    if left == right:
        return [Atom(EQUAL, left)]
    out = []
    for lt, rt in ((left.rstrip(), right.rstrip()),
                   (left[len(left.rstrip()):], right[len(right.rstrip()):])):
        out += [Atom(EQUAL, lt)] if lt == rt else [Atom(DELETE, lt), Atom(INSERT, rt)]
    return out


def _shared_spaces(atoms: list[Atom]) -> list[Atom]:
    """A change after which both texts have the same space (``attacked, forthwith``
    against ``attacked forthwith``: ``, `` deleted, `` `` inserted) keeps that
    space unchanged after it: ``attacked[,] forthwith``. Only within a line."""
    out: list[Atom] = []
    k = 0
    while k < len(atoms):
        if atoms[k].kind == EQUAL:
            out.append(atoms[k])
            k += 1
            continue
        end = k
        while end < len(atoms) and atoms[end].kind != EQUAL:
            end += 1
        block = atoms[k:end]
        k = end
        deleted = "".join(a.text for a in block if a.kind == DELETE)
        inserted = "".join(a.text for a in block if a.kind == INSERT)
        space = deleted[len(deleted.rstrip()):]
        if (not space or "\n" in deleted + inserted or not deleted.strip()
                or not inserted.endswith(space)):
            out += block
            continue
        out += [a for a in (Atom(DELETE, deleted[:-len(space)]),
                            Atom(INSERT, inserted[:-len(space)])) if a.text]
        out.append(Atom(EQUAL, space))
    return _merge(out)


def _merge(atoms: list[Atom]) -> list[Atom]:
    out: list[Atom] = []
    for atom in atoms:
        if out and out[-1].kind == atom.kind:
            out[-1] = Atom(atom.kind, out[-1].text + atom.text)
        else:
            out.append(atom)
    return out


def redline_paragraphs(atoms: Sequence[Atom]) -> list[tuple[list[Atom], str]]:
    """Word paragraphs: their atoms (no paragraph break inside) and the kind
    of their paragraph mark (equal, delete or insert)."""
    paragraphs: list[tuple[list[Atom], str]] = []
    current: list[Atom] = []
    for atom in atoms:
        parts = atom.text.split("\n\n")
        for k, part in enumerate(parts):
            if part:
                current.append(Atom(atom.kind, part))
            if k + 1 < len(parts):
                paragraphs.append((current, atom.kind))
                current = []
    paragraphs.append((current, EQUAL))
    return paragraphs


# ---------------------------------------------------------------- writing

class _Revisions:
    """Numbers the revision marks (w:id must be unique in the document)."""

    def __init__(self, date: dt.datetime) -> None:
        self.next_id = 1
        self.date = date.strftime("%Y-%m-%dT%H:%M:%SZ")

    def mark(self, tag: str):
        element = OxmlElement(tag)
        element.set(qn("w:id"), str(self.next_id))
        element.set(qn("w:author"), AUTHOR)
        element.set(qn("w:date"), self.date)
        self.next_id += 1
        return element


def _run(text: str, deleted: bool):
    run = OxmlElement("w:r")
    for k, line in enumerate(text.split("\n")):
        if k:
            run.append(OxmlElement("w:br"))
        if line:
            t = OxmlElement("w:delText" if deleted else "w:t")
            t.set(qn("xml:space"), "preserve")
            t.text = line
            run.append(t)
    return run


def _write_redline_paragraph(paragraph, atoms: list[Atom], mark: str,
                             revisions: _Revisions) -> None:
    p = paragraph._p
    if mark != EQUAL:
        ppr = p.get_or_add_pPr()
        rpr = OxmlElement("w:rPr")
        rpr.append(revisions.mark("w:del" if mark == DELETE else "w:ins"))
        ppr.append(rpr)
    for atom in atoms:
        if atom.kind == EQUAL:
            p.append(_run(atom.text, deleted=False))
        else:
            wrapper = revisions.mark("w:del" if atom.kind == DELETE else "w:ins")
            wrapper.append(_run(atom.text, deleted=atom.kind == DELETE))
            p.append(wrapper)


def _sentence(text: str) -> str:
    """``text`` ending with one full stop (never two)."""
    text = text.rstrip()
    return text if text.endswith((".", "!", "?")) else text + "."


def _header_and_footer(document, title: str) -> None:
    """The title at the head of every page, "Page N of M" at its foot (Word
    fields, computed by the reader)."""
    section = document.sections[0]
    section.header.paragraphs[0].text = title
    footer = section.footer.paragraphs[0]
    for k, part in enumerate(("Page ", "PAGE", " of ", "NUMPAGES")):
        if k % 2 == 0:
            footer.add_run(part)
            continue
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), part)
        field.append(_run("1", deleted=False))
        footer._p.append(field)


def _deterministic(data: bytes) -> bytes:
    """The same package with fixed entry times and order (zip timestamps
    would otherwise be the time of writing)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            info = zipfile.ZipInfo(name, _ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(name))
    return out.getvalue()


def comparison_to_docx(comparison: ClauseComparison, title: str, left: DocxSide,
                       right: DocxSide, language_note: str,
                       figures: Sequence[tuple[str, str]], date: dt.datetime,
                       date_note: str, version: str) -> bytes:
    """The comparison as a .docx file (bytes); ``date`` dates every tracked
    change, and ``date_note`` says in the document where it comes from."""
    document = Document()
    core = document.core_properties
    core.title, core.author, core.last_modified_by = title, AUTHOR, AUTHOR
    core.created = core.modified = date.replace(tzinfo=None)
    core.revision = 1
    core.comments = f"treatycmp {version}"
    style = document.styles.add_style(TEXT_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    style.font.size = Pt(11)
    style.paragraph_format.space_after = Pt(8)

    _header_and_footer(document, title)
    document.add_heading(title, 0)
    for side in (left, right):
        document.add_heading(f"{side.heading}: {side.title}", 2)
        document.add_paragraph(side.citation)
        document.add_paragraph(f"{side.language}. State of the text: {_sentence(side.state)}")
    document.add_paragraph(language_note)
    document.add_heading("Redline (tracked changes)", 1)
    explain = document.add_paragraph(
        "The redline below is made of tracked changes by the author “treatycmp”: accept "
        "all changes to read the right text exactly, reject all to read the left text "
        f"exactly. {date_note} The direction is a reading aid: it does not claim that one "
        "text amended or derived from the other.")
    explain.runs[0].font.color.rgb = RGBColor(0x5B, 0x5B, 0x66)
    if not comparison.complete:
        document.add_paragraph(
            "Note. The diff of at least one paragraph reached its time limit: accepting or "
            "rejecting still gives each text exactly, but the changes may be more than the "
            "minimum.")
    revisions = _Revisions(date)
    for atoms, mark in redline_paragraphs(redline_atoms(comparison)):
        _write_redline_paragraph(document.add_paragraph(style=TEXT_STYLE), atoms, mark,
                                 revisions)
    document.add_heading("Figures", 1)
    table = document.add_table(rows=0, cols=2)
    for name, value in figures:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = name, value
    document.add_heading("Provenance of the texts", 1)
    for side in (left, right):
        document.add_heading(f"{side.title} ({side.language})", 3)
        for description, url in side.sources or (("No source recorded.", None),):
            document.add_paragraph(_sentence(description) + (f" {url}" if url else ""),
                                   style="List Bullet")
        for note in side.notes:
            document.add_paragraph(note)
        document.add_paragraph(f"Text {side.reference} exactly as stored in the treatycmp "
                               f"corpus; SHA-256 of its paragraphs joined by blank lines: "
                               f"{side.sha256}")
    document.add_paragraph(f"Made by treatycmp {version}.")
    buffer = io.BytesIO()
    document.save(buffer)
    return _deterministic(buffer.getvalue())


# ------------------------------------------------------------- from the model

def docx_side(side) -> DocxSide:
    """What the document says about one text: the clause report's
    :class:`treatycmp.report.clause.Side`, worded for a Word document."""
    citation = side.signed
    if side.citation:
        citation += f"; {side.citation}"
    elif side.no_citation:
        citation += f" (no official citation: {side.no_citation})"
    if side.amended_by:
        citation += f", as amended by {side.amended_by}"
    return DocxSide(
        heading="Left text (base)" if side.role == "left" else "Right text",
        title=f"{side.title}, {side.provision_label}"
              + (f" ({side.heading})" if side.heading else ""),
        citation=f"{citation}, {side.pinpoint}.",
        language=f"{side.language} · {side.authority}",
        state=side.state, reference=side.reference, sha256=side.sha256,
        sources=side.sources, notes=side.notes)


def revision_date(sides) -> tuple[dt.datetime, str]:
    """A fixed date for the tracked changes when no timestamp is asked for:
    the latest date a source of either text was accessed (else the later
    signing date), so that the same input gives the same file."""
    accessed = [s.accessed for _, version, provision in sides
                for s in (version.source(i) for i in provision.checked) if s and s.accessed]
    accessed = accessed or [s.accessed for _, version, _ in sides
                            for s in version.sources if s.accessed]
    if accessed:
        day = max(accessed)
        note = (f"The changes are dated {day.isoformat()}, the latest date a source of "
                "either text was consulted, not the time this file was made.")
    else:
        day = max(treaty.work.signed_date for treaty, _, _ in sides)
        note = (f"The changes are dated {day.isoformat()}, the later signing date, not the "
                "time this file was made.")
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc), note
