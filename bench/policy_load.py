"""Time loading each shipped policy and resolving every form it defines. Prints a table.

python bench/policy_load.py [--repeat N]
"""

from __future__ import annotations

import argparse

import yaml
from _timing import median_ms

from docgen.forms.validate import build_all
from docgen.policy import load_policy
from docgen.resources import shipped_policies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    paths = list(shipped_policies())
    w = max(len(p.stem) for p in paths) + 2  # the policy column fits the longest name
    print(f"{'policy':<{w}}{'yaml.safe_load ms':>19}{'docgen load ms':>16}{'all forms ms':>14}{'forms':>7}")
    for path in paths:
        text = path.read_text()
        baseline = median_ms(lambda t=text: yaml.safe_load(t), args.repeat)  # peer: PyYAML alone, no checks
        load = median_ms(lambda p=path: load_policy(p), args.repeat)
        loaded = load_policy(path)
        forms = median_ms(lambda lp=loaded: build_all(lp), args.repeat)
        print(f"{path.stem:<{w}}{baseline:>19.2f}{load:>16.2f}{forms:>14.2f}{len(loaded.policy.documents.forms):>7}")


if __name__ == "__main__":
    main()
