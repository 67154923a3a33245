"""Tests of docgen.render: Word and PDF forms as docgen writes them, and as real clients fill them."""
