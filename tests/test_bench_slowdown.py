"""The benchmark's slowdown figure (bench/viewers.py): viewers' pages opened while the
officer's file is checked and loaded, over the same viewers' pages with no load, at most 1.5x."""

from __future__ import annotations

from bench.upload import LoadTimes
from bench.viewers import Watched, slowdown_figure


def test_only_pages_opened_while_the_file_is_checked_and_loaded_count():
    unloaded = Watched([1.0, 1.0, 1.2], [], None, 0.0, (0.0, 1.0, 2.0))
    # Two pages before the file was given (the officer signing in), three during, one after.
    during = Watched([1.0, 1.0, 1.4, 1.5, 1.6, 9.0], [], LoadTimes(5.0, 10.0, (10.0, 20.0)),
                     0.0, (1.0, 2.0, 11.0, 12.0, 19.0, 21.0))
    figure = slowdown_figure("3 viewers", during, unloaded)
    assert (figure.value, figure.floor) == (1.5, 1.0)
    assert figure.ratio == 1.5 and figure.met and figure.target == "<= 1.5x"
    assert "3 pages" in figure.name


def test_a_load_that_doubles_the_viewers_page_time_is_not_met():
    unloaded = Watched([1.0], [], None, 0.0, (0.0,))
    during = Watched([2.0, 2.2], [], LoadTimes(None, 3.0, (0.0, 5.0)), 0.0, (1.0, 2.0))
    assert not slowdown_figure("3 viewers", during, unloaded).met
