#!/usr/bin/env python3
"""Writes training/validation-domains.txt: the wcxb-dev domains held out for validation.

A domain is held out when the first byte of the MD5 of its name is below 64 (about a quarter of
the domains): deterministic, independent of file order, and whole sites stay on one side.
Usage: python3 training/split-domains.py ../shared/datasets/wcxb-dev/index.csv > training/validation-domains.txt
"""
import csv
import hashlib
import sys

domains = sorted({row["domain"] for row in csv.DictReader(open(sys.argv[1], newline=""))})
held = [d for d in domains if hashlib.md5(d.encode()).digest()[0] < 64]
print("# wcxb-dev validation domains: md5(domain)[0] < 64; written by training/split-domains.py")
print("\n".join(held))
