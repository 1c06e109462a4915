# SPDX-License-Identifier: EUPL-1.2
"""Owner and involved-party text mapped to canonical organisations."""

from __future__ import annotations

import pytest

from dosa.agenda import ImportResult, OrganisationIndex, default_index, load_organisations
from dosa.dataset import default_dataset_path, load_dataset_with_report
from dosa.errors import InputError
from dosa.model import Organisation
from dosa.model.vocab import OrganisationKind


@pytest.fixture(scope="module")
def index() -> OrganisationIndex:
    return default_index()


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        ("EZK, BHOS, \nI&W", ("ezk", "bhos", "ienw")),
        ("QDNL, EZK, \nBZ", ("qdnl", "ezk", "bz")),
        ("J&V, JenV, JenV.", ("jenv",)),
        ("I&W, IenW", ("ienw",)),
        ("DEF, Defensie", ("def",)),
        ("Financiën", ("fin",)),
        ("BZ/BHOS", ("bz", "bhos")),
        ("BZK/Defensie", ("bzk", "def")),
        ("o.a. EZK, J&V en OCW", ("ezk", "jenv", "ocw")),
        ("JenV (NCSC), BZK (NBV, CIO Rijk), IenW.", ("jenv", "ncsc", "bzk", "nbv", "cio_rijk", "ienw")),
        ("EZK (dcypher)", ("ezk", "dcypher")),
        ("BZK, Stichting NLnet", ("bzk", "nlnet")),
        ("Per sector/thema verantwoordelijk departement", ("rijksoverheid",)),
        (
            "Departementen, bedrijven, kennis- en onderwijsinstellingen, regionale AI hubs",
            ("rijksoverheid", "bedrijfsleven", "kennisinstellingen", "ai_hubs"),
        ),
        ("Europese Commissie, uitvoeringsorganisaties", ("ec", "uitvoeringsorganisaties")),
        ("ezk", ("ezk",)),
    ],
)
def test_party_text_maps_to_ids(index: OrganisationIndex, text: str, ids: tuple[str, ...]) -> None:
    parties = index.parties(text)
    assert parties.ids == ids
    assert parties.unknown == ()


def test_nog_te_bepalen_is_not_an_organisation(index: OrganisationIndex) -> None:
    for text in ("N.t.b.", "n.n.b.", "N.t.b. "):
        parties = index.parties(text)
        assert parties.ids == ()
        assert parties.unknown == ()
        assert parties.placeholders
    mixed = index.parties("ACM, IenW, \nn.n.b.")
    assert mixed.ids == ("acm", "ienw")
    assert mixed.placeholders == ("n.n.b.",)
    remark = index.parties("Diverse departementen, NEN, afhankelijk van standaardproces")
    assert remark.ids == ("rijksoverheid", "nen")
    assert remark.unknown == ()


def test_unknown_names_are_returned_not_dropped(index: OrganisationIndex) -> None:
    parties = index.parties("EZK, Kustwacht, Havenbedrijf Rotterdam")
    assert parties.ids == ("ezk",)
    assert parties.unknown == ("Kustwacht", "Havenbedrijf Rotterdam")
    assert not parties.complete


def test_every_party_in_the_agenda_is_known(imported: ImportResult, index: OrganisationIndex) -> None:
    assert not [w for w in imported.warnings if "matches no organisation" in w.message]
    for action in imported.actions:
        assert index.parties(action.owners_text).ids == action.owners
        assert index.parties(action.involved_text).ids == action.involved
        if action.owners_text:
            assert action.owners, action.id
    owners = {o for a in imported.actions for o in a.owners}
    assert {"ezk", "bzk", "jenv", "ienw", "def", "bz", "bhos", "ocw", "fin", "vws", "szw", "nctv", "qdnl"} <= owners


def test_shipped_organisations_are_valid_and_complete() -> None:
    organisations = load_organisations()
    ids = [o.id for o in organisations]
    assert len(ids) == len(set(ids))
    assert all(i == i.lower() for i in ids)
    ministries = {o.id for o in organisations if o.kind is OrganisationKind.MINISTRY}
    assert ministries == {"az", "bz", "bhos", "bzk", "def", "ezk", "fin", "ienw", "jenv", "lnv", "ocw", "szw", "vws"}
    assert {"qdnl", "surf", "tno", "nctv", "aivd", "rvo", "nwo"} <= set(ids)
    for organisation in organisations:
        assert organisation.name_nl
        assert organisation.name_en
    OrganisationIndex(organisations)  # aliases are unambiguous
    _, report = load_dataset_with_report(default_dataset_path())
    assert not [p for p in report.problems if p.file == "organisations.yaml"]


def test_ambiguous_alias_is_refused() -> None:
    a = Organisation(id="a", abbreviation="A", name_nl="Een", name_en="One", kind=OrganisationKind.OTHER)
    b = Organisation(
        id="b", abbreviation="B", name_nl="Twee", name_en="Two", kind=OrganisationKind.OTHER, aliases=("a",)
    )
    with pytest.raises(InputError, match="ambiguous"):
        OrganisationIndex([a, b])
