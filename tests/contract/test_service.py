"""The shared answer: checks, then the operation's action on the caller's registry and photo sink."""

import base64
import doctest
import json

from conformance import signing, spec
from conformance.contract import service as service_module
from conformance.contract import Accepted, RateLimiter, Rejected
from conformance.contract.service import ContractService

AUTH, PHOTOS = spec.operations()
PNG = spec.example_body(PHOTOS)["photoBase64Str"]


def request(path, payload, key="key"):
    body = json.dumps(payload, ensure_ascii=False).encode()
    headers = {"H-XM-AppId": "app", "H-XM-V": "2.0", "Content-Type": spec.CONTENT_TYPE, "Authorization": signing.sign(key, "POST", path, body=body)}
    return "POST", path, headers, body


def service(stored, **kw):
    return ContractService({"app": "key"}, registered_name={"11010519491231002X": "小米"}.get,
                           store_photo=lambda *photo: stored.append(photo) or "9f1c6f2e-5d0a-4f7e-8a1b-2c3d4e5f6a7b", **kw)


def test_actions_use_the_callers_registry_and_sink():
    stored = []
    auth = service(stored).decide(*request(AUTH, {"name": "大米", "idNumber": "11010519491231002X"}))
    assert isinstance(auth.outcome, Accepted)
    assert json.loads(auth.response.body)["data"]["resultCode"] == 1
    upload = service(stored).decide(*request(PHOTOS, {"photoType": 12, "photoBase64Str": PNG, "phoneNumber": "13800138000", "operator": ""}))
    assert json.loads(upload.response.body)["data"]["identityInfo"] == {"bucket": "identity", "photoId": "9f1c6f2e-5d0a-4f7e-8a1b-2c3d4e5f6a7b", "photoType": 12}
    assert stored == [(12, "13800138000", "", base64.b64decode(PNG))]


def test_head_decides_alone_and_rejections_carry_the_quota():
    limited = service([], limiter=RateLimiter(limit=1))
    method, path, headers, body = request(AUTH, {"name": "小米", "idNumber": "11010519491231002X"})
    assert limited.head(method, path, headers) is None
    assert limited.head("GET", path, headers).outcome.error_key == "wrong_method"
    assert limited.decide(method, path, headers, body).response.status == 200
    second = limited.decide(method, path, headers, body)
    assert isinstance(second.outcome, Rejected) and second.response.status == spec.error("rate_limited").status
    assert ("X-RateLimit-Remaining", "0") in second.response.headers


def test_without_a_limiter_nothing_is_counted():
    free = service([])
    args = request(AUTH, {"name": "小米", "idNumber": "11010519491231002X"})
    limit, window = spec.rate_limit()
    for _ in range(3):
        headers = dict(free.decide(*args).response.headers)
    assert (headers["X-RateLimit-Remaining"], headers["X-RateLimit-Reset"]) == (str(limit), str(window))


def test_module_examples():
    assert doctest.testmod(service_module).failed == 0
