#!/usr/bin/env python3
"""Reads coverlet's Cobertura report(s), prints line and branch coverage of Core, Api and Worker, and checks the floors.

Usage: coverage-floor.py REPORT.xml [REPORT.xml ...]
Floors (environment): COVERAGE_MIN_LINES (default 93), COVERAGE_MIN_BRANCHES (85), COVERAGE_MIN_FILE_LINES (70).
Generated code is excluded deliberately: EF Core migrations, obj/ (source generators), *.g.cs.
Exit 0 when every floor holds, 1 otherwise (each breach printed).
"""
import os
import re
import sys
import xml.etree.ElementTree as ET

ASSEMBLIES = ("AgentPlatform.Core", "AgentPlatform.Api", "AgentPlatform.Worker")
GENERATED = re.compile(r"(/Migrations/|/obj/|\.g\.cs$)")


def main(paths):
    # (assembly, file) -> {line number: hits}, {(line, branch index): covered}
    lines, branches = {}, {}
    for path in paths:
        root = ET.parse(path).getroot()
        for package in root.iter("package"):
            assembly = package.get("name")
            if assembly not in ASSEMBLIES:
                continue
            for cls in package.iter("class"):
                filename = cls.get("filename").replace("\\", "/")
                if GENERATED.search(filename):
                    continue
                key = (assembly, filename)
                file_lines = lines.setdefault(key, {})
                file_branches = branches.setdefault(key, {})
                for line in cls.iter("line"):
                    number = int(line.get("number"))
                    file_lines[number] = max(file_lines.get(number, 0), int(line.get("hits")))
                    condition = line.get("condition-coverage")
                    if line.get("branch") == "True" and condition:
                        covered, total = map(int, re.search(r"\((\d+)/(\d+)\)", condition).groups())
                        previous = file_branches.get(number, (0, total))
                        file_branches[number] = (max(previous[0], covered), total)

    def rate(covered, total):
        return 100.0 * covered / total if total else 100.0

    totals = {"lines": [0, 0], "branches": [0, 0]}
    print("Coverage (coverlet, Cobertura; generated code excluded):")
    for assembly in ASSEMBLIES:
        files = [k for k in lines if k[0] == assembly]
        lc = sum(1 for k in files for h in lines[k].values() if h > 0)
        lt = sum(len(lines[k]) for k in files)
        bc = sum(c for k in files for c, _ in branches[k].values())
        bt = sum(t for k in files for _, t in branches[k].values())
        totals["lines"][0] += lc; totals["lines"][1] += lt
        totals["branches"][0] += bc; totals["branches"][1] += bt
        print(f"  {assembly:22} lines {rate(lc, lt):5.1f}% ({lc}/{lt})  branches {rate(bc, bt):5.1f}% ({bc}/{bt})")
    line_rate = rate(*totals["lines"])
    branch_rate = rate(*totals["branches"])
    print(f"  {'together':22} lines {line_rate:5.1f}%  branches {branch_rate:5.1f}%")

    min_lines = float(os.environ.get("COVERAGE_MIN_LINES", 93))
    min_branches = float(os.environ.get("COVERAGE_MIN_BRANCHES", 85))
    min_file = float(os.environ.get("COVERAGE_MIN_FILE_LINES", 70))
    low = sorted((rate(sum(1 for h in v.values() if h > 0), len(v)), k[1]) for k, v in lines.items() if v)
    breaches = []
    if line_rate < min_lines:
        breaches.append(f"line coverage {line_rate:.1f}% is under the floor of {min_lines:g}%")
    if branch_rate < min_branches:
        breaches.append(f"branch coverage {branch_rate:.1f}% is under the floor of {min_branches:g}%")
    for file_rate, filename in low:
        if file_rate < min_file:
            breaches.append(f"{filename}: {file_rate:.1f}% of lines, under the per-file floor of {min_file:g}%")
    print("  lowest files: " + ", ".join(f"{os.path.basename(f)} {r:.0f}%" for r, f in low[:5]))
    for breach in breaches[:15]:
        print(f"  COVERAGE FLOOR: {breach}")
    if len(breaches) > 15:
        print(f"  COVERAGE FLOOR: ... and {len(breaches) - 15} more")
    return 1 if breaches else 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        print(__doc__)
        sys.exit(2)
    sys.exit(main(sys.argv[1:]))
