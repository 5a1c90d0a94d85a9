"""The progress bar: only for long runs on a terminal, never in pipes or CI, erased at the end."""

from __future__ import annotations

import io

import pytest

from mzcheck.core.progress import Progress


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(autouse=True)
def _not_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("CI", "MZCHECK_NO_PROGRESS"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("TERM", "xterm")


def _run(stream: io.StringIO, seconds: float, total: int = 1000) -> str:
    clock = FakeClock()
    with Progress(total, "读取 / reading", "rows", stream=stream, clock=clock) as bar:
        for done in range(0, total + 1, 100):
            clock.now += seconds / 10
            bar.update(done)
    return stream.getvalue()


def test_a_long_run_on_a_terminal_shows_the_bar_then_erases_it() -> None:
    out = _run(FakeTTY(), seconds=5)
    assert "读取 / reading" in out and "[" in out and "/1,000 rows" in out
    assert " 50%" in out and "100%" in out
    assert out.endswith("\r\x1b[K")  # the last thing written clears the line for stdout's output


def test_a_quick_run_shows_nothing() -> None:
    assert _run(FakeTTY(), seconds=0.5) == ""


def test_a_pipe_shows_nothing() -> None:
    assert _run(io.StringIO(), seconds=5) == ""


@pytest.mark.parametrize("var", ["CI", "MZCHECK_NO_PROGRESS"])
def test_ci_or_the_switch_shows_nothing(monkeypatch: pytest.MonkeyPatch, var: str) -> None:
    monkeypatch.setenv(var, "true")
    assert _run(FakeTTY(), seconds=5) == ""


def test_redraws_are_throttled() -> None:
    stream = FakeTTY()
    clock = FakeClock()
    with Progress(10_000, "检查 / checking", stream=stream, clock=clock) as bar:
        clock.now += 2
        for done in range(10_000):  # ten thousand updates within the same instant: one drawing
            bar.update(done)
    assert stream.getvalue().count("检查 / checking") == 1


def test_unknown_total_shows_the_count() -> None:
    stream = FakeTTY()
    clock = FakeClock()
    with Progress(None, "读取 / reading", "rows", stream=stream, clock=clock) as bar:
        clock.now += 3
        bar.update(123_456)
    assert "123,456 rows" in stream.getvalue() and "%" not in stream.getvalue()
