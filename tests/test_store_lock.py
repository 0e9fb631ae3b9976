"""The corpus lock: across processes exactly one holder; within a process, re-entrant."""

from __future__ import annotations

import subprocess
import sys

import pytest

from scraper.store.lock import CorpusLock, LockHeld, acquire, release

HOLD = """
import sys, time
from pathlib import Path
from scraper.store.lock import CorpusLock
with CorpusLock(Path(sys.argv[1])):
    print("held", flush=True)
    sys.stdin.readline()
"""


def test_second_process_is_refused_until_the_first_lets_go(tmp_path):
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(tmp_path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(LockHeld) as refused:
            acquire(tmp_path)
        assert f"pid {holder.pid}" in str(refused.value)
        assert "\n" not in str(refused.value)
    finally:
        holder.communicate("\n", timeout=30)
    with CorpusLock(tmp_path):
        pass


def test_killed_holder_leaves_no_stale_lock(tmp_path):
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(tmp_path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    holder.kill()
    holder.wait(timeout=30)
    with CorpusLock(tmp_path):
        pass


def test_reentrant_within_one_process(tmp_path):
    first = acquire(tmp_path)
    second = acquire(tmp_path)
    assert first == second
    release(second)
    check = subprocess.run([sys.executable, "-c", HOLD, str(tmp_path)], input="\n", capture_output=True,
                           text=True, timeout=30)
    assert check.returncode != 0 and "LockHeld" in check.stderr  # still held after one release
    release(first)
    check = subprocess.run([sys.executable, "-c", HOLD, str(tmp_path)], input="\n", capture_output=True,
                           text=True, timeout=30)
    assert check.returncode == 0 and check.stdout.strip() == "held"
