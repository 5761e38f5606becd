#!/usr/bin/python
# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

DOCUMENTATION = r"""
module: access_review_report
short_description: Write the access review as JSON, Markdown and self-contained HTML
version_added: 0.1.0
author:
  - divalto.cloud engineering (@divalto-cloud)
description:
  - Writes the review returned by M(divalto.cloud.access_review) into O(dest) as
    C(access_review-<the review's time, e.g. 20261201T080000Z>.json) (for machines, and the next review's previous
    one), C(.md) and C(.html) (for the people who sign it off - one page with its style inline, referencing nothing
    outside itself).
  - The files hold accounts, DNs and key fingerprints - written readable by their owner and group only (0640).
  - Usually run on the controller (C(delegate_to=localhost)).
extends_documentation_fragment:
  - divalto.cloud.report_files
options:
  dest:
    required: true
  review:
    description: The review returned by M(divalto.cloud.access_review).
    type: dict
    required: true
seealso:
  - module: divalto.cloud.access_review
"""

EXAMPLES = r"""
- name: Write the review
  divalto.cloud.access_review_report:
    dest: /var/lib/divalto/access_review
    review: "{{ reviewed.review }}"
  delegate_to: localhost
"""

RETURN = r"""
json_path:
  description: The JSON review.
  returned: always
  type: str
  sample: /var/lib/divalto/access_review/access_review-20261201T080000Z.json
markdown_path:
  description: The Markdown review.
  returned: always
  type: str
  sample: /var/lib/divalto/access_review/access_review-20261201T080000Z.md
html_path:
  description: The self-contained HTML review.
  returned: always
  type: str
  sample: /var/lib/divalto/access_review/access_review-20261201T080000Z.html
"""

import os

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.divalto.cloud.plugins.module_utils.core.report_files import (
    ReportFilesError,
    ensure_directory,
    write_if_changed,
)
from ansible_collections.divalto.cloud.plugins.module_utils.identity.access_report import report_files


def main():
    module = AnsibleModule(
        argument_spec=dict(dest=dict(type="path", required=True), review=dict(type="dict", required=True)),
        supports_check_mode=True,
    )
    dest, review = module.params["dest"], module.params["review"]
    try:
        files = report_files(review)
    except (KeyError, TypeError, AttributeError) as error:
        module.fail_json(
            msg="review: not the review of divalto.cloud.access_review (%s: %s)" % (type(error).__name__, error)
        )
    paths = {kind: os.path.join(dest, name) for kind, (name, _text) in files.items()}
    changed = False
    try:
        ensure_directory(dest, module.check_mode)
        for kind, (_name, text) in sorted(files.items()):
            changed = write_if_changed(paths[kind], text, module.check_mode, mode=0o640) or changed
    except (ReportFilesError, OSError) as error:
        module.fail_json(msg="cannot write the access review in %s: %s" % (dest, error))
    module.exit_json(changed=changed, json_path=paths["json"], markdown_path=paths["markdown"], html_path=paths["html"])


if __name__ == "__main__":
    main()
