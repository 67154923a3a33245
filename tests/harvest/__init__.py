"""Tests of docgen.harvest: folders of filled forms into SQLite, its worker processes, exports, tampered forms."""
