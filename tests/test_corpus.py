"""The shipped corpus: every file validates, versions agree, metadata is complete."""

from __future__ import annotations

import pytest

from treatycmp import store
from conftest import CORPUS

CORPUS_DATA = store.load_corpus(CORPUS)
TREATIES = {t.id: t for t in CORPUS_DATA.treaties}


def test_every_shipped_file_validates():
    count, problems = store.check_files([CORPUS])
    assert count >= 5
    assert [str(p) for p in problems] == []


def test_corpus_loads_without_problems():
    assert [str(p) for p in CORPUS_DATA.problems] == []
    assert {"nato-1949", "liptako-gourma-2023"} <= TREATIES.keys()


@pytest.mark.parametrize("treaty", CORPUS_DATA.treaties, ids=lambda t: t.id)
def test_language_versions_share_one_article_structure(treaty):
    """Every version lists the same articles; where two versions both give an
    article's text, they have the same number of paragraphs."""
    base = treaty.versions[0]
    keys = [p.key for p in base.provisions() if p.kind != "preamble" and p.kind != "conclusions"]
    divisions = [(d.eid, d.kind) for d in base.divisions()]
    for other in treaty.versions[1:]:
        assert [p.key for p in other.provisions()
                if p.kind not in ("preamble", "conclusions")] == keys, (base.lang, other.lang)
        assert [(d.eid, d.kind) for d in other.divisions()] == divisions
        for left, right in zip(base.articles, other.articles):
            if left.transcribed and right.transcribed:
                assert len(left.paragraphs) == len(right.paragraphs), left.eid


@pytest.mark.parametrize("treaty", CORPUS_DATA.treaties, ids=lambda t: t.id)
def test_no_shipped_treaty_is_a_draft(treaty):
    assert not treaty.is_draft
    assert store.draft_placeholders(CORPUS / treaty.id) is None


def test_every_shipped_file_is_on_the_current_schema_version():
    for path in (p for p in CORPUS.glob("*/*.xml") if p.parent.name != "alignments"):
        head = path.read_text(encoding="utf-8")[:400]
        assert f'schemaVersion="{store.SCHEMA_VERSION}"' in head, path


@pytest.mark.parametrize("treaty", CORPUS_DATA.treaties, ids=lambda t: t.id)
def test_metadata_is_complete(treaty):
    work = treaty.work
    assert work.citations or work.no_citation_reason
    assert work.authentic_languages and work.status and work.parties
    for version in treaty.versions:
        assert version.sources, version.path
        for provision in version.provisions():
            if provision.transcribed:
                assert provision.checked, f"{version.path}: {provision.eid} names no source"
            else:
                assert provision.notes, f"{version.path}: {provision.eid} says not why"


@pytest.mark.parametrize("treaty", CORPUS_DATA.treaties, ids=lambda t: t.id)
def test_translations_are_flagged_and_authentic_texts_listed(treaty):
    for version in treaty.versions:
        if version.is_authentic:
            assert version.lang in treaty.work.authentic_languages
        else:
            assert version.translation_of and version.lang not in treaty.work.authentic_languages


def _article(treaty_id, lang, n):
    return TREATIES[treaty_id].version(lang).find(n)


def test_flagship_articles_are_transcribed():
    for ref in (("nato-1949", "en", "5"), ("nato-1949", "fr", "5"),
                ("liptako-gourma-2023", "fr", "6")):
        assert _article(*ref).transcribed, ref
    assert len(_article("nato-1949", "fr", "5").paragraphs) == 2
    assert len(_article("liptako-gourma-2023", "fr", "6").paragraphs) == 1


def test_charter_is_french_authentic_with_an_unofficial_english_translation():
    charter = TREATIES["liptako-gourma-2023"]
    assert charter.work.authentic_languages == ("fr",)
    assert charter.version("fr").is_authentic
    english = charter.version("en")
    assert english.authority == "unofficial-translation" and english.translator == "treatycmp"


def test_nato_article_6_is_the_amended_wording_and_accounts_for_the_1949_one():
    """The 1951 Protocol's wording is current; the 1949 wording is kept as
    <superseded>, or a note says why it could not be (never silently dropped)."""
    nato = TREATIES["nato-1949"]
    for version in nato.versions:
        assert version.state_kind == "as-amended" and "1951" in version.state
        art6 = version.find("6")
        for wording in art6.superseded:
            assert wording.effective.isoformat() == "1952-02-15"
        if not art6.superseded:
            assert any("1949" in note for note in art6.notes), version.lang


def test_authentic_wording_keeps_accents_and_capitals():
    charter6 = _article("liptako-gourma-2023", "fr", "6").paragraphs[0].text
    assert "y compris l" in charter6 and "force armée" in charter6 and "sécurité" in charter6
    nato5 = _article("nato-1949", "fr", "5").paragraphs[0].text
    assert nato5.startswith("Les Parties conviennent") and "Amérique du Nord" in nato5
