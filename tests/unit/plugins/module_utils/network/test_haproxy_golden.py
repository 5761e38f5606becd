# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Golden haproxy.cfg of every DMZ proxy of inventories/example, compared byte for byte.

The fixtures were generated once, reviewed line by line, and frozen. When a
change of the example registry or of the rendering is intended, regenerate
them with ``make golden`` and review the diff before committing it.
"""

from __future__ import annotations

import pathlib

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.network.haproxy import haproxy_config

FIXTURES = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "haproxy"
# The example's proxies have a certificate of their own for one customer host name;
# every other host name is served with the default (wildcard) certificate.
SETTINGS = {"certificate_names": ["erp.acme-industries.fr"]}
EXAMPLE_PROXIES = ["dmz-par1-01", "dmz-par1-02", "dmz-sxb1-01"]


def render(example_platform, proxy):
    return haproxy_config(proxy, example_platform, SETTINGS)["config"]


def test_every_example_proxy_has_a_golden_file(example_model):
    assert sorted(example_model["groups"]["role_reverse_proxy"]["hosts"]) == EXAMPLE_PROXIES
    assert sorted(path.stem for path in FIXTURES.glob("*.cfg")) == EXAMPLE_PROXIES


@pytest.mark.parametrize("proxy", EXAMPLE_PROXIES)
def test_golden_config(example_platform, proxy, golden):
    golden(FIXTURES / ("%s.cfg" % proxy), render(example_platform, proxy))
