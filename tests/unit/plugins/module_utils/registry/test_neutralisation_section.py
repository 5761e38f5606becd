# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ``neutralisation:`` section of platform.yml at load time: its shape, its licensed options, its model."""

from __future__ import annotations

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.registry.inventory_model import build_inventory_model
from ansible_collections.divalto.cloud.plugins.module_utils.registry.load import RegistryError, load_registry


def problems_of(registry):
    with pytest.raises(RegistryError) as caught:
        load_registry(str(registry.root))
    return [str(problem) for problem in caught.value.problems]


def test_the_example_section_reaches_the_model(example_model):
    section = example_model["vars"]["divalto_platform"]["neutralisation"]
    assert list(section) == ["outgoing_mail", "scheduled_jobs", "ebics", "external_connectors"]
    assert section["ebics"]["licensed_option"] == "ebics_ts"


@pytest.mark.parametrize(
    "change, expected",
    [
        (lambda s: s.update(Mail={"statements": [{"name": "a", "sql": "b"}]}), "neutralisation"),
        (lambda s: s["ebics"].update(statements=[]), "neutralisation.ebics.statements"),
        (lambda s: s["ebics"]["statements"][0].update(database="crm"), "neutralisation.ebics.statements[0].database"),
        (lambda s: s["ebics"]["statements"][0].update(sql=""), "neutralisation.ebics.statements[0].sql"),
        (lambda s: s["ebics"]["statements"][0].pop("name"), "neutralisation.ebics.statements[0]"),
        (lambda s: s["ebics"].update(enabled=False), "neutralisation.ebics"),
    ],
)
def test_shape(registry, change, expected):
    registry.edit("platform.yml", lambda doc: change(doc["neutralisation"]))
    found = problems_of(registry)
    assert any(p.startswith("platform.yml: platform: %s" % expected) for p in found), found


def test_a_licensed_option_outside_the_catalogue_is_refused(registry):
    registry.edit("platform.yml", lambda doc: doc["neutralisation"]["ebics"].update(licensed_option="ebics"))
    assert problems_of(registry) == [
        "platform.yml: platform: neutralisation.ebics.licensed_option: expected one of platform.licensed_options "
        "(payroll, wms, extranet_portal, ebics_ts, bi, edi), got 'ebics'"
    ]


def test_a_statement_name_is_given_once(registry):
    registry.edit(
        "platform.yml",
        lambda doc: doc["neutralisation"]["ebics"]["statements"][0].update(name="disable_outgoing_mail"),
    )
    assert problems_of(registry) == [
        "platform.yml: platform: neutralisation.ebics.statements[0].name: expected a name of its own (also "
        "neutralisation.outgoing_mail.statements[0]), got 'disable_outgoing_mail'"
    ]


def test_without_the_section_the_model_has_none(registry):
    registry.edit("platform.yml", lambda doc: doc.pop("neutralisation"))
    model = build_inventory_model(load_registry(str(registry.root)))
    assert "neutralisation" not in model["vars"]["divalto_platform"]
