# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What an operator or an AWX survey can put in a request's extra vars, for the fuzzers of the request checks; the
requests the tests build."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from hypothesis import strategies as st


def request_values(samples):
    """Any JSON-like value: scalars (with ``samples``, plausible words of the request), lists and dicts of them."""
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=True),
        st.text(max_size=40),
        st.sampled_from(samples),
    )
    return st.recursive(
        scalars,
        lambda children: st.one_of(
            st.lists(children, max_size=4), st.dictionaries(st.text(max_size=10), children, max_size=4)
        ),
        max_leaves=10,
    )


def request_of(spec, **given):
    """A playbook's request as its first play passes it: every variable of ``spec``, None when not ``given``."""
    values = {variable.name: None for variable in spec}
    values.update(given)
    return values


def request_builder(variables: Iterable[str], good: Mapping[str, Any]) -> Callable[..., dict[str, Any]]:
    """``request(**changes)``: a playbook's request, every one of ``variables`` (None when not given), ``good``, then
    the ``changes``."""
    names = tuple(variables)

    def request(**changes: Any) -> dict[str, Any]:
        values: dict[str, Any] = dict.fromkeys(names)
        values.update(good)
        values.update(changes)
        return values

    return request
