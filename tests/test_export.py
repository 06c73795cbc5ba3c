"""Reports that leave the browser: the Word redline (tracked changes) and the PDF.

The Word redline is checked three ways: python-docx opens it; the tracked
changes in word/document.xml, accepted or rejected by the rules of OOXML
(ECMA-376 Part 1, 17.13.5), give back exactly the right or the left text,
paragraph by paragraph (every pair of stored defence clauses, and made-up
clauses); and LibreOffice itself (headless, through Python-UNO:
tests/lo_revisions.py) accepts and rejects all changes with the same
result. The LibreOffice test is skipped when soffice is absent, except when
TREATYCMP_REQUIRE_LIBREOFFICE=1 (set by .ci/run).
"""

from __future__ import annotations

import io
import itertools
import json
import os
import re
import shutil
import subprocess
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from lxml import etree

from treatycmp import store
from treatycmp.cli import main
from treatycmp.compare import Options, compare_provisions
from treatycmp.export import comparison_to_json  # noqa: F401  (the old import still works)
from treatycmp.report.clause import describe_side
from treatycmp.export.docx import (AUTHOR, TEXT_STYLE, comparison_to_docx, docx_side,
                                   redline_atoms, redline_paragraphs, revision_date)
from treatycmp.model import Paragraph, Provision
from treatycmp.text import Folding
from conftest import CORPUS, ROOT, compared

docx = pytest.importorskip("docx")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DEFENCE = ["nato-1949@en:5", "anzus-1951@en:4", "us-japan-1960@en:5", "us-rok-1953@en:3",
           "brussels-1948@en:5", "teu-42-7@en:42", "ecowas-pmad-1981@en:2",
           "au-pact-2005@en:4", "liptako-gourma-2023@en:6", "nato-1949@fr:5",
           "liptako-gourma-2023@fr:6"]


def side(ref):
    treaty_id, rest = ref.split("@")
    lang, n = rest.split(":")
    treaty = store.load_treaty(CORPUS, treaty_id)
    version = treaty.version(lang)
    return treaty, version, version.find(n)


def make_docx(lside, rside, comparison=None, folding=Folding()):
    comparison = comparison or compare_provisions(lside[2], rside[2], Options(folding=folding))
    date, note = revision_date((lside, rside))
    return comparison_to_docx(comparison, "A title",
                              docx_side(describe_side("left", *lside)),
                              docx_side(describe_side("right", *rside)),
                              "A note.", (("Figure", "1"),), date, note, "test")


def resolve(data: bytes, accept: bool) -> list[str]:
    """Accept or reject every tracked change of the redline paragraphs, by
    the OOXML rules: what is left of each paragraph, paragraphs whose mark is
    removed joined to the next one."""
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    drop, keep = (f"{W}del", f"{W}ins") if accept else (f"{W}ins", f"{W}del")
    out, carry = [], None
    for p in root.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is None or style.get(f"{W}val") != TEXT_STYLE.replace(" ", ""):
            continue
        text = []
        for child in p:
            if child.tag == drop:
                continue
            runs = [child] if child.tag == f"{W}r" else list(child) if child.tag == keep else []
            for run in runs:
                for node in run:
                    if node.tag in (f"{W}t", f"{W}delText"):
                        text.append(node.text or "")
                    elif node.tag == f"{W}br":
                        text.append("\n")
        text = (carry or "") + "".join(text)
        if p.find(f"{W}pPr/{W}rPr/{drop}") is not None:
            carry = text  # the paragraph mark goes: this paragraph joins the next
        else:
            out.append(text)
            carry = None
    assert carry is None
    return out


def texts(provision) -> list[str]:
    return [p.full_text for p in provision.paragraphs]


# ------------------------------------------------------------ the redline

PAIRS = list(itertools.permutations(DEFENCE[:9], 2))[::3] + [
    ("nato-1949@fr:5", "liptako-gourma-2023@fr:6"), ("liptako-gourma-2023@fr:6", "nato-1949@fr:5"),
    ("nato-1949@en:6", "au-pact-2005@en:2"), ("au-pact-2005@en:2", "nato-1949@en:6")]


@pytest.mark.parametrize("left,right", PAIRS)
def test_accepting_gives_the_right_text_and_rejecting_the_left(left, right):
    lside, rside = side(left), side(right)
    data = make_docx(lside, rside)
    assert resolve(data, accept=True) == texts(rside[2])
    assert resolve(data, accept=False) == texts(lside[2])


def test_atoms_rebuild_both_texts_even_where_matching_folded():
    lside = side("nato-1949@en:5")
    words = [p.full_text.replace("Parties", "parties").replace("  ", " ")
             for p in lside[2].paragraphs]
    right = provision(words + ["A new paragraph: “quoted”."])
    comparison = compare_provisions(lside[2], right)
    atoms = redline_atoms(comparison)
    assert "".join(a.text for a in atoms if a.kind != "insert") == lside[2].full_text
    assert "".join(a.text for a in atoms if a.kind != "delete") == right.full_text
    data = make_docx(lside, (lside[0], lside[1], right), comparison)
    assert resolve(data, True) == texts(right) and resolve(data, False) == texts(lside[2])


WORDS = ["The", "the", "Parties", "parties", "agree", "armed", "attack", "l’une", "l'une",
         "shall", "Council.", "(a)", "force,", "État", "“assist”", "\"assist\"", "51;"]
paragraph_text = st.lists(st.sampled_from(WORDS), min_size=1, max_size=12).map(" ".join)
lines = st.lists(paragraph_text, min_size=1, max_size=2).map("\n".join)
clause = st.lists(lines, min_size=1, max_size=4)


def provision(paragraphs, n="1"):
    paras = tuple(Paragraph(f"art_{n}__para_{k}", None, text)
                  for k, text in enumerate(paragraphs, 1))
    return Provision("article", f"art_{n}", n, f"Article {n}", None, paras, True)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(clause, clause)
def test_made_up_clauses_round_trip_through_tracked_changes(left, right):
    base = side("nato-1949@en:5")
    lside = (base[0], base[1], provision(left, "1"))
    rside = (base[0], base[1], provision(right, "2"))
    data = make_docx(lside, rside)
    assert resolve(data, True) == right
    assert resolve(data, False) == left
    paragraphs = redline_paragraphs(redline_atoms(
        compare_provisions(lside[2], rside[2])))
    assert paragraphs[-1][1] == "equal"


def test_the_document_opens_and_marks_every_change_with_author_and_date():
    lside, rside = side("nato-1949@en:5"), side("anzus-1951@en:4")
    data = make_docx(lside, rside)
    document = docx.Document(io.BytesIO(data))
    body = "\n".join(p.text for p in document.paragraphs)
    assert "North Atlantic Treaty" in body and "ANZUS" in body
    assert "63 Stat. 2241" in body  # the citation header
    assert "Provenance of the texts" in body and lside[2] and "SHA-256" in body
    assert document.sections[0].header.paragraphs[0].text == "A title"
    footer = zipfile.ZipFile(io.BytesIO(data)).read("word/footer1.xml").decode()
    assert 'w:instr="PAGE"' in footer and 'w:instr="NUMPAGES"' in footer
    assert ".." not in body.replace("...", "")
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    marks = list(root.iter(f"{W}ins", f"{W}del"))
    assert len(marks) > 5
    date, _ = revision_date((lside, rside))
    assert {m.get(f"{W}author") for m in marks} == {AUTHOR}
    assert {m.get(f"{W}date") for m in marks} == {date.strftime("%Y-%m-%dT%H:%M:%SZ")}
    ids = [m.get(f"{W}id") for m in marks]
    assert len(ids) == len(set(ids))
    assert make_docx(lside, rside) == data  # deterministic, byte for byte


def test_compare_writes_docx_by_extension_and_refuses_unknown_ones(runner, tmp_path):
    out = tmp_path / "r.docx"
    result = runner.invoke(main, ["compare", "nato-1949@fr:5", "liptako-gourma-2023@fr:6",
                                  "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert zipfile.is_zipfile(out) and result.stdout.strip() == str(out)
    assert resolve(out.read_bytes(), True) == texts(side("liptako-gourma-2023@fr:6")[2])
    for name in ("r.txt", "r.doc", "r"):
        result = runner.invoke(main, ["compare", "nato-1949@fr:5", "liptako-gourma-2023@fr:6",
                                      "-o", str(tmp_path / name)])
        assert result.exit_code == 2 and "not a report format" in result.output
        assert not (tmp_path / name).exists()
    result = runner.invoke(main, ["compare", "nato-1949@fr", "liptako-gourma-2023@fr",
                                  "-o", str(tmp_path / "t.docx")])
    assert result.exit_code == 2 and "two articles" in result.output
    result = runner.invoke(main, ["compare", "nato-1949@fr:5", "liptako-gourma-2023@fr:6",
                                  "-o", str(tmp_path / "r.pdf"), "--format", "docx"])
    assert result.exit_code == 2 and "says .pdf" in result.output
    html = tmp_path / "named.html"
    result = runner.invoke(main, ["compare", "nato-1949@fr:5", "liptako-gourma-2023@fr:6",
                                  "-o", str(html), "--format", "html"])
    assert result.exit_code == 0 and html.read_text(encoding="utf-8").startswith("<!DOCTYPE")


def test_timestamp_dates_the_changes_now(runner, tmp_path):
    out = tmp_path / "r.docx"
    runner.invoke(main, ["compare", "nato-1949@en:5", "anzus-1951:4", "-o", str(out),
                         "--timestamp"])
    root = etree.fromstring(zipfile.ZipFile(out).read("word/document.xml"))
    dates = {m.get(f"{W}date") for m in root.iter(f"{W}ins", f"{W}del")}
    fixed, _ = revision_date((side("nato-1949@en:5"), side("anzus-1951@en:4")))
    assert len(dates) == 1 and dates != {fixed.strftime("%Y-%m-%dT%H:%M:%SZ")}


# ------------------------------------------------------------- LibreOffice

SOFFICE = shutil.which("soffice")
REQUIRE_LO = os.environ.get("TREATYCMP_REQUIRE_LIBREOFFICE") == "1"
UNO_PYTHON = "/usr/bin/python3"


def _uno_ready() -> str | None:
    if not SOFFICE:
        return "soffice not found (Debian: apt install libreoffice-writer-nogui)"
    probe = subprocess.run([UNO_PYTHON, "-c", "import uno"], capture_output=True)
    if probe.returncode:
        return "the system Python has no uno module (Debian: apt install python3-uno)"
    return None


LO_PAIRS = [
    ("nato-1949@fr:5", "liptako-gourma-2023@fr:6"),  # the flagship: a paragraph alone
    ("nato-1949@en:5", "anzus-1951@en:4"),  # moves, two paragraphs each
    ("nato-1949@en:6", "au-pact-2005@en:2"),  # points (line breaks) on both sides
]


@pytest.fixture(scope="module")
def libreoffice(tmp_path_factory):
    """What LibreOffice makes of the redlines of LO_PAIRS (one office start)."""
    problem = _uno_ready()
    if problem:
        if REQUIRE_LO:
            pytest.fail(f"TREATYCMP_REQUIRE_LIBREOFFICE=1 but {problem}")
        pytest.skip(problem)
    folder = tmp_path_factory.mktemp("libreoffice")
    paths = []
    for k, (left, right) in enumerate(LO_PAIRS):
        path = folder / f"redline-{k}.docx"
        path.write_bytes(make_docx(side(left), side(right)))
        paths.append(str(path))
    run = subprocess.run([UNO_PYTHON, str(ROOT / "tests" / "lo_revisions.py"), TEXT_STYLE,
                          *paths], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    results = json.loads(run.stdout)
    return [results[path] for path in paths]


@pytest.mark.parametrize("k", range(len(LO_PAIRS)), ids=[f"{a}-{b}" for a, b in LO_PAIRS])
def test_libreoffice_accepts_and_rejects_to_the_exact_texts(libreoffice, k):
    left, right = LO_PAIRS[k]
    result = libreoffice[k]
    assert result["redlines"] > 0 and result["authors"] == [AUTHOR]
    assert result["accept"] == texts(side(right)[2]) and result["accept_left"] == 0
    assert result["reject"] == texts(side(left)[2]) and result["reject_left"] == 0


# --------------------------------------------------------------------- PDF

REQUIRE_PDF = os.environ.get("TREATYCMP_REQUIRE_PDF") == "1"  # set by .ci/run


@pytest.fixture(scope="module")
def pdf_tools():
    from treatycmp.export.pdf import pdf_available

    problem = pdf_available()
    if problem:
        if REQUIRE_PDF:
            pytest.fail(f"TREATYCMP_REQUIRE_PDF=1 but {problem}")
        pytest.skip(problem)
    return pytest.importorskip("pypdf")


def pdf_pages(pypdf, path) -> list[str]:
    # Some fonts come out of the extractor as UTF-16 code units: drop the NULs.
    return [" ".join(page.extract_text().replace("\x00", "").split())
            for page in pypdf.PdfReader(str(path)).pages]


def test_pdf_has_the_reports_text_page_numbers_and_running_header(pdf_tools, runner, tmp_path):
    out = tmp_path / "flagship.pdf"
    result = runner.invoke(main, ["compare", "nato-1949@fr:5", "liptako-gourma-2023@fr:6",
                                  "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF-")
    pages = pdf_pages(pdf_tools, out)
    assert len(pages) >= 2
    title = "Traité de l'Atlantique Nord, Article 5 · Charte du Liptako-Gourma, Article 6"
    for number, text in enumerate(pages, 1):
        assert text.endswith(f"Page {number} of {len(pages)}")
        assert text.count(f"Page {number} of") == 1  # one page number, not the PDF's and the report's
        assert title in text  # the running header (and the title on page 1)
    for page in pdf_tools.PdfReader(str(out)).pages:  # the report's print layout: A4 landscape
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (842, 595)
    whole = " ".join(pages)
    for paragraph in (*side("nato-1949@fr:5")[2].paragraphs,
                      *side("liptako-gourma-2023@fr:6")[2].paragraphs):
        words = paragraph.full_text.split()
        assert " ".join(words[:8]) in whole and " ".join(words[-6:]) in whole
    assert "Provenance of the texts" in whole and "63 Stat. 2241" in whole
    again = tmp_path / "again.pdf"
    runner.invoke(main, ["compare", "nato-1949@fr:5", "liptako-gourma-2023@fr:6",
                         "-o", str(again)])
    assert again.read_bytes() == out.read_bytes()  # no clock in the file


SCREEN_READER_WORDS = ("[deleted", "[inserted", "[moved", "The texts side by side")


@pytest.mark.parametrize("left,right", [("nato-1949@fr:5", "liptako-gourma-2023@fr:6"),
                                        ("nato-1949@en:5", "anzus-1951@en:4")])  # moves too
def test_pdf_numbers_changes_within_the_sentence_and_has_no_screen_reader_words(
        pdf_tools, runner, tmp_path, left, right):
    out = tmp_path / "r.pdf"
    result = runner.invoke(main, ["compare", left, right, "-o", str(out)])
    assert result.exit_code == 0, result.output
    lines = [line.strip() for page in pdf_tools.PdfReader(str(out)).pages
             for line in page.extract_text().replace("\x00", "").splitlines()]
    # A change number is drawn in the line, as on screen (WeasyPrint made each
    # inline-flex number a block of its own, cutting the sentence around it).
    redline = lines[:lines.index("The changes, in order")]
    assert [line for line in redline if re.fullmatch(r"[\d\s,;]+", line)] == []
    # What screen readers hear is not in the text layer: copying from the PDF
    # gives the texts (the HTML report keeps those words, as generated content).
    whole = " ".join(lines)
    assert [words for words in SCREEN_READER_WORDS if words in whole] == []


def test_pdf_hyphenates_a_word_longer_than_the_column(pdf_tools, runner, tmp_path):
    # WeasyPrint hyphenates with the text's lang (Pyphen): a word of letters
    # breaks at hyphens. A run of digits has no hyphenation point: it breaks
    # bare, as a hyphen would read as part of the number (docs/reports.md).
    word, number = "methyl" * 40 + "amine", "1234567890" * 28
    out = compared(tmp_path, {"en": [
        (f"The Parties shall ban {word} and report {number} at once.",
         f"The Parties shall restrict {word} and report {number} at once.")]},
        "mx-2000:1", "mx-2001:1", "long.pdf")
    lines = [line.strip() for line in
             pdf_tools.PdfReader(str(out)).pages[0].extract_text().splitlines()]
    cut = [line for line in lines if "methyl" in line and not line.endswith("amine")]
    assert len(cut) >= 4 and all(line.endswith("\u2010") for line in cut)  # a hyphen at each cut
    column = [line for line in lines if re.fullmatch(r"\d{10,}", line)]
    assert len(column) >= 4  # the number, cut bare


def test_collation_prints_to_pdf(pdf_tools, runner, tmp_path):
    out = tmp_path / "family.pdf"
    result = runner.invoke(main, ["collate", "nato-1949@fr:5", "liptako-gourma-2023@fr:6",
                                  "-o", str(out)])
    assert result.exit_code == 0, result.output
    pages = pdf_pages(pdf_tools, out)
    assert pages[0].endswith(f"Page 1 of {len(pages)}")
    whole = " ".join(pages)
    assert "Similarity matrix" in whole and "Family tree" in whole
    assert "y compris l'emploi de la force armée" in whole
    assert [words for words in SCREEN_READER_WORDS if words in whole] == []
    result = runner.invoke(main, ["collate", "nato-1949@fr:5", "liptako-gourma-2023@fr:6",
                                  "-o", str(tmp_path / "family.docx")])
    assert result.exit_code == 2 and not (tmp_path / "family.docx").exists()


def test_without_weasyprint_the_pdf_is_a_clear_error(runner, tmp_path, monkeypatch):
    from treatycmp.export import pdf

    def broken():
        raise OSError("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(pdf, "_weasyprint", broken)
    out = tmp_path / "r.pdf"
    result = runner.invoke(main, ["compare", "nato-1949@fr:5", "liptako-gourma-2023@fr:6",
                                  "-o", str(out)])
    assert result.exit_code == 1 and not out.exists()
    assert "WeasyPrint cannot load: cannot load library 'libpango-1.0-0'" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("left,right", [
    (["An armed attack against one of them is an attack against all.",
      "Each Party shall assist the Party so attacked."],
     ["Each Party shall assist the Party so attacked.",
      "An armed attack against one of them is an attack against all."]),  # moved, alone
    (["The Parties agree.", "Each Party shall report to the Council."],
     ["The Parties agree.", "A new paragraph with other words entirely."]),  # alone both sides
    (["One."], ["One."]),
])
def test_every_json_row_has_the_same_keys_and_rebuilds_its_texts(left, right):
    """Audit 4, F20: a row alone had ``text`` and no ``diff`` unless a run of
    it moved; now every row has every key, and its diff rebuilds its texts."""
    def provision(texts, n):
        return Provision("article", f"art_{n}", n, f"Article {n}", None, tuple(
            Paragraph(f"art_{n}__para_{k}", None, t) for k, t in enumerate(texts, 1)), True)

    lp, rp = provision(left, "1"), provision(right, "2")
    treaty = store.load_treaty(CORPUS, "nato-1949")
    version = treaty.version("en")
    data = json.loads(comparison_to_json(compare_provisions(lp, rp), (treaty, version, lp),
                                         (treaty, version, rp), ""))
    keys = {frozenset(row) for row in data["paragraphs"]}
    assert len(keys) == 1, keys
    for row in data["paragraphs"]:
        assert len(row["moves"]) == len(row["diff"])
        lefts = "".join(l for _, l, _ in row["diff"])
        rights = "".join(r for _, _, r in row["diff"])
        if not row["rights"]:
            assert row["text"] == lefts and rights == ""
        elif not row["lefts"]:
            assert row["text"] == rights and lefts == ""
        else:
            assert row["text"] is None
