"""Tests of docgen/formats: the DOCX layer that render and parse share."""
