"""Tests of docgen.parse: reading filled forms back, refusing damaged and hostile files, fuzzing the readers."""
