"""The `awskms://` secrets provider as the Pulumi CLI keeps it in a stack file (pulumi/pulumi `pkg/secrets/cloud`):
`encryptedkey` is a data key from KMS GenerateDataKey, stored encrypted (base64); each `secure:` value is
AES-256-GCM under that key. A stack file with `secretsprovider:` but no `encryptedkey:` gets a new key on first
use, written back into the file. Every KMS call is authorised against the key policy and the caller's role.
"""

import base64
import os
from urllib.parse import parse_qs, urlparse

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from .moto_admin import admin_client
from .state_backend import Caller, authorize_kms, key_policy


class KmsSecrets:
    def __init__(self, provider: str, caller: Caller) -> None:
        parsed = urlparse(provider)
        if parsed.scheme != "awskms":
            raise ValueError(f"the Pulumi stand-in knows only awskms:// secrets providers, not {provider!r}")
        self.alias = parsed.netloc + parsed.path  # alias/<name>, resolved in the caller's account and region
        self.region = parse_qs(parsed.query).get("region", [caller.region])[0]
        self.caller, self.kms = caller, caller.client("kms")
        self._identity = caller.identity_policy()

    def _authorize(self, action: str) -> None:
        admin = admin_client(self.caller.account, "kms", self.region)
        key_arn = admin.describe_key(KeyId=self.alias)["KeyMetadata"]["Arn"]
        authorize_kms(self.caller, self._identity, action, key_arn, self.caller.account,
                      key_policy(key_arn, self.region))  # fmt: skip

    def new_data_key(self) -> tuple[bytes, str]:
        self._authorize("kms:GenerateDataKey")
        made = self.kms.generate_data_key(KeyId=self.alias, KeySpec="AES_256")
        return made["Plaintext"], base64.b64encode(made["CiphertextBlob"]).decode()

    def data_key(self, encrypted_key: str) -> bytes:
        self._authorize("kms:Decrypt")
        return self.kms.decrypt(CiphertextBlob=base64.b64decode(encrypted_key))["Plaintext"]


def encrypt(key: bytes, plaintext: str) -> str:
    nonce = os.urandom(12)
    sealed = AESGCM(key).encrypt(nonce, plaintext.encode(), None)
    return f"v1:{base64.b64encode(nonce).decode()}:{base64.b64encode(sealed).decode()}"


def decrypt(key: bytes, ciphertext: str) -> str:
    version, nonce, sealed = ciphertext.split(":")
    if version != "v1":
        raise ValueError(f"unknown secret format {version!r}")
    return AESGCM(key).decrypt(base64.b64decode(nonce), base64.b64decode(sealed), None).decode()
