"""Real local servers for integration tests: a free loopback port, start, wait until ready, stop."""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running(
    name: str, cmd: list[str], log: Path, ready: Callable[[], bool], timeout_s: float
) -> Iterator[subprocess.Popen]:
    """Run `cmd` (output to `log`) until `ready()`; fail with the log's tail if it never is."""
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + timeout_s
        while not ready():
            if proc.poll() is not None or time.monotonic() > deadline:
                tail = log.read_text(errors="replace")[-2000:]
                pytest.fail(
                    f"{name} did not come up within {timeout_s:.0f} s (exit {proc.poll()}):\n{tail}"
                )
            time.sleep(0.25)
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)
