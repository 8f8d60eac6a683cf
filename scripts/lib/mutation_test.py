"""The loop every validator's self-test runs: break a good input one way at a
time and check that the validator notices each break.

A validator that accepts everything would pass its own happy-path check; the
mutations are its negative controls, so a check that cannot fail shows up as
a FAIL line here.
"""
from __future__ import annotations

import copy
from typing import Any, Callable, Iterable


class Tally:
    """Counts passed and failed checks and prints one `ok`/`FAIL` line for each."""

    def __init__(self) -> None:
        self.passed = 0
        self.failed = 0

    def record(self, ok: bool, message: str) -> None:
        if ok:
            self.passed += 1
        else:
            self.failed += 1
        print(f"{'ok  ' if ok else 'FAIL'} {message}")

    def add(self, passed: int, failed: int) -> None:
        self.passed += passed
        self.failed += failed

    def summary(self, name: str) -> int:
        """Prints the totals; the exit status: 1 when any check failed."""
        print(f"{name}: {self.passed} passed, {self.failed} failed")
        return 1 if self.failed else 0


def run_mutations(
    good: Any,
    mutations: Iterable[tuple[str, Callable[[Any], Any]]],
    verdict: Callable[[str, Any], tuple[bool, str]],
    tally: Tally,
) -> None:
    """Applies each mutation to a deep copy of `good` and records `verdict(label, broken)`:
    whether the validator caught it, and a detail to print."""
    for label, mutate in mutations:
        broken = copy.deepcopy(good)
        try:
            mutate(broken)
        except (KeyError, IndexError) as error:
            tally.record(False, f"{label}: mutation does not apply to this input ({error!r})")
            continue
        caught, detail = verdict(label, broken)
        tally.record(caught, f"{label}: {detail}")


def refused(problems: list[str]) -> tuple[bool, str]:
    """The verdict for validators that return a list of problems: caught when there is one."""
    return (True, f"refused ({problems[0][:120]})") if problems else (False, "accepted, should have been refused")
