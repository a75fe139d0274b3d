#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Parse the KTAP that Anvil's in-kernel runner prints.

Leaf results ("ok N name" at any nesting) are test cases; a plan ("1..N")
promises how many results follow at its level, and a result missing
because the run ended early counts as a failure.
"""
import re

RESULT = re.compile(r'^(\s*)(not ok|ok) (\d+) ([^#]*?)\s*(#\s*(SKIP|TODO)?.*)?$')
PLAN = re.compile(r'^(\s*)1\.\.(\d+)$')
SUBTEST = re.compile(r'^(\s*)# Subtest: (.*)$')


class Report:
    def __init__(self):
        self.cases = []		# (name, "pass" | "fail" | "skip")
        self.problems = []	# what is missing or malformed

    @property
    def passed(self):
        return sum(1 for _, r in self.cases if r == "pass")

    @property
    def failed(self):
        return sum(1 for _, r in self.cases if r == "fail") + len(self.problems)


def parse(text):
    rep = Report()
    if "KTAP version 1" not in text:
        rep.problems.append("no KTAP output")
        return rep
    plans = {}		# indent -> promised results
    seen = {}		# indent -> results so far
    suite = {}		# indent of the cases -> suite name
    for line in text.splitlines():
        line = line.rstrip()
        m = PLAN.match(line)
        if m:
            ind = len(m.group(1))
            plans[ind] = int(m.group(2))
            seen[ind] = 0
            continue
        m = SUBTEST.match(line)
        if m:
            suite[len(m.group(1))] = m.group(2)
            continue
        m = RESULT.match(line)
        if not m:
            continue
        ind = len(m.group(1))
        seen[ind] = seen.get(ind, 0) + 1
        if ind > 0:	# a case inside a suite
            name = "%s.%s" % (suite.get(ind, "?"), m.group(4))
            if m.group(6) == "SKIP":
                rep.cases.append((name, "skip"))
            else:
                rep.cases.append((name, "pass" if m.group(2) == "ok" else "fail"))
            continue
        # a suite result: its cases must all have been reported
        inner = [i for i in plans if i > 0]
        for i in inner:
            if seen.get(i, 0) != plans[i]:
                rep.problems.append("suite %s: %d of %d cases reported"
                                    % (m.group(4), seen.get(i, 0), plans[i]))
            del plans[i]
            seen.pop(i, None)
    for ind, n in plans.items():
        if seen.get(ind, 0) != n:
            rep.problems.append("%d of %d results reported (run ended early)" % (seen.get(ind, 0), n))
    return rep
