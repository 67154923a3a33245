"""Tests of docgen.policy: reading a policy (YAML safety, located errors, hostile inputs), its frequency rules."""
