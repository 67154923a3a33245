"""The policy's version in words for footers: a stated date as "Month YYYY", never an invented one."""

from docgen.policy.versionline import version_line


def test_version_with_a_stated_date_in_words_or_iso():
    assert version_line("1.2", "March 2025") == "Version 1.2, March 2025"
    assert version_line("1.2", "2025-03-14") == "Version 1.2, March 2025"


def test_version_without_a_date_invents_none():
    assert version_line("1.0") == "Version 1.0"
    assert version_line("1.0", "") == "Version 1.0"


def test_version_already_carrying_its_date_or_written_in_words():
    assert version_line("9.2 (last reviewed March 2021)", "March 2021") == "Version 9.2 (last reviewed March 2021)"
    assert version_line("No. 63, January 2025") == "No. 63, January 2025"
    assert version_line("Standard 5") == "Standard 5"
