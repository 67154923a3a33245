"""Tests of the commands: docgen generate, demo, exit codes, write failures, packaging."""
