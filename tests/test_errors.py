"""Tests of calcnotes.errors."""

from __future__ import annotations

import numpy as np
import pytest

from calcnotes.errors import DomainError
from calcnotes.numdiff import derivative


def test_domain_error_is_a_value_error() -> None:
    assert issubclass(DomainError, ValueError)


def test_domain_error_is_raised_with_a_message_naming_the_point() -> None:
    with pytest.raises(DomainError, match=r"x = -1\.0"):
        derivative(np.log, -1.0)


def test_domain_error_is_caught_as_value_error() -> None:
    try:
        derivative(np.sqrt, -4.0)
    except ValueError as err:
        assert isinstance(err, DomainError)
    else:  # pragma: no cover - the call must raise
        pytest.fail("no error raised")
