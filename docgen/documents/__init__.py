"""Read-only documents built from the policy on the same document tree as the forms: the agency's
policy document (policy_document.py) and the training handouts (handouts.py)."""
