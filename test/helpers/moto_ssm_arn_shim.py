"""TEST-ONLY: moto_server with SSM resource-level IAM checks, as AWS evaluates them.

moto 5 authorises every SSM action against Resource "*" (SimpleSystemManagerResponse has no
`_determine_resource`), so with INITIAL_NO_AUTH_ACTION_COUNT a policy scoped to
`parameter/myapp/dev/*` is denied its own path. This shim, loaded in the moto process, hands
moto's own authoriser the parameter ARNs AWS evaluates: one per name in `Name` / `Names`
(selector `:3` / `:label` dropped), the path ARN for `GetParametersByPath` (`Path`). Every
ARN must be allowed (as AWS requires for GetParameters). Nothing else about moto changes.

Usage: python3 moto_ssm_arn_shim.py -H 127.0.0.1 -p PORT  (same arguments as moto_server)
Used by test/integration/needs/scoped-identity.test.ts.
"""
import sys

from moto import settings
from moto.core.authorization import ActionAuthenticatorMixin
from moto.server import main
from moto.ssm.responses import SimpleSystemManagerResponse


def _parameter_arns(response):
    names = []
    for key in ("Name", "Path"):
        value = response._get_param(key)
        if isinstance(value, str):
            names.append(value)
    value = response._get_param("Names")
    if isinstance(value, list):
        names.extend(v for v in value if isinstance(v, str))
    arns = []
    for name in names:
        name = name.split(":", 1)[0] if not name.startswith("arn:") else name
        if name.startswith("arn:"):
            arns.append(name)
            continue
        path = name if name.startswith("/") else "/" + name
        arns.append(
            f"arn:aws:ssm:{response.region}:{response.current_account}:parameter{path}"
        )
    return arns


_original = SimpleSystemManagerResponse._authenticate_and_authorize_normal_action


def _authorize_each_parameter(self, resource="*"):
    enforcing = (
        ActionAuthenticatorMixin.request_count >= settings.INITIAL_NO_AUTH_ACTION_COUNT
    )
    arns = _parameter_arns(self) if enforcing else []
    if not arns:
        return _original(self, resource)
    for arn in arns:
        _original(self, arn)


SimpleSystemManagerResponse._authenticate_and_authorize_normal_action = (
    _authorize_each_parameter
)

if __name__ == "__main__":
    main(sys.argv[1:])
