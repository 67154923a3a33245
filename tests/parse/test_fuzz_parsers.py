"""A short, derandomized run of the parser fuzzer (tests/helpers/fuzz_parsers.py; .ci/run runs it for
90 s with fresh randomness): mutated real forms give a record or a FormError, nothing else."""

from tests.helpers.fuzz_parsers import OUTCOMES, fuzz


def test_mutated_forms_give_a_record_or_a_form_error():
    OUTCOMES.clear()
    fuzz(60, derandomize=True)
    assert sum(OUTCOMES.values()) >= 60  # every case was parsed (PDFs twice: fast reader and qpdf)
    assert OUTCOMES["read"] and len(OUTCOMES) > 2  # some read, some refused with several codes
