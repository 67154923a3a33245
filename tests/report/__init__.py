"""Tests of docgen.report: the compliance checks, the roster, the report files and what they keep private."""
