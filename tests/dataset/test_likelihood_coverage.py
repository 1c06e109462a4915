# SPDX-License-Identifier: EUPL-1.2
"""Issue 10, item 1: the default dataset rates interruption likelihood on sourced data or labelled
judgements for (nearly) every subject, and each figure added for it is there with its source.

Expected values are typed from the sources themselves (the press reports and the agenda page named
in each row), not from dosa's output."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dosa.dataset import Dataset, load_dataset
from dosa.model.vocab import JudgementKind
from dosa.risk import assess
from dosa.risk.method import Harm

REPO = Path(__file__).resolve().parents[2]
DOC = REPO / "docs" / "dataset.md"


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_dataset()


@pytest.fixture(scope="module")
def coverage(dataset: Dataset) -> dict[str, float]:
    results = assess(dataset, uncertainty=False).results
    return {r.subject.id: r.harms[Harm.INTERRUPTION].likelihood.coverage for r in results}


def test_at_least_ninety_percent_of_subjects_have_half_their_likelihood_on_data(coverage: dict[str, float]) -> None:
    covered = [subject for subject, share in coverage.items() if share >= 0.5]
    assert len(coverage) == 50
    assert len(covered) >= 45, sorted(set(coverage) - set(covered))


def test_no_subject_rests_on_missing_data_defaults_alone(coverage: dict[str, float]) -> None:
    assert [subject for subject, share in coverage.items() if share == 0.0] == []


# (share id, subject, holder, value, source): read in the source named, not computed by dosa.
ADDED_SHARES = [
    ("trendforce-dram-4q24-samsung", "memory_chips", "samsung", 39.3, "trendforce_dram_4q24"),
    ("trendforce-dram-4q24-sk_hynix", "memory_chips", "sk_hynix", 36.6, "trendforce_dram_4q24"),
    ("trendforce-dram-4q24-micron", "memory_chips", "micron", 22.4, "trendforce_dram_4q24"),
    ("idc-phones-2024-apple", "mobile_devices", "apple", 18.7, "idc_phones_2024"),
    ("idc-phones-2024-samsung", "mobile_devices", "samsung", 18.0, "idc_phones_2024"),
    ("idc-phones-2024-xiaomi", "mobile_devices", "xiaomi", 13.6, "idc_phones_2024"),
    ("litho-ms-2023-asml", "duv_lithography", "asml", 94.2, "litho_ms_2023"),
    ("litho-ms-2023-nikon", "duv_lithography", "nikon", 3.1, "litho_ms_2023"),
    ("litho-ms-2023-canon", "duv_lithography", "canon", 2.8, "litho_ms_2023"),
    ("synergy-dc-2024-us", "data_centres", "US", 54.0, "synergy_dc_2024"),
    ("iea-actm-2024-cn", "li_ion_batteries", "CN", 80.0, "iea_actm_2024"),
    ("trendforce-mature-2023-cn", "mature_node_chips", "CN", 29.0, "trendforce_mature_2023"),
    ("trendforce-mature-2023-tw", "mature_node_chips", "TW", 49.0, "trendforce_mature_2023"),
    ("artw-erp-2024-oracle", "enterprise_applications", "oracle", 6.63, "artw_erp_2024"),
    ("artw-erp-2024-sap", "enterprise_applications", "sap", 6.57, "artw_erp_2024"),
    ("gnss-owner-gps-us", "gps", "US", 100.0, "gnss_owners"),
]


@pytest.mark.parametrize(("key", "subject", "holder", "value", "source"), ADDED_SHARES)
def test_each_added_share_is_present_with_its_source(
    dataset: Dataset, key: str, subject: str, holder: str, value: float, source: str
) -> None:
    share = dataset.shares[key]
    assert (share.subject, share.holder, share.value, share.citation.source) == (subject, holder, value, source)
    cited = dataset.sources[source]
    assert cited.url
    assert cited.licence
    assert cited.year


def test_derived_shares_state_their_formula_in_both_languages(dataset: Dataset) -> None:
    derived = [s for s in dataset.shares.values() if s.derived and not s.id.startswith(("ref-", "crm23-"))]
    assert len(derived) >= 10
    for share in derived:
        assert share.note, share.id
        assert share.note_nl, share.id
        assert "/" in share.note, share.id
        assert "/" in share.note_nl, share.id


def test_data_centre_shares_follow_the_synergy_statement(dataset: Dataset) -> None:
    # Synergy: the US holds 54 %, "Europe and China each accounting for about a third of the balance".
    assert dataset.shares["synergy-dc-2024-cn"].value == pytest.approx((100 - 54) / 3, abs=0.05)
    assert dataset.shares["synergy-dc-2024-europe"].value == pytest.approx((100 - 54) / 3, abs=0.05)


def test_every_judgement_added_for_issue_10_is_labelled_and_has_dutch_text(dataset: Dataset) -> None:
    dutch = [j for j in dataset.judgements.values() if j.rationale_nl]
    assert len(dutch) >= 70
    for judgement in dutch:
        assert judgement.rationale.startswith("Judgement:"), judgement.id
        assert judgement.rationale_nl.startswith("Oordeel:"), judgement.id
        assert judgement.citation.quote, judgement.id
        assert judgement.citation.page, judgement.id


def test_agenda_verdicts_are_in_the_data(dataset: Dataset) -> None:
    # Lithography (ASML) is an EU strength (p. 11); NL is a crypto-producing nation (p. 32).
    for subject in ("euv_lithography", "duv_lithography", "cryptographic_products"):
        mutual = [
            j for j in dataset.judgements.values() if j.subject == subject and j.kind is JudgementKind.MUTUAL_DEPENDENCE
        ]
        assert mutual, subject
        assert min(j.low for j in mutual) >= 0.7, subject
    results = {r.subject.id: r for r in assess(dataset, uncertainty=False).results}
    for subject in ("euv_lithography", "duv_lithography"):
        assert results[subject].harms[Harm.INTERRUPTION].likelihood_class.value in ("A", "B"), subject
    assert results["cryptographic_products"].harms[Harm.INTERRUPTION].risk.value != "high"


def test_docs_list_every_source_with_its_licence(dataset: Dataset) -> None:
    text = DOC.read_text(encoding="utf-8")
    missing = [key for key in dataset.sources if f"`{key}`" not in text]
    assert missing == []


def test_docs_coverage_table_names_every_subject_with_its_share(coverage: dict[str, float]) -> None:
    text = DOC.read_text(encoding="utf-8")
    match = re.search(r"<!-- coverage:start -->\n(.*?)<!-- coverage:end -->", text, re.S)
    assert match, "docs/dataset.md lacks the coverage table"
    rows = dict(re.findall(r"^\| `(\w+)` \| (\d+)% \|", match.group(1), re.M))
    assert set(rows) == set(coverage)
    for subject, share in coverage.items():
        assert int(rows[subject]) == round(share * 100), subject
