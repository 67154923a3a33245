"""docgen: safeguarding supervision paperwork from one policy YAML.

Pipeline (one sub-package per stage): policy -> spec -> render -> parse -> harvest -> report.
"""

__version__ = "0.1.0"
