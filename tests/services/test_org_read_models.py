"""The organizer's services hand pages typed read models, never bare dicts (issue 14, item 1)."""

from __future__ import annotations

import dataclasses
import typing

import pytest

from riskmodel.services import measures, panels, rounds

TYPED = [
    (measures, "add_measure"),
    (measures, "update_measure"),
    (measures, "list_measures"),
    (rounds, "list_rounds"),
    (panels, "add_member"),
    (panels, "update_member"),
    (panels, "declare_conflict"),
    (panels, "list_panel"),
    (panels, "check_panel"),
    (panels, "record_panel_override"),
    (panels, "set_self_assessment"),
    (panels, "my_membership"),
]


def _is_read_model(tp) -> bool:
    return dataclasses.is_dataclass(tp) and tp.__dataclass_params__.frozen


@pytest.mark.parametrize(("module", "name"), TYPED, ids=[f"{m.__name__.rsplit('.', 1)[-1]}.{n}" for m, n in TYPED])
def test_the_functions_pages_read_return_frozen_read_models(module, name):
    returned = typing.get_type_hints(getattr(module, name))["return"]
    origin, args = typing.get_origin(returned), typing.get_args(returned)
    if origin is list or origin is tuple:
        returned = args[0]
    elif args:  # X | None
        returned = next(a for a in args if a is not type(None))
    assert returned is not dict and _is_read_model(returned), f"{name} returns {returned}"
