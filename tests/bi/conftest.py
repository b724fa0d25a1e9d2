"""What the browser tests share: Debian's Chromium driven by Playwright, free ports, a folder for the
screenshots (data/test-artifacts/, or IOC_TEST_ARTIFACTS), and stopping a server's process group."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.status == 200
    except OSError:
        return False


@contextmanager
def serving(command: list[str], health_url: str, env: dict, log_path: Path, timeout: float) -> Iterator[None]:
    """Run a server (in a process group of its own) until ``health_url`` answers 200; stop it, and all it
    started, on leaving. Fails the test with the end of the server's log if it exits or never answers."""
    with log_path.open("w") as log:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
        try:
            deadline = time.monotonic() + timeout
            while not _answers(health_url):
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"{command[-2:]} did not answer {health_url} (exit code {proc.poll()}):\n"
                                f"{log_path.read_text()[-5000:]}")
                time.sleep(1)
            yield
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait()


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium (Debian's, as Playwright cannot download its own here)."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Debian's chromium is needed: apt-get install -y chromium"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def artifacts_for(name: str) -> Path:
    folder = Path(os.environ.get("IOC_TEST_ARTIFACTS") or ROOT / "data" / "test-artifacts") / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder
