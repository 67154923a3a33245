"""Tests of docgen.documents: the policy document and the training handouts."""
