"""Each form carries the agency's own title: `documents.forms.<kind>.title` in the policy, else
its agreement variant's `title`, else the template's title (the default); which one was used is
recorded (`title_from`). Expected titles are typed here from the policies' YAML, not taken from
the code."""

import pytest
import yaml

from docgen.errors import ProblemsFound
from docgen.forms import build_form, form_keys
from docgen.forms.schema import spec_to_dict
from docgen.policy import load_policy, load_policy_text
from tests.helpers.policies import POLICIES, SHIPPED, minimal_policy, pos

# (policy, form) -> (title, where it comes from), for the forms whose title the policy states or
# a variant gives; the seeds' captions that were the titles before are below
EXPECTED = {
    ("hertfordshire", "agreement:direct"): (
        "Supervision contract: staff in direct contact with children and families",
        "variant",
    ),
    ("hertfordshire", "agreement:indirect"): (
        "Supervision contract: staff without direct contact with children and families",
        "variant",
    ),
    ("hertfordshire", "session-record"): ("Record of safeguarding supervision", "policy"),
    ("hertfordshire", "case-record"): ("Case supervision record", "policy"),
    ("worcestershire", "agreement"): ("Supervision agreement", "policy"),
    ("sussex", "agreement"): ("Supervision agreement", "policy"),
    ("worcestershire", "session-record"): ("Record of Safeguarding Supervision", "template"),
    ("leeds", "session-record"): ("Record of Supervision", "template"),
}
SEED_CAPTIONS = {
    "Recording Template Example",
    "Family Discussion (include analysis/risk assessment)",
    "Supervision Contract",
    "Sample Supervision Agreement",
}


@pytest.mark.parametrize(("policy", "key"), sorted(EXPECTED))
def test_each_form_has_the_agencys_title(policy, key):
    title, source = EXPECTED[(policy, key)]
    spec = build_form(load_policy(POLICIES / f"{policy}.yaml"), key)
    assert spec.title == title
    assert spec.title_from == source
    assert spec_to_dict(spec)["title_from"] == source  # `docgen spec` says whether a default was used


def test_the_table_agrees_with_the_policies_yaml():
    """The stated titles above are the ones written in the YAML (so the table is not the code's)."""
    for (policy, key), (title, source) in EXPECTED.items():
        data = yaml.safe_load((POLICIES / f"{policy}.yaml").read_text(encoding="utf-8"))
        entry = data["documents"]["forms"][key]
        if source == "policy":
            assert entry["title"] == title
        elif source == "variant":
            variant = next(v for v in data["agreement"]["variants"] if v["id"] == key.partition(":")[2])
            assert variant["title"] == title and isinstance(entry, str)


def test_no_form_of_a_shipped_policy_is_titled_with_a_seed_caption():
    titles = {}
    for path in SHIPPED:
        loaded = load_policy(path)
        for key in form_keys(loaded):
            titles[(path.stem, key)] = build_form(loaded, key).title
    assert not [k for k, t in titles.items() if t in SEED_CAPTIONS], titles
    # two variants of one agreement are told apart by their titles
    assert titles[("hertfordshire", "agreement:direct")] != titles[("hertfordshire", "agreement:indirect")]


def test_a_stated_title_wins_over_the_variants():
    text = (POLICIES / "hertfordshire.yaml").read_text(encoding="utf-8")
    old = "    agreement:direct: hertfordshire_contract_direct\n"
    assert old in text
    text = text.replace(old, '    agreement:direct: {template: hertfordshire_contract_direct, title: "Our contract"}\n')
    loaded = load_policy_text(text, str(POLICIES / "hertfordshire.yaml"))
    assert build_form(loaded, "agreement:direct").title == "Our contract"
    assert build_form(loaded, "agreement:direct").title_from == "policy"
    assert build_form(loaded, "agreement:indirect").title_from == "variant"


def test_without_a_title_the_templates_is_the_default():
    loaded = load_policy_text(minimal_policy())
    spec = build_form(loaded, "session-record")
    assert (spec.title, spec.title_from) == ("Record of Supervision", "template")
    titled = minimal_policy(
        **{
            "session-record: generic_session_record": (
                'session-record: {template: generic_session_record, title: "Note of supervision"}'
            )
        }
    )
    spec = build_form(load_policy_text(titled), "session-record")
    assert (spec.title, spec.title_from) == ("Note of supervision", "policy")


def test_a_misspelt_key_in_a_form_entry_says_did_you_mean():
    text = minimal_policy(
        **{
            "session-record: generic_session_record": (
                'session-record: {template: generic_session_record, tilte: "Note of supervision"}'
            )
        }
    )
    with pytest.raises(ProblemsFound) as info:
        load_policy_text(text, "p.yaml")
    found = info.value.problems
    assert [p.code for p in found] == ["unknown-key"]
    assert found[0].path == "documents.forms.session-record.tilte"
    assert (found[0].line, found[0].column) == pos(text, "tilte")
    assert 'did you mean "title"' in found[0].hint


def test_a_form_entry_needs_its_template():
    text = minimal_policy(
        **{"session-record: generic_session_record": 'session-record: {title: "Note of supervision"}'}
    )
    with pytest.raises(ProblemsFound) as info:
        load_policy_text(text, "p.yaml")
    assert [(p.code, p.path) for p in info.value.problems] == [
        ("missing-key", "documents.forms.session-record.template")
    ]
