"""Names in file names: a person's name becomes plain ASCII letters without losing letters that do not
decompose into a letter and an accent (before: "Małgorzata Nowak" -> "magorzata-nowak")."""

from __future__ import annotations

import pytest

from docgen.harvest.labels import file_stem
from docgen.outfiles import ascii_letters
from docgen.prefill import StaffRow


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Małgorzata Nowak", "malgorzata-nowak"),
        ("Siân ap Rhŷs", "sian-ap-rhys"),
        ("Søren Ærøskøbing", "soren-aeroskobing"),
        ("Þóra Straße", "thora-strasse"),
        ("Niamh O'Connor", "niamh-o-connor"),  # near miss: plain letters stay as they were
    ],
)
def test_a_name_keeps_all_its_letters_in_a_file_name(name, slug):
    assert StaffRow(line=2, supervisee=name).slug() == slug


def test_export_file_names_spell_out_letters_too():
    assert file_stem("Łódź visits") == "lodz_visits"
    assert ascii_letters("Gwenllïan Œuvre") == "Gwenllian OEuvre"
    assert ascii_letters("名前") == ""  # no Latin letters: nothing, and the caller falls back ("row", "table")
    assert StaffRow(line=2, supervisee="名前").slug() == "row"
