"""pybankid as a line-by-line shim: one JSON command per stdin line, one JSON answer per stdout line.

The node test (test/interop/pybankid.test.ts) decides what to do and asserts on what pybankid returned;
this file only calls the library. Usage: python pybankid_shim.py <apiUrl> <client.p12> <serverCa.pem>,
with the PKCS#12 passphrase in BANKID_P12_PASSPHRASE.
"""

import json
import os
import sys
import tempfile
import time
from urllib.parse import urljoin

from bankid import BankIDClient
from bankid.certutils import split_certificate
from bankid.exceptions import BankIDError

ENDPOINTS = {
    "auth": "auth",
    "phone_auth": "phone/auth",
    "sign": "sign",
    "phone_sign": "phone/sign",
    "collect": "collect",
    "cancel": "cancel",
}


def connect(api_url: str, p12: str, server_ca: str, workdir: str) -> BankIDClient:
    # pybankid's own helper turns the RP's PKCS#12 into the PEM pair it loads.
    certificates = split_certificate(p12, workdir, os.environ["BANKID_P12_PASSPHRASE"])
    client = BankIDClient(certificates=certificates, test_server=True)
    # pybankid knows only BankID's two hosts: point it at the simulator and trust the simulator's root.
    client.api_url = api_url
    for name, path in ENDPOINTS.items():
        setattr(client, f"_{name}_endpoint", urljoin(api_url, path))
    client.ctx.load_verify_locations(cafile=server_ca)
    return client


class Shim:
    def __init__(self, client: BankIDClient) -> None:
        self.client = client
        # orderRef -> (when the start answer arrived, qrStartToken, qrStartSecret), for the QR helper.
        self.started: dict = {}

    def run(self, command: dict):
        op = command["op"]
        if op in ("auth", "sign"):
            start = self.client.authenticate if op == "auth" else self.client.sign
            answer = start(**command["args"])
            self.started[answer["orderRef"]] = (time.time(), answer["qrStartToken"], answer["qrStartSecret"])
            return answer
        if op == "phone_auth":
            return self.client.phone_authenticate(**command["args"])
        if op == "collect":
            return self.client.collect(command["orderRef"])
        if op == "cancel":
            return self.client.cancel(command["orderRef"])
        if op == "qr":
            start_t, token, secret = self.started[command["orderRef"]]
            return self.client.generate_qr_code_content(token, start_t, secret)
        raise ValueError(f"unknown op {op}")


def main() -> None:
    api_url, p12, server_ca = sys.argv[1:4]
    with tempfile.TemporaryDirectory() as workdir:
        shim = Shim(connect(api_url, p12, server_ca, workdir))
        print(json.dumps({"ok": True, "ready": True}), flush=True)
        for line in sys.stdin:
            try:
                answer = {"ok": True, "value": shim.run(json.loads(line))}
            except BankIDError as error:
                described = {"class": type(error).__name__, "rfa": error.rfa, "json": error.json, "message": str(error)}
                answer = {"ok": False, "error": described}
            except Exception as error:  # noqa: BLE001 - reported to the test, which fails on it
                answer = {"ok": False, "error": {"class": type(error).__name__, "message": str(error)}}
            print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main()
