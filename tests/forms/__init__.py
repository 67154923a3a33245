"""Tests of docgen.forms: field types, templates and the resolved form spec they make."""
