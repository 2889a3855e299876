"""Benchmark runner: literature OPTW/TOPTW and OPHS instances through the tour solver's core.

`python -m benchmarks run --help`. Any folder of instance files in these formats works; see README.
"""
