"""Tests of the modules every stage shares: errors and their code tables, dates."""
